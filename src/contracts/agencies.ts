import { z } from 'zod';
import { agencyCodePattern, agencyKinds } from '../domain/agencies/agency.js';
import { isoDay } from './common.js';

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

/** Registering a new agency under a parent (a ministry or a province's committee has none). */
export const NewAgencyRequest = z
  .strictObject({
    code: agencyCode,
    name: z.string().trim().min(1).max(300),
    kind: z.enum(agencyKinds),
    parentCode: agencyCode.nullable(),
    adminUnitCode: z.string().regex(/^[0-9]{2}([0-9]{3})?$/, 'Mã đơn vị hành chính 2 hoặc 5 chữ số'),
    validFrom: isoDay.optional().describe('Ngày có hiệu lực; mặc định hôm nay'),
  })
  .meta({ id: 'NewAgencyRequest' });

/** A change to an agency: rename, move to another parent, close on a day, or merge into another. */
export const AgencyPatchRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(300).optional(),
    parentCode: agencyCode.optional().describe('Chuyển sang cơ quan cấp trên khác'),
    validTo: isoDay.nullable().optional().describe('Ngày hết hiệu lực (đóng cơ quan); null để mở lại'),
    mergeInto: agencyCode.optional().describe('Sáp nhập vào cơ quan này (đóng từ validTo, mặc định hôm nay)'),
  })
  .meta({ id: 'AgencyPatchRequest' });

/** What an import (or its dry run) does, row by row. */
export const RegisterReport = z
  .object({
    dryRun: z.boolean(),
    created: z.number().int(),
    updated: z.number().int(),
    closed: z.number().int(),
    unchanged: z.number().int(),
    refused: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
    changes: z.array(
      z.object({
        row: z.number().int(),
        code: z.string(),
        outcome: z.enum(['created', 'updated', 'closed']),
      }),
    ),
  })
  .meta({ id: 'RegisterReport' });

/** One revision in an agency's history. */
export const AgencyRevision = z
  .object({
    revision: z.number().int(),
    change: z.enum(['created', 'updated', 'closed', 'merged']),
    name: z.string(),
    parentCode: z.string().nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    successorCode: z.string().nullable(),
    effectiveOn: z.string(),
    changedAt: z.string(),
    changedBy: z.string().nullable(),
    source: z.enum(['api', 'import', 'seed']),
  })
  .meta({ id: 'AgencyRevision' });

export const dryRunQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .describe('true: chỉ kiểm tra và báo cáo, không ghi; false: áp dụng'),
});

export type NewAgencyRequest = z.infer<typeof NewAgencyRequest>;
export type AgencyPatchRequest = z.infer<typeof AgencyPatchRequest>;
export type RegisterReport = z.infer<typeof RegisterReport>;
export type AgencyRevision = z.infer<typeof AgencyRevision>;
