import type { AgencyKind } from '../agencies/agency.js';
import { registerDate } from '../agencies/register.js';
import { isCitizenId } from '../dossier/idNumbers.js';
import { vi } from '../i18n/vi.js';
import { searchKey } from '../text/searchKey.js';
import { tableHeading } from '../text/tableHeading.js';
import { checkGrantable, roles, type Role } from './roles.js';

/** The columns of an officials file, each known by its Vietnamese or English heading. */
export const officialColumns = {
  username: ['ten dang nhap', 'username'],
  fullName: ['ho va ten', 'ho ten', 'full name', 'name'],
  idNumber: ['so dinh danh', 'so dinh danh ca nhan', 'so cccd', 'cccd', 'id number'],
  phone: ['so dien thoai', 'dien thoai', 'phone'],
  email: ['thu dien tu', 'email', 'e mail'],
  agencyCode: ['ma co quan', 'ma dinh danh co quan', 'co quan', 'agency', 'agency code'],
  roles: ['vai tro', 'roles', 'role'],
  validFrom: ['hieu luc tu', 'valid from'],
  validTo: ['hieu luc den', 'valid to'],
} as const;
export type OfficialField = keyof typeof officialColumns;
export const officialHeading = (heading: readonly string[]) =>
  tableHeading(officialColumns, ['fullName', 'agencyCode', 'roles'], heading);

/**
 * The roles an agency of a kind is staffed with (vai trò theo loại cơ quan): an administrator
 * staffs an agency in one step by giving a person for each.
 */
export const roleTemplates: Record<AgencyKind, readonly Role[]> = {
  ministry: ['ministry_admin', 'monitor'],
  ministry_unit: ['receiver', 'processor', 'leader'],
  province_committee: ['province_admin', 'leader', 'monitor'],
  department: ['processor', 'leader'],
  province_service_center: ['receiver', 'processor', 'leader', 'monitor'],
  commune_committee: ['commune_admin', 'leader'],
  commune_service_center: ['receiver', 'processor', 'leader'],
  vertical_agency: ['receiver', 'processor', 'leader'],
};

const roleByName = new Map<string, Role>([
  ...roles.map((r) => [r, r] as [string, Role]),
  ...roles.map((r) => [searchKey(vi.role[r]), r] as [string, Role]),
]);

/** An account as the import finds it. */
export interface ExistingOfficial {
  id: string;
  username: string;
  fullName: string;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  agencyCode: string;
  validTo: string | null;
  /** Grants not revoked and not ended, as "role/agency". */
  grants: ReadonlySet<string>;
}

export interface OfficialFacts {
  agencyKind: (code: string) => AgencyKind | undefined;
  byUsername: (username: string) => ExistingOfficial | undefined;
  byIdNumber: (idNumber: string) => ExistingOfficial | undefined;
  /** Whether the importer manages accounts at the agency (their reach with account.manage). */
  manages: (agencyCode: string) => boolean;
  /** The importer's administrative rank (roles above it are not theirs to grant). */
  rank: number;
  /** The importer's own account: nobody widens their own powers (another administrator does). */
  self: string | null;
  today: string;
}

/** One official as a row asks: the account and the roles at its agency. */
export interface OfficialPlan {
  row: number;
  existing: ExistingOfficial | undefined;
  username: string;
  fullName: string;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  agencyCode: string;
  validFrom: string;
  validTo: string | null;
  /** Roles to grant (those the account does not hold at the agency yet). */
  newRoles: Role[];
  outcome: 'created' | 'updated' | 'unchanged';
}

export interface OfficialRow {
  row: number;
  cells: Partial<Record<OfficialField, string>>;
}

type Refusal = { row: number; field: string; message: string };

/** "Nguyễn Thị Mai" at 000.04.51.H01 → "maint.0000451h01": the given name, the initials, the agency. */
export function usernameFor(fullName: string, agencyCode: string): string {
  const parts = searchKey(fullName)
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  const given = parts.at(-1) ?? 'canbo';
  const initials = parts
    .slice(0, -1)
    .map((p) => p[0])
    .join('');
  return `${given}${initials}.${agencyCode.replace(/\./g, '').toLowerCase()}`.slice(0, 64);
}

/**
 * Checks every row of an officials file and says what applying it would do. An official is known
 * by the ID number (or, without one, by the username): the same file applied twice changes nothing
 * the second time. A role the agency's kind cannot hold, or above the importer, refuses the row.
 */
