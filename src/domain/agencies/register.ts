import { agencyCodePattern, agencyKinds, checkAgency, type Agency, type AgencyKind } from './agency.js';
import { vi } from '../i18n/vi.js';
import { searchKey } from '../text/searchKey.js';
import { tableHeading } from '../text/tableHeading.js';

/**
 * The official e-ID register (Decision 20/2020/QĐ-TTg) as a table a province or ministry sends:
 * one agency per row. Each column is known by its heading, in Vietnamese or in English.
 */
export const registerColumns = {
  code: ['ma dinh danh', 'ma co quan', 'ma', 'code'],
  name: ['ten co quan', 'ten don vi', 'ten', 'name'],
  kind: ['loai', 'loai co quan', 'kind'],
  parentCode: ['ma co quan cap tren', 'ma cap tren', 'ma don vi cha', 'parent code', 'parent'],
  adminUnitCode: ['ma don vi hanh chinh', 'don vi hanh chinh', 'admin unit', 'unit'],
  validFrom: ['hieu luc tu', 'ngay hieu luc', 'valid from'],
  validTo: ['hieu luc den', 'ngay het hieu luc', 'valid to'],
} as const;
export type RegisterField = keyof typeof registerColumns;
const requiredColumns: RegisterField[] = ['code', 'name', 'kind', 'adminUnitCode', 'validFrom'];

/** Which column holds each field, from the heading row; the required ones missing, if any. */
export const registerHeading = (heading: readonly string[]) =>
  tableHeading(registerColumns, requiredColumns, heading);

/** A row of the file as read: its line number (the heading is line 1) and its cells by field. */
export interface RegisterRow {
  row: number;
  cells: Partial<Record<RegisterField, string>>;
}

/** A reason a row is refused: the field, and what is wrong, in Vietnamese. */
export interface RowRefusal {
  row: number;
  field: string;
  message: string;
  /** Set for the refusals a caller answers differently (another HTTP status, a list to show). */
  reason?: 'holds_dossiers' | 'outside_reach';
}

/** What the register holds already, and what the rows are checked against. */
export interface RegisterFacts {
  /** Every agency, in force or closed. */
  agencies: ReadonlyMap<string, Agency>;
  /** Administrative units in force on the row's date: code → level and province. */
  unitOf: (code: string) => { level: 'province' | 'commune'; provinceCode: string } | undefined;
  /** Dossiers still in progress at an agency (a closing waits until none is left). */
  heldAt: (code: string) => number;
  /** Today, in Vietnam: a registered agency is not closed on a day already past. */
  today: string;
  /** Whether the importer may manage this agency (the parent's or its own reach). */
  mayManage: (agency: Agency, before: Agency | undefined) => boolean;
}

export type RowOutcome = 'created' | 'updated' | 'closed' | 'unchanged';

/** What applying the rows would do: the agencies to write, in an order parents come first. */
export interface RegisterPlan {
  outcomes: { row: number; code: string; outcome: RowOutcome }[];
  refused: RowRefusal[];
  writes: { agency: Agency; outcome: Exclude<RowOutcome, 'unchanged'> }[];
}

const kindByName = new Map<string, AgencyKind>([
  ...agencyKinds.map((k) => [k, k] as [string, AgencyKind]),
  ...agencyKinds.map((k) => [searchKey(vi.agencyKind[k]), k] as [string, AgencyKind]),
]);

