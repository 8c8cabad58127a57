import { randomInt } from 'node:crypto';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { sql } from 'kysely';
import { checkGrantable, roleDefinitions, type GrantProblem, type Role } from '../../domain/access/roles.js';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import { vi } from '../../domain/i18n/vi.js';
import { searchKey } from '../../domain/text/searchKey.js';
import type { Actor } from '../access/actor.js';
import { ministryMarks, oneGrant, reachableAgencies, reachOfGrants } from '../access/reach.js';
import { agencyInReach, managerRank, requireStaff, type StaffActor } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { hashPassword } from '../auth/passwords.js';
import { deleteSessionsOf } from '../auth/sessions.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { AppError } from '../errors.js';
import { refreshOrphans } from '../dossiers/dossierRow.js';
import { accountNotFound } from './accountQueries.js';
import { problem } from '../problems.js';

export interface NewAccount {
  username: string;
  fullName: string;
  agencyCode: string;
  position?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  validFrom?: string | undefined;
  validTo?: string | null | undefined;
}

const forbidden = (detail: string) => problem('outside-reach', detail);

/** A readable temporary password (no look-alike characters), shown once to the administrator. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const pick = () => alphabet[randomInt(alphabet.length)];
  return Array.from({ length: 4 }, () => Array.from({ length: 4 }, pick).join('')).join('-');
}

/** An account the actor manages (account.manage over its agency), or 404 as if absent. */
export async function managedAccount(tx: Tx, actor: StaffActor, id: string, now: Date) {
  const a = await tx
    .selectFrom('account')
    .select(['id', 'username', 'agency_code', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  // Outside the reach looks exactly like absent: nothing about the account leaks.
  if (!a || !(await agencyInReach(tx, actor, 'account.manage', a.agency_code, now))) throw accountNotFound();
  return a;
}

/** Creates an official's account at an agency within reach, with a temporary password to change at first sign-in. */
export async function createAccount(
  ctx: AppContext,
  actor: Actor,
  input: NewAccount,
  meta: RequestMeta,
): Promise<{ id: string; temporaryPassword: string }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  return inTransaction(ctx, async (tx) => {
    if (!(await agencyInReach(tx, staff, 'account.manage', input.agencyCode, now))) {
      throw forbidden(vi.grantProblem.outside_reach);
    }
    const username = input.username.toLowerCase();
    const taken = await tx
      .selectFrom('account')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (taken) {
      throw problem('username-taken', undefined, [
        { field: 'body.username', message: vi.problem.usernameTaken },
      ]);
    }
    const row = await tx
      .insertInto('account')
      .values({
        username,
        full_name: input.fullName,
        search_name: searchKey(`${input.fullName} ${username}`),
        agency_code: input.agencyCode,
        position: input.position ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        valid_from: input.validFrom ?? vietnamDate(now),
        valid_to: input.validTo ?? null,
        password_hash: hash,
        must_change_password: true,
        totp_secret: null,
        totp_pending_secret: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'account.created',
        targetKind: 'account',
        targetId: row.id,
        agencyCode: input.agencyCode,
        detail: { username },
      },
      now,
      meta,
    );
    return { id: row.id, temporaryPassword: password };
  });
}

export interface AccountPatch {
  fullName?: string | undefined;
  position?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  active?: boolean | undefined;
  validTo?: string | null | undefined;
}

/** Edits or (de)activates an account within reach; deactivation ends its sessions at once. */
export function updateAccount(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: AccountPatch,
  meta: RequestMeta,
): Promise<void> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const a = await managedAccount(tx, staff, id, now);
    if (patch.active === false && a.id === staff.accountId) {
      throw problem('self-deactivation');
    }
    const set = {
      ...(patch.fullName === undefined
        ? {}
        : { full_name: patch.fullName, search_name: searchKey(`${patch.fullName} ${a.username}`) }),
      ...(patch.position === undefined ? {} : { position: patch.position }),
      ...(patch.phone === undefined ? {} : { phone: patch.phone }),
      ...(patch.email === undefined ? {} : { email: patch.email }),
      ...(patch.active === undefined ? {} : { active: patch.active }),
      ...(patch.validTo === undefined ? {} : { valid_to: patch.validTo }),
      updated_at: now,
    };
    await tx.updateTable('account').set(set).where('id', '=', id).execute();
    if (patch.active === false || patch.validTo !== undefined) await deleteSessionsOf(tx, id);
    if (patch.active !== undefined) {
      const agencies = await tx
        .selectFrom('role_grant')
        .select('agency_code')
        .where('account_id', '=', id)
        .execute();
      await refreshOrphans(tx, [...new Set(agencies.map((g) => g.agency_code))], now);
    }
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'account.updated',
        targetKind: 'account',
        targetId: id,
        agencyCode: a.agency_code,
        detail: { ...patch },
      },
      now,
      meta,
    );
  });
}

