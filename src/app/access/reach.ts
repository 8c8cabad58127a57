import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import { roleDefinitions, roles, type Permission, type Reach, type Role } from '../../domain/access/roles.js';

function rolesOf(permission: Permission, reach: Reach): Role[] {
  return roles.filter(
    (r) => roleDefinitions[r].permissions.includes(permission) && roleDefinitions[r].reach === reach,
  );
}

/**
 * The agencies of local government. An area reaches only these: ministries sit in Hà Nội and
 * vertical agencies (tax, police) in every province, but neither belongs to that province's
 * administrators.
 */
const localKinds: AgencyKind[] = [
  'province_committee',
  'department',
  'province_service_center',
  'commune_committee',
  'commune_service_center',
];

/** Placeholder array that never matches, so an empty role list keeps the SQL valid. */
const none = ['-'];

/**
 * THE access rule, as SQL: the codes of the agencies an account reaches with a permission, from
 * its grants in force at `now` (read in the same statement, so a revoked grant stops at once).
 * Every list, count and single read of protected data filters with it.
 */
export function reachableAgencies(accountId: string, permission: Permission, now: Date): RawBuilder<string> {
  const arr = (rs: Role[]) => sql`${rs.length > 0 ? rs : none}::text[]`;
  return sql<string>`(
    WITH RECURSIVE g AS (
      SELECT rg.role, rg.agency_code, ga.kind AS agency_kind, ga.admin_unit_code
      FROM role_grant rg JOIN agency ga ON ga.code = rg.agency_code
      WHERE rg.account_id = ${accountId}::uuid AND rg.revoked_at IS NULL
        AND rg.valid_from <= ${now} AND (rg.valid_to IS NULL OR rg.valid_to > ${now})
    ), sub(code) AS (
      SELECT agency_code FROM g WHERE role = ANY(${arr(rolesOf(permission, 'subtree'))})
      UNION
      SELECT child.code FROM agency child JOIN sub ON child.parent_code = sub.code
    )
    SELECT a.code FROM agency a
    WHERE EXISTS (SELECT 1 FROM g WHERE g.role = ANY(${arr(rolesOf(permission, 'national'))}))
       OR a.code IN (SELECT agency_code FROM g WHERE role = ANY(${arr(rolesOf(permission, 'agency'))}))
       OR a.code IN (SELECT code FROM sub)
       OR EXISTS (
         SELECT 1 FROM g
         WHERE g.role = ANY(${arr(rolesOf(permission, 'area'))})
           AND (g.agency_kind IN ('ministry', 'ministry_unit')
                OR (a.kind = ANY(${localKinds}::text[])
                    AND (a.admin_unit_code = g.admin_unit_code
                         OR a.admin_unit_code IN (SELECT u.code FROM admin_unit u WHERE u.parent_code = g.admin_unit_code)))))
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