/** A date as the register writes it: dd/mm/yyyy or yyyy-mm-dd; null if neither or not a real day. */
export function registerDate(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t) ?? null;
  const iso = m
    ? `${m[3]}-${(m[2] as string).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}`
    : /^\d{4}-\d{2}-\d{2}$/.test(t)
      ? t
      : null;
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** One row as an agency, or the reasons it cannot be one. */
function agencyOfRow(r: RegisterRow): { agency?: Agency; refusals: RowRefusal[] } {
  const refusals: RowRefusal[] = [];
  const cell = (f: RegisterField) => (r.cells[f] ?? '').trim();
  const refuse = (field: RegisterField, message: string) => refusals.push({ row: r.row, field, message });
  const code = cell('code');
  if (!agencyCodePattern.test(code)) refuse('code', vi.register.codeFormat);
  const name = cell('name').normalize('NFC');
  if (name === '' || name.length > 300) refuse('name', vi.register.name);
  else if (name.includes('?') || name.includes('\uFFFD')) refuse('name', vi.register.lostDiacritics);
  const kind = kindByName.get(searchKey(cell('kind')));
  if (!kind) refuse('kind', vi.register.kind);
  const validFrom = registerDate(cell('validFrom'));
  if (!validFrom) refuse('validFrom', vi.register.date);
  const validTo = cell('validTo') === '' ? null : registerDate(cell('validTo'));
  if (validTo === null && cell('validTo') !== '') refuse('validTo', vi.register.date);
  const parentCode = cell('parentCode') === '' ? null : cell('parentCode');
  if (parentCode !== null && !agencyCodePattern.test(parentCode))
    refuse('parentCode', vi.register.codeFormat);
  if (refusals.length > 0 || !kind || !validFrom) return { refusals };
  return {
    agency: { code, name, kind, parentCode, adminUnitCode: cell('adminUnitCode'), validFrom, validTo },
    refusals,
  };
}

const same = (a: Agency, b: Agency) =>
  a.name === b.name &&
  a.kind === b.kind &&
  a.parentCode === b.parentCode &&
  a.adminUnitCode === b.adminUnitCode &&
  a.validFrom === b.validFrom &&
  a.validTo === b.validTo;

/** Where an agency of a kind must sit: a province-level kind in a province, a commune kind in a commune. */
const unitLevel: Partial<Record<AgencyKind, 'province' | 'commune'>> = {
  province_committee: 'province',
  department: 'province',
  province_service_center: 'province',
  commune_committee: 'commune',
  commune_service_center: 'commune',
};

/**
 * Checks every row against the register and the other rows, and says what applying them would
 * do. A row is refused with each of its reasons; the other rows still go in (a refused parent
 * refuses its children). Nothing here writes.
 */
export function planRegister(rows: RegisterRow[], facts: RegisterFacts): RegisterPlan {
  const refused: RowRefusal[] = [];
  const read: { row: number; agency: Agency }[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const { agency, refusals } = agencyOfRow(r);
    refused.push(...refusals);
    if (!agency) continue;
    const first = seen.get(agency.code);
    if (first !== undefined) {
      refused.push({ row: r.row, field: 'code', message: vi.register.duplicate(first) });
      continue;
    }
    seen.set(agency.code, r.row);
    read.push({ row: r.row, agency });
  }
  const inFile = new Map(read.map((x) => [x.agency.code, x.agency]));
  const refusedCodes = new Set<string>();
  const accepted = new Set<string>();
  const outcomes: RegisterPlan['outcomes'] = [];
  const writes: RegisterPlan['writes'] = [];
  for (const { row, agency } of orderParentsFirst(read)) {
    const reasons = rowReasons(agency, facts, inFile, refusedCodes, accepted);
    if (reasons.length > 0) {
      refusedCodes.add(agency.code);
      refused.push(...reasons.map((x) => ({ row, ...x })));
      continue;
    }
    accepted.add(agency.code);
    const before = facts.agencies.get(agency.code);
    const outcome: RowOutcome = !before
      ? 'created'
      : same(before, agency)
        ? 'unchanged'
        : agency.validTo !== null && before.validTo === null
          ? 'closed'
          : 'updated';
    outcomes.push({ row, code: agency.code, outcome });
    if (outcome !== 'unchanged') writes.push({ agency, outcome });
  }
  refused.sort((a, b) => a.row - b.row);
  outcomes.sort((a, b) => a.row - b.row);
  return { outcomes, refused, writes };
}