/** Administrator-initiated reset: a temporary password, changed at next sign-in; sessions end, lockout clears. */
export async function resetPassword(
  ctx: AppContext,
  actor: Actor,
  id: string,
  meta: RequestMeta,
): Promise<{ temporaryPassword: string }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  return inTransaction(ctx, async (tx) => {
    const a = await managedAccount(tx, staff, id, now);
    await tx
      .updateTable('account')
      .set({ password_hash: hash, must_change_password: true, password_changed_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await deleteSessionsOf(tx, id);
    await tx.deleteFrom('login_throttle').where('username', '=', a.username).execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'account.password_reset',
        targetKind: 'account',
        targetId: id,
        agencyCode: a.agency_code,
      },
      now,
      meta,
    );
    return { temporaryPassword: password };
  });
}

export interface NewGrant {
  role: Role;
  agencyCode: string;
  validFrom?: string | undefined;
  validTo?: string | null | undefined;
  /** Delegation (ủy quyền): the account handing over its role for a period, with a reason. */
  delegatedBy?: string | undefined;
  reason?: string | undefined;
}

/**
 * A grant as the administrator asked it, checked: the agency within their reach, the role fitting
 * the agency and not outranking them, not to themselves, reaching nothing beyond them; a
 * delegation with an end, a reason and a delegator who holds the role. Answers its dates.
 */
async function checkedGrant(tx: Tx, staff: StaffActor, accountId: string, input: NewGrant, now: Date) {
  const agency = await tx
    .selectFrom('agency')
    .select(['code', 'kind'])
    .where('code', '=', input.agencyCode)
    .executeTakeFirst();
  if (!agency || !(await agencyInReach(tx, staff, 'account.manage', input.agencyCode, now))) {
    throw grantRefused([vi.grantProblem.outside_reach]);
  }
  const problems: GrantProblem[] = checkGrantable(
    input.role,
    agency.kind as AgencyKind,
    await managerRank(tx, staff, now),
  );
  // Nobody widens their own powers: another administrator grants to you.
  if (accountId === staff.accountId) problems.push('own_account');
  if (problems.length === 0 && (await reachesBeyond(tx, staff.accountId, input.role, input.agencyCode, now)))
    problems.push('reach_too_wide');
  if (problems.length > 0) throw grantRefused(problems.map((p) => vi.grantProblem[p]));
  const validFrom = input.validFrom ? new Date(input.validFrom) : now;
  const validTo = input.validTo ? new Date(input.validTo) : null;
  if (validTo && validTo <= validFrom) throw grantRefused([vi.grantProblem.end_before_start]);
  if (input.delegatedBy) {
    if (!validTo || !input.reason) throw grantRefused([vi.grantProblem.delegation_incomplete]);
    const holds = await tx
      .selectFrom('role_grant')
      .select('id')
      .where('account_id', '=', input.delegatedBy)
      .where('role', '=', input.role)
      .where('agency_code', '=', input.agencyCode)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!holds) throw grantRefused([vi.grantProblem.delegator_lacks_role]);
  }
  return { validFrom, validTo };
}

