import type { Selectable } from 'kysely';
import type { AdminUnit } from '../../domain/places/adminUnit.js';
import type { AdminUnitTable } from '../../store/schema.js';

/** A unit as the API shows it: the domain's own shape. */
export type AdminUnitView = AdminUnit;

export const adminUnitColumns = [
  'code',
  'name',
  'level',
  'kind',
  'parent_code',
  'valid_from',
  'valid_to',
] as const;

type Row = Pick<Selectable<AdminUnitTable>, (typeof adminUnitColumns)[number]>;

export function toAdminUnitView(r: Row): AdminUnitView {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    kind: r.kind,
    parentCode: r.parent_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}
