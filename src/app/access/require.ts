import { sql } from 'kysely';
import { roleDefinitions, type Permission, type Role } from '../../domain/access/roles.js';
import type { Actor } from './actor.js';
import type { Tx } from '../context.js';
import { reachableAgencies } from './reach.js';
import { grantInForce } from './grantsInForce.js';
import { problem } from '../problems.js';

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** A staff actor whose session is complete; anything else may not use protected functions. */
export function requireStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw problem('unauthenticated');
  if (actor.stage !== 'full') throw problem('stage-restricted', actor.stage);
  return actor;
}

/** Whether an agency is within the actor's reach for a permission (one SQL probe). */
export async function agencyInReach(
  tx: Tx,
  actor: StaffActor,
  permission: Permission,
  agencyCode: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await sql<{
    ok: boolean;
  }>`SELECT ${agencyCode} IN ${reachableAgencies(actor.accountId, permission, now)} AS ok`.execute(tx);
  return rows[0]?.ok === true;
}

/** The roles of the account's grants in force at `now`. */
export async function activeRoles(tx: Tx, accountId: string, now: Date): Promise<Role[]> {
  const grants = await tx
    .selectFrom('role_grant as g')
    .select('role')
    .where('account_id', '=', accountId)
    .where(grantInForce('g', now))
    .execute();
  return grants.map((g) => g.role);
}

/** The highest rank among the actor's grants in force that allow managing accounts (0: none). */
export async function managerRank(tx: Tx, actor: StaffActor, now: Date): Promise<number> {
  const roles = await activeRoles(tx, actor.accountId, now);
  const managing = roles.filter((r) => roleDefinitions[r].permissions.includes('account.manage'));
  return Math.max(0, ...managing.map((r) => roleDefinitions[r].rank));
}

/** Whether the actor holds a grant in force of national reach with a permission. */
export async function hasNationalReach(
  tx: Tx,
  actor: StaffActor,
  permission: Permission,
  now: Date,
): Promise<boolean> {
  const roles = await activeRoles(tx, actor.accountId, now);
  return roles.some(
    (r) => roleDefinitions[r].reach === 'national' && roleDefinitions[r].permissions.includes(permission),
  );
}

/** Whether any grant in force gives the actor a permission (for permissions without reach). */
export async function hasPermission(
  tx: Tx,
  actor: StaffActor,
  permission: Permission,
  now: Date,
): Promise<boolean> {
  const roles = await activeRoles(tx, actor.accountId, now);
  return roles.some((r) => roleDefinitions[r].permissions.includes(permission));
}

/**
 * The agencies an account reaches with a permission, read once for a bulk change (an import checks
 * thousands of rows against it): everything for a role of national reach, else the one SQL rule's
 * answer as a set.
 */
export async function reachSet(
  tx: Tx,
  accountId: string,
  permission: Permission,
  now: Date,
): Promise<{ national: boolean; has: (agencyCode: string) => boolean }> {
  const national = (await activeRoles(tx, accountId, now)).some(
    (r) => roleDefinitions[r].reach === 'national' && roleDefinitions[r].permissions.includes(permission),
  );
  if (national) return { national, has: () => true };
  const { rows } = await sql<{ code: string }>`
    SELECT code FROM agency WHERE code IN ${reachableAgencies(accountId, permission, now)}`.execute(tx);
  const reach = new Set(rows.map((r) => r.code));
  return { national, has: (code) => reach.has(code) };
}