/**
 * Grants a role at an agency. Both the account and the agency must be within the administrator's
 * reach, the role must fit the agency's kind and not outrank the administrator. The account's
 * sessions end (rotation on privilege change).
 */
export function grantRole(
  ctx: AppContext,
  actor: Actor,
  accountId: string,
  input: NewGrant,
  meta: RequestMeta,
): Promise<{ id: string }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const a = await managedAccount(tx, staff, accountId, now);
    const { validFrom, validTo } = await checkedGrant(tx, staff, accountId, input, now);
    const row = await tx
      .insertInto('role_grant')
      .values({
        account_id: accountId,
        role: input.role,
        agency_code: input.agencyCode,
        sectors: null,
        valid_from: validFrom,
        valid_to: validTo,
        delegated_by: input.delegatedBy ?? null,
        reason: input.reason ?? null,
        granted_by: staff.accountId,
        revoked_at: null,
        revoked_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deleteSessionsOf(tx, accountId);
    // A dossier waiting at this agency for nobody is waiting for this official now.
    await refreshOrphans(tx, [input.agencyCode], now);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: input.delegatedBy ? 'grant.delegated' : 'grant.created',
        targetKind: 'account',
        targetId: accountId,
        agencyCode: input.agencyCode,
        detail: {
          grantId: row.id,
          role: input.role,
          username: a.username,
          validTo: input.validTo ?? null,
          reason: input.reason ?? null,
        },
      },
      now,
      meta,
    );
    return { id: row.id };
  });
}

/**
 * Whether a grant of `role` at `agencyCode` would reach, with any of the role's permissions, an
 * agency (or a ministry's dossiers) outside what the granting administrator manages: the rule that
 * keeps every grant inside its granter's reach, computed by the very predicate that enforces reach.
 */
/** Whether a grant of `role` at an agency would reach what the granter does not manage. */
export async function reachesBeyond(tx: Tx, granter: string, role: Role, agencyCode: string, now: Date) {
  const managed = reachableAgencies(granter, 'account.manage', now);
  for (const permission of roleDefinitions[role].permissions) {
    const { rows } = await sql<{ outside: boolean }>`SELECT
      EXISTS (SELECT 1 FROM ${reachOfGrants(oneGrant(role, agencyCode), permission)} r(code)
              WHERE r.code NOT IN ${managed})
      OR EXISTS (SELECT 1 FROM ${ministryMarks(oneGrant(role, agencyCode), permission)} m(mark)
                 WHERE substr(m.mark, 4) NOT IN ${managed}) AS outside`.execute(tx);
    if (rows[0]?.outside) return true;
  }
  return false;
}

/** Revokes a grant within reach; it stops counting in the very next request. */
export function revokeGrant(
  ctx: AppContext,
  actor: Actor,
  accountId: string,
  grantId: string,
  meta: RequestMeta,
): Promise<void> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await managedAccount(tx, staff, accountId, now);
    const g = await tx
      .selectFrom('role_grant')
      .select(['id', 'agency_code', 'role', 'revoked_at'])
      .where('id', '=', grantId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!g || !(await agencyInReach(tx, staff, 'account.manage', g.agency_code, now)))
      throw accountNotFound();
    if (g.revoked_at !== null) return;
    await tx
      .updateTable('role_grant')
      .set({ revoked_at: now, revoked_by: staff.accountId })
      .where('id', '=', grantId)
      .execute();
    await deleteSessionsOf(tx, accountId);
    await refreshOrphans(tx, [g.agency_code], now);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'grant.revoked',
        targetKind: 'account',
        targetId: accountId,
        agencyCode: g.agency_code,
        detail: { grantId, role: g.role },
      },
      now,
      meta,
    );
  });
}

function grantRefused(messages: string[]): AppError {
  return problem(
    'grant-not-allowed',
    messages.join('; '),
    messages.map((m) => ({ field: 'body', message: m })),
  );
}
