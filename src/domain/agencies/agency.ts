/**
 * Agency (cơ quan, đơn vị). Kinds:
 * ministry: Bộ, cơ quan ngang bộ · ministry_unit: đơn vị thuộc bộ · province_committee: UBND tỉnh ·
 * department: sở, ban, ngành · province_service_center: Trung tâm PVHCC tỉnh ·
 * commune_committee: UBND xã · commune_service_center: Trung tâm PVHCC xã ·
 * vertical_agency: cơ quan ngành dọc (thuế, công an, bảo hiểm xã hội) in a province.
 */
export const agencyKinds = [
  'ministry',
  'ministry_unit',
  'province_committee',
  'department',
  'province_service_center',
  'commune_committee',
  'commune_service_center',
  'vertical_agency',
] as const;
export type AgencyKind = (typeof agencyKinds)[number];

/**
 * The agencies of local government. An area reaches only these: ministries sit in Hà Nội and
 * vertical agencies (tax, police) in every province, but neither belongs to that province's
 * administrators; nor is either a place to transfer a locally received dossier to by default.
 */
export const localKinds: readonly AgencyKind[] = [
  'province_committee',
  'department',
  'province_service_center',
  'commune_committee',
  'commune_service_center',
];

/**
 * Electronic ID code (mã định danh điện tử, Decision 20/2020/QĐ-TTg): four levels written from the
 * lowest, `LLL.KK.JJ.Xnn`, where Xnn is the level-1 code (G.. central bodies, H.. provinces).
 */
export const agencyCodePattern = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;

export interface Agency {
  code: string;
  name: string;
  kind: AgencyKind;
  parentCode: string | null;
  adminUnitCode: string;
  validFrom: string;
  validTo: string | null;
}

/** Which kinds of parent an agency of a kind may have (null: none). */
const allowedParents: Record<AgencyKind, readonly (AgencyKind | null)[]> = {
  ministry: [null],
  ministry_unit: ['ministry', 'ministry_unit'],
  province_committee: [null],
  department: ['province_committee'],
  province_service_center: ['province_committee'],
  commune_committee: ['province_committee'],
  commune_service_center: ['commune_committee', 'province_service_center'],
  vertical_agency: ['ministry', 'ministry_unit', 'vertical_agency'],
};

export type AgencyProblem =
  | { field: 'code'; reason: 'format' }
  | { field: 'parentCode'; reason: 'kind_not_allowed' }
  | { field: 'validTo'; reason: 'not_after_valid_from' };

export function checkAgency(a: Agency, parentKind: AgencyKind | null): AgencyProblem[] {
  const problems: AgencyProblem[] = [];
  if (!agencyCodePattern.test(a.code)) problems.push({ field: 'code', reason: 'format' });
  if (!allowedParents[a.kind].includes(parentKind)) {
    problems.push({ field: 'parentCode', reason: 'kind_not_allowed' });
  }
  if (a.validTo !== null && a.validTo <= a.validFrom) {
    problems.push({ field: 'validTo', reason: 'not_after_valid_from' });
  }
  return problems;
}
