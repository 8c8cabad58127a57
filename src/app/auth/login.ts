import { vi } from '../../domain/i18n/vi.js';
import { grantActive, needsSecondFactor } from '../../domain/access/roles.js';
import { afterFailure, afterSuccess, isLocked, type LoginCounters } from '../../domain/access/lockout.js';
import { accountUsable } from '../access/grantsInForce.js';
import type { SessionStage } from '../../store/schema.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { AppError } from '../errors.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';
import { freshTotpStep } from './totp.js';
import { problem } from '../problems.js';

export interface LoginInput {
  username: string;
  password: string;
  otp?: string | undefined;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  stage: SessionStage;
  accountId: string;
}

export interface ClientInfo extends RequestMeta {
  userAgent: string | null;
}

const invalid = () => problem('invalid-credentials');

/**
 * Signs an official in. Throttling is per username whether or not it exists, and an unknown name
 * is checked against a dummy hash, so neither the answer nor its timing tells which names exist.
 * A locked name is refused before any hash is computed.
 */
export async function login(ctx: AppContext, input: LoginInput, client: ClientInfo): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const now = ctx.now();

  // The attempt is counted before its password is checked, in one locked step: ten guesses sent
  // at once are counted one after the other, and those past the limit are refused unchecked.
  const lockedUntil = await reserveAttempt(ctx, username, now);
  if (lockedUntil) {
    await inTransaction(ctx, (tx) =>
      recordAudit(
        tx,
        { actorKind: 'anonymous', action: 'auth.login_refused_locked', detail: { username } },
        now,
        client,
      ),
    );
    throw lockedError(lockedUntil, now);
  }

  const account = await findAccount(ctx, username);
  const passwordOk = await verifyPassword(account?.password_hash ?? (await dummyHash()), input.password);
  const usable = account !== undefined && accountUsable(account, now);

  // A refusal is returned, not thrown, out of the transaction: the failure count and its audit
  // entry must commit even though the caller gets an error.
  const outcome = await inTransaction(ctx, (tx) =>
    signInWithin(ctx, tx, { username, input, client, now, account, passwordOk, usable }),
  );
  if ('refused' in outcome) throw outcome.refused;
  return outcome;
}

/** The account a name signs in to, with what sign-in checks. */
const findAccount = (ctx: AppContext, username: string) =>
  ctx.db
    .selectFrom('account')
    .select([
      'id',
      'username',
      'password_hash',
      'active',
      'valid_from',
      'valid_to',
      'must_change_password',
      'totp_secret',
      'totp_last_step',
      'agency_code',
    ])
    .where('username', '=', username)
    .executeTakeFirst();

type Attempt = {
  username: string;
  input: LoginInput;
  client: ClientInfo;
  now: Date;
  account: Awaited<ReturnType<typeof findAccount>>;
  passwordOk: boolean;
  usable: boolean;
};

/** The sign-in decided in its transaction: refused (audited), or a session of the right stage. */
async function signInWithin(
  ctx: AppContext,
  tx: Tx,
  { username, input, client, now, account, passwordOk, usable }: Attempt,
): Promise<LoginResult | { refused: AppError }> {
  // The failure was counted when the attempt was reserved.
  const fail = async (reason: string, error: AppError): Promise<{ refused: AppError }> => {
    await recordAudit(
      tx,
      {
        actorKind: 'anonymous',
        action: 'auth.login_failed',
        targetKind: 'account',
        targetId: account?.id ?? null,
        agencyCode: account?.agency_code ?? null,
        detail: { username, reason },
      },
      now,
      client,
    );
    return { refused: error };
  };
  if (!account || !passwordOk || !usable) {
    // Failures count, but the error must not say which check failed.
    return fail(
      !account ? 'unknown_username' : !passwordOk ? 'wrong_password' : 'account_inactive',
      invalid(),
    );
  }

  const grants = await tx
    .selectFrom('role_grant')
    .select(['role', 'valid_from', 'valid_to', 'revoked_at'])
    .where('account_id', '=', account.id)
    .execute();
  const active = grants.map((g) => ({
    role: g.role,
    validFrom: g.valid_from,
    validTo: g.valid_to,
    revokedAt: g.revoked_at,
  }));
  const secondFactor = needsSecondFactor(active, now);
  if (secondFactor && account.totp_secret !== null) {
    if (!input.otp) {
      // Asking for the second code is not a failed guess: the right password was given.
      await refundAttempt(tx, username, now);
      return { refused: problem('otp-required') };
    }
    const step = freshTotpStep(account.username, account.totp_secret, input.otp, account.totp_last_step, now);
    if (step === null) return fail('wrong_otp', problem('otp-invalid'));
    await tx.updateTable('account').set({ totp_last_step: step }).where('id', '=', account.id).execute();
  }

  const stage: SessionStage = account.must_change_password
    ? 'change_password'
    : secondFactor && account.totp_secret === null
      ? 'enroll_totp'
      : 'full';
  await saveCounters(tx, username, afterSuccess(await lockedCounters(tx, username)), now);
  const session = await createSession(tx, ctx, account.id, stage, client);
  await recordAudit(
    tx,
    {
      actorKind: 'staff',
      actorId: account.id,
      action: 'auth.login',
      targetKind: 'account',
      targetId: account.id,
      agencyCode: account.agency_code,
      detail: {
        stage,
        secondFactor: secondFactor && account.totp_secret !== null,
        grants: active.filter((g) => grantActive(g, now)).length,
      },
    },
    now,
    client,
  );
  return { ...session, stage, accountId: account.id };
}

const lockedError = (until: Date, now: Date) =>
  problem('login-locked', vi.detail.retryAfterSeconds(Math.ceil((until.getTime() - now.getTime()) / 1000)));

/** The counters of a name under a row lock (the row made first if there is none). */
async function lockedCounters(tx: Tx, username: string): Promise<LoginCounters> {
  await tx
    .insertInto('login_throttle')
    .values({ username, failed_logins: 0, lockouts: 0, locked_until: null, updated_at: new Date(0) })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  const row = await tx
    .selectFrom('login_throttle')
    .selectAll()
    .where('username', '=', username)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { failedLogins: row.failed_logins, lockouts: row.lockouts, lockedUntil: row.locked_until };
}

/**
 * Checks the lock and counts one more failure in the same locked step, before the password is
 * checked: the time a name is locked until when it is (nothing counted), else null. A password
 * found right afterwards clears the count; a wrong one leaves it counted.
 */
export async function reserveAttempt(ctx: AppContext, username: string, now: Date): Promise<Date | null> {
  return inTransaction(ctx, async (tx) => {
    const current = await lockedCounters(tx, username);
    if (isLocked(current, now)) return current.lockedUntil;
    await saveCounters(tx, username, afterFailure(current, now), now);
    return null;
  });
}

/** Takes back one reserved failure that was not one (the right password, a second code asked). */
export async function refundAttempt(tx: Tx, username: string, now: Date): Promise<void> {
  const c = await lockedCounters(tx, username);
  if (c.failedLogins > 0) await saveCounters(tx, username, { ...c, failedLogins: c.failedLogins - 1 }, now);
}

async function saveCounters(tx: Tx, username: string, c: LoginCounters, now: Date): Promise<void> {
  const values = {
    failed_logins: c.failedLogins,
    lockouts: c.lockouts,
    locked_until: c.lockedUntil,
    updated_at: now,
  };
  await tx
    .insertInto('login_throttle')
    .values({ username, ...values })
    .onConflict((oc) => oc.column('username').doUpdateSet(values))
    .execute();
}
