import { Tag } from 'antd';
import type { AgencyKind } from '../../../src/domain/agencies/agency.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import type { AdminUnitKind } from '../../../src/domain/places/adminUnit.js';

const unitKindColor: Record<AdminUnitKind, string> = {
  tinh: 'blue',
  thanh_pho: 'purple',
  xa: 'green',
  phuong: 'geekblue',
  dac_khu: 'gold',
};

export function UnitKindTag({ kind }: { kind: AdminUnitKind }) {
  return <Tag color={unitKindColor[kind]}>{vi.adminUnitKind[kind]}</Tag>;
}

export function AgencyKindTag({ kind }: { kind: AgencyKind }) {
  return <Tag>{vi.agencyKind[kind]}</Tag>;
}
