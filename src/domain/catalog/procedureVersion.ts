/**
 * A procedure (thủ tục hành chính, TTHC) and the content of one of its versions, as published by a
 * decision (quyết định công bố). A published version never changes: a change is a new version.
 */
export const implementingLevels = ['ministry', 'province', 'commune'] as const;
export type ImplementingLevel = (typeof implementingLevels)[number];

/** toan_trinh: toàn trình (fully online) · mot_phan: một phần (partly) · thong_tin: information only. */
export const onlineLevels = ['toan_trinh', 'mot_phan', 'thong_tin'] as const;
export type OnlineLevel = (typeof onlineLevels)[number];

/** working_days: ngày làm việc · calendar_days: ngày (lịch) · working_hours: giờ làm việc. */
export const timeUnits = ['working_days', 'calendar_days', 'working_hours'] as const;
export type TimeUnit = (typeof timeUnits)[number];

/**
 * Where a dossier of the procedure may be received (tiếp nhận phi địa giới hành chính): only at
 * its competent agency, at any centre of the competent agency's province, or anywhere in the country.
 */
export const receiptReaches = ['none', 'province', 'country'] as const;
export type ReceiptReach = (typeof receiptReaches)[number];

export const versionStatuses = ['draft', 'published', 'superseded'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

export interface ProcessingTime {
  amount: number;
  unit: TimeUnit;
}

/** Thành phần hồ sơ. */
export interface Component {
  code: string;
  name: string;
  required: boolean;
  copies: number;
  /** ban_chinh: original · ban_sao: copy · ban_sao_chung_thuc: certified copy · any: either. */
  form: 'ban_chinh' | 'ban_sao' | 'ban_sao_chung_thuc' | 'any';
  /** JSON Schema of the e-form, when the component is filled online. */
  eformSchema?: Record<string, unknown> | null;
  /** A national database supplies it (e.g. population data): it must not be requested. */
  suppliedByNationalDb?: string | null;
  /** Codes of earlier results that can replace it. */
  replaceableByResults?: string[];
  /** Codes of components of earlier dossiers whose digitized documents can replace it. */
  replaceableByComponents?: string[];
}

/** Trường hợp: a variant with its own components and time. */
export interface ProcedureCase {
  code: string;
  name: string;
  components: Component[];
  time?: { direct: ProcessingTime; online: ProcessingTime } | null;
}

/** Phí, lệ phí in integer đồng. */
export interface Fee {
  code: string;
  name: string;
  amount: number;
  collected: 'before' | 'after';
  exemptions?: string | null;
}

export interface ResultType {
  code: string;
  name: string;
  mustBeSigned: boolean;
  /** The result document's text with `{{…}}` placeholders (domain/results/resultTemplate). */
  template?: string | null;
}

/**
 * A procedure handled in another system that a dossier of this one starts (thủ tục liên thông):
 * the birth registration's permanent-residence registration and health-insurance card.
 */
export interface LinkedProcedure {
  /** The exchange system that handles it (exchange_system.code). */
  system: string;
  procedureCode: string;
  name: string;
}

export interface VersionContent {
  levels: ImplementingLevel[];
  competentAgencyKinds: string[];
  onlineLevel: OnlineLevel;
  crossBoundary: ReceiptReach;
  interAgencyPartners: string[];
  linkedProcedures: LinkedProcedure[];
  components: Component[];
  cases: ProcedureCase[];
  time: { direct: ProcessingTime; online: ProcessingTime };
  sameDayCutoff: boolean;
  fees: Fee[];
  results: ResultType[];
  legalBasis: string[];
  conditions: string | null;
}

/** The components a dossier of one case must carry: the version's own, then the case's. */
export function componentsOf(content: VersionContent, caseCode: string): Component[] {
  return [...content.components, ...(content.cases.find((c) => c.code === caseCode)?.components ?? [])];
}

export interface VersionProblem {
  field: string;
  code: string;
}

const codePattern = /^[A-Za-z0-9._-]{1,40}$/;

function checkComponents(list: Component[], at: string, out: VersionProblem[]): void {
  const seen = new Set<string>();
  list.forEach((c, i) => {
    const f = `${at}[${i}]`;
    if (!codePattern.test(c.code)) out.push({ field: `${f}.code`, code: 'invalid_code' });
    if (seen.has(c.code)) out.push({ field: `${f}.code`, code: 'duplicate_code' });
    seen.add(c.code);
    if (c.name.trim() === '') out.push({ field: `${f}.name`, code: 'required' });
    if (!Number.isInteger(c.copies) || c.copies < 1) out.push({ field: `${f}.copies`, code: 'at_least_one' });
    if (c.required && c.suppliedByNationalDb)
      out.push({ field: `${f}.suppliedByNationalDb`, code: 'supplied_must_not_be_required' });
  });
}

function checkTime(t: ProcessingTime, field: string, out: VersionProblem[]): void {
  if (!(t.amount > 0) || !Number.isFinite(t.amount)) out.push({ field: `${field}.amount`, code: 'positive' });
  if (t.unit === 'working_hours' && !Number.isInteger(t.amount))
    out.push({ field: `${field}.amount`, code: 'whole_hours' });
}

/**
 * The rules a version must keep before it can be saved, whatever its source (editor, import).
 * Field names are JSON paths into the version, for problem+json details.
 */
export function checkVersion(v: VersionContent): VersionProblem[] {
  const out: VersionProblem[] = [];
  if (v.levels.length === 0) out.push({ field: 'levels', code: 'required' });
  if (new Set(v.levels).size !== v.levels.length) out.push({ field: 'levels', code: 'duplicate' });
  checkComponents(v.components, 'components', out);
  const caseCodes = new Set<string>();
  v.cases.forEach((c, i) => {
    if (!codePattern.test(c.code)) out.push({ field: `cases[${i}].code`, code: 'invalid_code' });
    if (caseCodes.has(c.code)) out.push({ field: `cases[${i}].code`, code: 'duplicate_code' });
    caseCodes.add(c.code);
    if (c.name.trim() === '') out.push({ field: `cases[${i}].name`, code: 'required' });
    checkComponents(c.components, `cases[${i}].components`, out);
    if (c.time) {
      checkTime(c.time.direct, `cases[${i}].time.direct`, out);
      checkTime(c.time.online, `cases[${i}].time.online`, out);
    }
  });
  checkTime(v.time.direct, 'time.direct', out);
  checkTime(v.time.online, 'time.online', out);
  const all = [...v.components, ...v.cases.flatMap((c) => c.components)];
  if (v.onlineLevel === 'toan_trinh' && !all.some((c) => c.eformSchema)) {
    out.push({ field: 'components', code: 'online_needs_eform' });
  }
  if (v.onlineLevel !== 'thong_tin' && all.length === 0) out.push({ field: 'components', code: 'required' });
  const feeCodes = new Set<string>();
  v.fees.forEach((f, i) => {
    if (!Number.isInteger(f.amount) || f.amount < 0)
      out.push({ field: `fees[${i}].amount`, code: 'whole_dong' });
    if (feeCodes.has(f.code)) out.push({ field: `fees[${i}].code`, code: 'duplicate_code' });
    feeCodes.add(f.code);
    if (f.name.trim() === '') out.push({ field: `fees[${i}].name`, code: 'required' });
  });
  if (v.results.length === 0) out.push({ field: 'results', code: 'required' });
  const resultCodes = new Set<string>();
  v.results.forEach((r, i) => {
    if (resultCodes.has(r.code)) out.push({ field: `results[${i}].code`, code: 'duplicate_code' });
    resultCodes.add(r.code);
    if (r.name.trim() === '') out.push({ field: `results[${i}].name`, code: 'required' });
  });
  if (v.legalBasis.length === 0) out.push({ field: 'legalBasis', code: 'required' });
  return out;
}

/** National procedure codes (e.g. 1.001193, or locally published 1.003560.000.00.00.H56). */
export const procedureCodePattern = /^[12]\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$/;
/** Codes of example procedures in the demo catalog, clearly not national codes. */
export const exampleCodePattern = /^VD\.\d{6}$/;
