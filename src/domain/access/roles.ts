import { agencyKinds, type AgencyKind } from '../agencies/agency.js';

/**
 * Roles (vai trò): system_admin quản trị hệ thống · ministry_admin quản trị bộ ·
 * province_admin quản trị tỉnh · commune_admin quản trị xã · receiver cán bộ một cửa ·
 * processor chuyên viên · leader lãnh đạo · monitor giám sát ·
 * national_monitor giám sát toàn quốc (the Government Office's steering: every province).
 */
export const roles = [
  'system_admin',
  'ministry_admin',
  'province_admin',
  'commune_admin',
  'receiver',
  'processor',
  'leader',
  'monitor',
  'national_monitor',
] as const;
export type Role = (typeof roles)[number];

/**
 * How far a grant reaches from the agency it is held at:
 * agency: that agency only · subtree: it and every agency under it ·
 * area: every local-government agency in its administrative area (commune, or province with its
 * communes; not the ministries or vertical agencies located there); held at a ministry, the
 * ministry's own units, and for dossiers those of the ministry's procedures in every province ·
 * national: everything (granted only by the system administrator).
 */
export type Reach = 'agency' | 'subtree' | 'area' | 'national';

export const permissions = [
  'account.read',
  'account.manage',
  /** Create, edit, move, merge and close agencies of the register (cơ quan, đơn vị). */
  'agency.manage',
  'audit.read',
  'client.manage',
  'catalog.manage',
  'binding.manage',
  'calendar.manage',
  'dossier.read',
  /** Change a dossier or what it holds (documents, payments, post): the officials who handle it. */
  'dossier.write',
  'integration.manage',
  /** Edit the guides of each role (a procedure's guidance is its owning ministry's: catalog.manage). */
  'guide.manage',
] as const;
export type Permission = (typeof permissions)[number];

interface RoleDefinition {
  reach: Reach;
  permissions: readonly Permission[];
  /** Administrators may only grant roles of a rank at most their own. */
  rank: number;
  /** Kinds of agency the role can be held at. */
  at: readonly AgencyKind[];
  /** Administrators must sign in with a second factor (TOTP). */
  requiresSecondFactor: boolean;
}

const allKinds: readonly AgencyKind[] = agencyKinds;
const adminPermissions: readonly Permission[] = ['account.read', 'account.manage', 'audit.read'];

export const roleDefinitions: Record<Role, RoleDefinition> = {
  system_admin: {
    reach: 'national',
    permissions: [
      ...adminPermissions,
      'agency.manage',
      'client.manage',
      'catalog.manage',
      'binding.manage',
      'calendar.manage',
      'integration.manage',
      'guide.manage',
    ],
    rank: 4,
    at: ['ministry', 'ministry_unit'],
    requiresSecondFactor: true,
  },
  ministry_admin: {
    reach: 'subtree',
    permissions: [...adminPermissions, 'agency.manage', 'catalog.manage'],
    rank: 3,
    at: ['ministry'],
    requiresSecondFactor: true,
  },
  province_admin: {
    reach: 'area',
    permissions: [...adminPermissions, 'agency.manage', 'binding.manage'],
    rank: 3,
    at: ['province_committee', 'province_service_center'],
    requiresSecondFactor: true,
  },
  commune_admin: {
    reach: 'area',
    permissions: [...adminPermissions, 'binding.manage'],
    rank: 2,
    at: ['commune_committee', 'commune_service_center'],
    requiresSecondFactor: true,
  },
  receiver: {
    reach: 'agency',
    permissions: ['dossier.read', 'dossier.write'],
    rank: 1,
    at: allKinds,
    requiresSecondFactor: false,
  },
  processor: {
    reach: 'agency',
    permissions: ['dossier.read', 'dossier.write'],
    rank: 1,
    at: allKinds,
    requiresSecondFactor: false,
  },
  leader: {
    reach: 'subtree',
    permissions: ['account.read', 'dossier.read', 'dossier.write'],
    rank: 1,
    at: allKinds,
    requiresSecondFactor: false,
  },
  monitor: {
    reach: 'area',
    permissions: ['account.read', 'audit.read', 'dossier.read'],
    rank: 1,
    at: allKinds,
    requiresSecondFactor: false,
  },
  national_monitor: {
    reach: 'national',
    permissions: ['account.read', 'audit.read', 'dossier.read'],
    // Rank 4: only the system administrator hands out a view of the whole country.
    rank: 4,
    at: ['ministry'],
    requiresSecondFactor: false,
  },
};

/** Roles whose definition includes a permission. */
export function rolesWith(permission: Permission): Role[] {
  return roles.filter((r) => roleDefinitions[r].permissions.includes(permission));
}

export interface GrantLike {
  role: Role;
  validFrom: Date;
  validTo: Date | null;
  revokedAt: Date | null;
}

/** Whether a grant is in force at an instant (validTo exclusive). */
export function grantActive(g: GrantLike, now: Date): boolean {
  return g.revokedAt === null && g.validFrom <= now && (g.validTo === null || now < g.validTo);
}

/** Whether any active grant makes the account an administrator who needs a second factor. */
export function needsSecondFactor(grants: readonly GrantLike[], now: Date): boolean {
  return grants.some((g) => grantActive(g, now) && roleDefinitions[g.role].requiresSecondFactor);
}

export type GrantProblem = 'role_not_at_agency_kind' | 'rank_too_high' | 'own_account' | 'reach_too_wide';

/**
 * Whether an administrator of rank `adminRank` may grant `role` at an agency of `kind`. Reach
 * (the agency being inside the administrator's area) is checked by the query predicate.
 */
export function checkGrantable(role: Role, kind: AgencyKind, adminRank: number): GrantProblem[] {
  const d = roleDefinitions[role];
  const problems: GrantProblem[] = [];
  if (!d.at.includes(kind)) problems.push('role_not_at_agency_kind');
  if (d.rank > adminRank) problems.push('rank_too_high');
  return problems;
}

/**
 * What a machine client may do (phạm vi của hệ thống kết nối). A client is never a staff member:
 * its requests carry an API key, never a session, and staff functions refuse it.
 */
export const clientScopes = ['reference.read', 'dossiers.submit', 'dossiers.sync', 'portal.events'] as const;
export type ClientScope = (typeof clientScopes)[number];
