import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { localKinds } from '../../domain/agencies/agency.js';
import { roleDefinitions, roles, type Permission, type Reach, type Role } from '../../domain/access/roles.js';
import { grantInForce } from './grantsInForce.js';

function rolesOf(permission: Permission, reach: Reach): Role[] {
  return roles.filter(
    (r) => roleDefinitions[r].permissions.includes(permission) && roleDefinitions[r].reach === reach,
  );
}

/** Placeholder array that never matches, so an empty role list keeps the SQL valid. */
const none = ['-'];

/** The grants in force of an account at `now`, as rows (role, agency_code). */
export function grantsInForce(accountId: string, now: Date): RawBuilder<unknown> {
  return sql`(SELECT role, agency_code FROM role_grant g
    WHERE account_id = ${accountId}::uuid AND ${grantInForce('g', now)})`;
}

/** One grant not yet made, as the same rows: what it would reach, before anyone holds it. */
export function oneGrant(role: Role, agencyCode: string): RawBuilder<unknown> {
  return sql`(SELECT ${role}::text AS role, ${agencyCode}::text AS agency_code)`;
}

/**
 * The agencies a set of grants (rows `role, agency_code`) reaches with a permission. A central
 * body's area is its own subtree: the nation is reached only by a role of national reach.
 */
export function reachOfGrants(grants: RawBuilder<unknown>, permission: Permission): RawBuilder<string> {
  const arr = (rs: Role[]) => sql`${rs.length > 0 ? rs : none}::text[]`;
  return sql<string>`(
    WITH RECURSIVE g AS (
      SELECT rg.role, rg.agency_code, ga.kind AS agency_kind, ga.admin_unit_code
      FROM ${grants} rg JOIN agency ga ON ga.code = rg.agency_code
    ), sub(code) AS (
      SELECT agency_code FROM g WHERE role = ANY(${arr(rolesOf(permission, 'subtree'))})
         OR (role = ANY(${arr(rolesOf(permission, 'area'))}) AND agency_kind IN ('ministry', 'ministry_unit'))
      UNION
      SELECT child.code FROM agency child JOIN sub ON child.parent_code = sub.code
    ), area_grant AS (
      SELECT admin_unit_code FROM g
      WHERE role = ANY(${arr(rolesOf(permission, 'area'))}) AND agency_kind NOT IN ('ministry', 'ministry_unit')
    ), area(unit) AS (
      -- The area role's own unit and the units directly under it (a province and its communes),
      -- computed once: tested per agency, it cost 200 ms for a province's monitor.
      SELECT admin_unit_code FROM area_grant
      UNION
      SELECT u.code FROM admin_unit u JOIN area_grant ag ON u.parent_code = ag.admin_unit_code
    )
    SELECT a.code FROM agency a
    WHERE EXISTS (SELECT 1 FROM g WHERE g.role = ANY(${arr(rolesOf(permission, 'national'))}))
       OR a.code IN (SELECT agency_code FROM g WHERE role = ANY(${arr(rolesOf(permission, 'agency'))}))
       OR a.code IN (SELECT code FROM sub)
       OR (a.kind = ANY(${localKinds}::text[]) AND a.admin_unit_code IN (SELECT unit FROM area))
  )`;
}

/**
 * THE access rule, as SQL: the codes of the agencies an account reaches with a permission, from
 * its grants in force at `now` (read in the same statement, so a revoked grant stops at once).
 * Every list, count and single read of protected data filters with it.
 */
export function reachableAgencies(accountId: string, permission: Permission, now: Date): RawBuilder<string> {
  return reachOfGrants(grantsInForce(accountId, now), permission);
}

/** The mark a dossier carries for the ministry that owns its procedure (see dossier visibility). */
export const ministryMark = (ministryCode: string) => `bo:${ministryCode}`;

/**
 * The ministries whose procedures' dossiers an account sees in every province: those where it
 * holds an area role with `permission` (a ministry's monitor), as dossier marks.
 */
export function ministryMarks(grants: RawBuilder<unknown>, permission: Permission): RawBuilder<string> {
  const area = rolesOf(permission, 'area');
  return sql<string>`(
    SELECT 'bo:' || CASE WHEN a.kind = 'ministry' THEN a.code ELSE a.parent_code END
    FROM ${grants} rg JOIN agency a ON a.code = rg.agency_code
    WHERE rg.role = ANY(${area.length > 0 ? area : none}::text[]) AND a.kind IN ('ministry', 'ministry_unit')
  )`;
}

/** `column IN (reachable agencies)`: the predicate to AND into a query over rows keyed by agency. */
export function withinReach(
  column: string,
  accountId: string,
  permission: Permission,
  now: Date,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} IN ${reachableAgencies(accountId, permission, now)}`;
}
