/** Administrative unit (đơn vị hành chính) after the 1 July 2025 reform: two tiers, no districts. */
export const adminUnitLevels = ['province', 'commune'] as const;
export type AdminUnitLevel = (typeof adminUnitLevels)[number];

/** tinh: tỉnh, thanh_pho: thành phố trực thuộc TW, xa: xã, phuong: phường, dac_khu: đặc khu. */
export const adminUnitKinds = ['tinh', 'thanh_pho', 'xa', 'phuong', 'dac_khu'] as const;
export type AdminUnitKind = (typeof adminUnitKinds)[number];

export const provinceKinds: readonly AdminUnitKind[] = ['tinh', 'thanh_pho'];
export const communeKinds: readonly AdminUnitKind[] = ['xa', 'phuong', 'dac_khu'];

export const provinceCodePattern = /^[0-9]{2}$/;
export const communeCodePattern = /^[0-9]{5}$/;

export interface AdminUnit {
  code: string;
  name: string;
  level: AdminUnitLevel;
  kind: AdminUnitKind;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export type AdminUnitProblem =
  | { field: 'code'; reason: 'format' }
  | { field: 'kind'; reason: 'not_of_level' }
  | { field: 'parentCode'; reason: 'required' | 'forbidden' }
  | { field: 'validTo'; reason: 'not_after_valid_from' };

/** The rules a unit must keep whatever its source (seed file, future reorganization import). */
export function checkAdminUnit(u: AdminUnit): AdminUnitProblem[] {
  const problems: AdminUnitProblem[] = [];
  const isProvince = u.level === 'province';
  if (!(isProvince ? provinceCodePattern : communeCodePattern).test(u.code)) {
    problems.push({ field: 'code', reason: 'format' });
  }
  if (!(isProvince ? provinceKinds : communeKinds).includes(u.kind)) {
    problems.push({ field: 'kind', reason: 'not_of_level' });
  }
  if (isProvince && u.parentCode !== null) problems.push({ field: 'parentCode', reason: 'forbidden' });
  if (!isProvince && u.parentCode === null) problems.push({ field: 'parentCode', reason: 'required' });
  if (u.validTo !== null && u.validTo <= u.validFrom) {
    problems.push({ field: 'validTo', reason: 'not_after_valid_from' });
  }
  return problems;
}

/** Whether the unit is in force on a day (ISO 'YYYY-MM-DD'; validTo is exclusive). */
export function isValidOn(u: Pick<AdminUnit, 'validFrom' | 'validTo'>, day: string): boolean {
  return u.validFrom <= day && (u.validTo === null || day < u.validTo);
}
