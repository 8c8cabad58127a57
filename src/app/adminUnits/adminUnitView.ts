import type { Selectable } from 'kysely';
import type { AdminUnitKind, AdminUnitLevel } from '../../domain/places/adminUnit.js';
import type { AdminUnitTable } from '../../store/schema.js';

export interface AdminUnitView {
  code: string;
  name: string;
  level: AdminUnitLevel;
  kind: AdminUnitKind;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
}

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
