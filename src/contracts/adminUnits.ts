import { z } from 'zod';
import { adminUnitKinds, adminUnitLevels } from '../domain/places/adminUnit.js';

export const unitCode = z
  .string()
  .regex(/^[0-9]{2}([0-9]{3})?$/, 'Mã gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã)');

export const provinceCode = z.string().regex(/^[0-9]{2}$/, 'Mã tỉnh gồm 2 chữ số');

export const AdminUnit = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.enum(adminUnitLevels),
    kind: z.enum(adminUnitKinds),
    parentCode: z.string().nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
  })
  .meta({ id: 'AdminUnit' });

export const AdminUnitDetail = AdminUnit.extend({
  parent: z.object({ code: z.string(), name: z.string() }).nullable(),
  communeCount: z.number().int().nullable(),
  lineage: z.array(z.object({ code: z.string(), name: z.string(), mergeType: z.enum(['full', 'partial']) })),
}).meta({ id: 'AdminUnitDetail' });

export const AdminUnitLookup = z.object({ items: z.array(AdminUnit), missing: z.array(z.string()) });

export type AdminUnit = z.infer<typeof AdminUnit>;
export type AdminUnitDetail = z.infer<typeof AdminUnitDetail>;