/** Why one well-formed row cannot be applied (none: it can). */
function rowReasons(
  a: Agency,
  facts: RegisterFacts,
  inFile: ReadonlyMap<string, Agency>,
  refusedCodes: ReadonlySet<string>,
  accepted: ReadonlySet<string>,
): Omit<RowRefusal, 'row'>[] {
  const out: Omit<RowRefusal, 'row'>[] = [];
  const parent =
    a.parentCode === null ? null : (inFile.get(a.parentCode) ?? facts.agencies.get(a.parentCode));
  const before = facts.agencies.get(a.code);
  // Reach first: outside it, the only answer is that (nothing about the agency is told). A new
  // agency under a parent accepted earlier in the same file is within reach as its parent was.
  const underAccepted = before === undefined && a.parentCode !== null && accepted.has(a.parentCode);
  if ((parent || before) && !underAccepted && !facts.mayManage(a, before))
    return [{ field: 'code', message: vi.register.outsideReach, reason: 'outside_reach' }];
  if (a.parentCode !== null && refusedCodes.has(a.parentCode))
    out.push({ field: 'parentCode', message: vi.register.parentRefused });
  else if (a.parentCode !== null && !parent) out.push({ field: 'parentCode', message: vi.register.noParent });
  else if (parent && parent.validTo !== null && parent.validTo <= a.validFrom && a.validTo === null)
    out.push({ field: 'parentCode', message: vi.register.parentClosed });
  for (const p of checkAgency(a, parent?.kind ?? null))
    if (p.field !== 'parentCode' || parent || a.parentCode === null)
      out.push({ field: p.field, message: vi.register[p.reason] });
  const unit = facts.unitOf(a.adminUnitCode);
  const level = unitLevel[a.kind];
  if (!unit) out.push({ field: 'adminUnitCode', message: vi.register.noUnit });
  else if (level && unit.level !== level)
    out.push({ field: 'adminUnitCode', message: vi.register.unitLevel(level) });
  else if (parent && level && unit && facts.unitOf(parent.adminUnitCode)?.provinceCode !== unit.provinceCode)
    out.push({ field: 'adminUnitCode', message: vi.register.otherProvince });
  if (before && before.kind !== a.kind) out.push({ field: 'kind', message: vi.register.kindChange });
  if (before && a.validTo !== null && before.validTo !== a.validTo && a.validTo < facts.today)
    out.push({ field: 'validTo', message: vi.register.closedInPast });
  if (a.validTo !== null && (!before || before.validTo !== a.validTo)) {
    const held = facts.heldAt(a.code);
    if (held > 0)
      out.push({ field: 'validTo', message: vi.register.stillHolds(held), reason: 'holds_dossiers' });
  }
  if (out.length === 0 && !underAccepted && !facts.mayManage(a, before))
    out.push({ field: 'code', message: vi.register.outsideReach, reason: 'outside_reach' });
  return out;
}

/** The rows with every parent before its children (a parent in the file or already registered). */
function orderParentsFirst<T extends { agency: Agency }>(rows: T[]): T[] {
  const byCode = new Map(rows.map((r) => [r.agency.code, r]));
  const depth = new Map<string, number>();
  const depthOf = (code: string, trail: Set<string>): number => {
    const known = depth.get(code);
    if (known !== undefined) return known;
    const parent = byCode.get(code)?.agency.parentCode;
    // A cycle in the file is cut where it closes; the row is then refused for its parent's kind.
    const d = parent && byCode.has(parent) && !trail.has(parent) ? depthOf(parent, trail.add(code)) + 1 : 0;
    depth.set(code, d);
    return d;
  };
  return [...rows].sort((a, b) => depthOf(a.agency.code, new Set()) - depthOf(b.agency.code, new Set()));
}

/** The folded name stored beside an agency's name, for search. */
export const agencySearchName = (a: Pick<Agency, 'code' | 'name'>) => searchKey(`${a.name} ${a.code}`);
