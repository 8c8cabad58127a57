import { z } from 'zod';
import { agencyCodePattern, agencyKinds } from '../domain/agencies/agency.js';

export const agencyCode = z.string().regex(agencyCodePattern, 'Mã định danh dạng 000.00.00.H01');

export const Agency = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(agencyKinds),
    parentCode: z.string().nullable(),
    adminUnit: z.object({ code: z.string(), name: z.string().nullable() }),
    validFrom: z.string(),
    validTo: z.string().nullable(),
  })
  .meta({ id: 'Agency' });

export const AgencyDetail = Agency.extend({
  parent: z.object({ code: z.string(), name: z.string() }).nullable(),
  childCount: z.number().int(),
}).meta({ id: 'AgencyDetail' });

export type Agency = z.infer<typeof Agency>;
export type AgencyDetail = z.infer<typeof AgencyDetail>;
