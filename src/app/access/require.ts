import { sql } from 'kysely';
import { roleDefinitions, type Permission } from '../../domain/access/roles.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from './actor.js';
import type { Tx } from '../context.js';
import { AppError } from '../errors.js';
import { reachableAgencies } from './reach.js';

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** A staff actor whose session is complete; anything else may not use protected functions. */
export function requireStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff')
    throw new AppError('unauthorized', 'unauthenticated', vi.problem.unauthenticated);
  if (actor.stage !== 'full')
    throw new AppError('forbidden', 'stage-restricted', vi.problem.stageRestricted, actor.stage);
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

/** The highest rank among the actor's grants in force that allow managing accounts (0: none). */
export async function managerRank(tx: Tx, actor: StaffActor, now: Date): Promise<number> {
  const grants = await tx
    .selectFrom('role_grant')
    .select('role')
    .where('account_id', '=', actor.accountId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .execute();
  return Math.max(
    0,
    ...grants
      .filter((g) => roleDefinitions[g.role].permissions.includes('account.manage'))
      .map((g) => roleDefinitions[g.role].rank),
  );
}

/** Whether the actor holds a grant in force of national reach with a permission. */
export async function hasNationalReach(
  tx: Tx,
  actor: StaffActor,
  permission: Permission,
  now: Date,
): Promise<boolean> {
  const national = Object.entries(roleDefinitions)
    .filter(([, d]) => d.reach === 'national' && d.permissions.includes(permission))
    .map(([r]) => r);
  if (national.length === 0) return false;
  const g = await tx
    .selectFrom('role_grant')
    .select('id')
    .where('account_id', '=', actor.accountId)
    .where('role', 'in', national as never[])
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .executeTakeFirst();
  return g !== undefined;
}

/** Whether any grant in force gives the actor a permission (for permissions without reach). */
export async function hasPermission(
  tx: Tx,
  actor: StaffActor,
  permission: Permission,
  now: Date,
): Promise<boolean> {
  const grants = await tx
    .selectFrom('role_grant')
    .select('role')
    .where('account_id', '=', actor.accountId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .execute();
  return grants.some((g) => roleDefinitions[g.role].permissions.includes(permission));
}