export function planOfficials(
  rows: readonly OfficialRow[],
  facts: OfficialFacts,
): { plans: OfficialPlan[]; refused: Refusal[] } {
  const plans: OfficialPlan[] = [];
  const refused: Refusal[] = [];
  const usernames = new Map<string, number>();
  const idNumbers = new Map<string, number>();
  for (const r of rows) {
    const result = planRow(r, facts);
    if ('refusals' in result) {
      refused.push(...result.refusals);
      continue;
    }
    const p = result.plan;
    // A generated name someone else holds gets a number: maint.0000451h01, maint2.0000451h01, …
    if (!p.existing && !r.cells.username?.trim())
      for (let n = 2; facts.byUsername(p.username) || usernames.has(p.username); n++)
        p.username = usernameFor(p.fullName, p.agencyCode).replace('.', `${n}.`);
    const clash =
      (p.idNumber !== null && idNumbers.get(p.idNumber)) || usernames.get(p.username) || undefined;
    if (clash !== undefined) {
      refused.push({
        row: r.row,
        field: p.idNumber ? 'idNumber' : 'username',
        message: vi.officials.duplicate(clash),
      });
      continue;
    }
    usernames.set(p.username, r.row);
    if (p.idNumber) idNumbers.set(p.idNumber, r.row);
    plans.push(p);
  }
  return { plans, refused };
}

function planRow(r: OfficialRow, facts: OfficialFacts): { plan: OfficialPlan } | { refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const refuse = (field: OfficialField, message: string) => refusals.push({ row: r.row, field, message });
  const cell = (f: OfficialField) => (r.cells[f] ?? '').trim();
  const fullName = cell('fullName').normalize('NFC');
  if (fullName === '' || fullName.length > 200) refuse('fullName', vi.officials.fullName);
  else if (fullName.includes('?') || fullName.includes('\uFFFD'))
    refuse('fullName', vi.register.lostDiacritics);
  const idNumber = cell('idNumber') || null;
  if (idNumber !== null && !isCitizenId(idNumber)) refuse('idNumber', vi.officials.idNumber);
  const phone = cell('phone').replace(/[\s.]/g, '') || null;
  if (phone !== null && !/^0\d{9}$/.test(phone)) refuse('phone', vi.officials.phone);
  const email = cell('email').toLowerCase() || null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) refuse('email', vi.officials.email);
  const agencyCode = cell('agencyCode');
  const kind = facts.agencyKind(agencyCode);
  if (!kind) refuse('agencyCode', vi.officials.noAgency);
  else if (!facts.manages(agencyCode)) refuse('agencyCode', vi.register.outsideReach);
  const roleNames = cell('roles')
    .split(/[,;|\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  const wanted = roleNames.map((n) => roleByName.get(searchKey(n)));
  if (roleNames.length === 0) refuse('roles', vi.officials.noRole);
  roleNames.forEach((n, i) => {
    const role = wanted[i];
    if (!role) refuse('roles', vi.officials.unknownRole(n));
    else if (kind)
      for (const p of checkGrantable(role, kind, facts.rank))
        refuse('roles', `${vi.role[role]}: ${vi.grantProblem[p]}`);
  });
  const validFrom = cell('validFrom') ? registerDate(cell('validFrom')) : facts.today;
  if (!validFrom) refuse('validFrom', vi.register.date);
  const validTo = cell('validTo') ? registerDate(cell('validTo')) : null;
  if (cell('validTo') && !validTo) refuse('validTo', vi.register.date);
  if (validFrom && validTo && validTo <= validFrom) refuse('validTo', vi.register.not_after_valid_from);
  const given = cell('username').toLowerCase();
  if (given && !/^[a-z0-9][a-z0-9._-]{2,63}$/.test(given)) refuse('username', vi.officials.username);
  if (!given && !idNumber) refuse('idNumber', vi.officials.keyMissing);
  const existing =
    (idNumber ? facts.byIdNumber(idNumber) : undefined) ?? (given ? facts.byUsername(given) : undefined);
  if (existing && given && existing.username !== given)
    refuse('username', vi.officials.idTaken(existing.username));
  if (existing && idNumber && existing.idNumber !== null && existing.idNumber !== idNumber)
    refuse('username', vi.officials.usernameTaken);
  if (existing && !facts.manages(existing.agencyCode)) refuse('username', vi.register.outsideReach);
  if (existing && existing.id === facts.self) refuse('username', vi.grantProblem.own_account);
  if (refusals.length > 0 || !kind || !validFrom) return { refusals };
  const username = existing?.username ?? (given || usernameFor(fullName, agencyCode));
  const newRoles = [...new Set(wanted as Role[])].filter(
    (role) => !existing?.grants.has(`${role}/${agencyCode}`),
  );
  const changed =
    existing !== undefined &&
    (existing.fullName !== fullName ||
      (idNumber !== null && existing.idNumber !== idNumber) ||
      (phone !== null && existing.phone !== phone) ||
      (email !== null && existing.email !== email) ||
      existing.agencyCode !== agencyCode ||
      existing.validTo !== validTo);
  return {
    plan: {
      row: r.row,
      existing,
      username,
      fullName,
      idNumber,
      phone: phone ?? existing?.phone ?? null,
      email: email ?? existing?.email ?? null,
      agencyCode,
      validFrom,
      validTo,
      newRoles,
      outcome: !existing ? 'created' : changed || newRoles.length > 0 ? 'updated' : 'unchanged',
    },
  };
}
