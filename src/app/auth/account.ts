import { grantActive, needsSecondFactor, roleDefinitions } from '../../domain/access/roles.js';
import { checkPassword } from '../../domain/access/passwordPolicy.js';
import { vi } from '../../domain/i18n/vi.js';
import type { SessionStage } from '../../store/schema.js';
import type { Actor } from '../access/actor.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { type FieldError } from '../errors.js';
import { grantsOf, type GrantView } from './grants.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { createSession, deleteSessionsOf, type LoadedSession } from './sessions.js';
import { freshTotpStep, newTotpSecret, totpStep, totpUri } from './totp.js';
import { refundAttempt, reserveAttempt } from './login.js';
import type { ClientInfo } from './login.js';
import { problem } from '../problems.js';

export type Staff = Extract<Actor, { kind: 'staff' }>;

export interface MeView {
  id: string;
  username: string;
  fullName: string;
  agency: { code: string; name: string };
  position: string | null;
  phone: string | null;
  email: string | null;
  stage: SessionStage;
  secondFactor: 'enrolled' | 'required' | 'optional';
  grants: GrantView[];
}

/** The signed-in official, with the grants in force now. */
export function getMe(ctx: AppContext, actor: Staff): Promise<MeView> {
  return inTransaction(ctx, async (tx) => {
    const a = await tx
      .selectFrom('account as a')
      .innerJoin('agency as g', 'g.code', 'a.agency_code')
      .select([
        'a.id',
        'a.username',
        'a.full_name',
        'a.agency_code',
        'g.name as agency_name',
        'a.position',
        'a.phone',
        'a.email',
        'a.totp_secret',
      ])
      .where('a.id', '=', actor.accountId)
      .executeTakeFirstOrThrow();
    const now = ctx.now();
    const grants = await grantsOf(tx, a.id, now);
    const required = grants.some((g) => roleDefinitions[g.role].requiresSecondFactor);
    return {
      id: a.id,
      username: a.username,
      fullName: a.full_name,
      agency: { code: a.agency_code, name: a.agency_name },
      position: a.position,
      phone: a.phone,
      email: a.email,
      stage: actor.stage,
      secondFactor: a.totp_secret ? 'enrolled' : required ? 'required' : 'optional',
      grants,
    };
  });
}

export function passwordProblems(password: string, username: string): FieldError[] {
  return checkPassword(password, username).map((p) => ({
    field: 'body.newPassword',
    message: vi.passwordProblem[p],
  }));
}

/** Where a signed-in official stands after a security step: what is still owed, if anything. */
async function stageAfter(tx: Tx, accountId: string, now: Date): Promise<SessionStage> {
  const a = await tx
    .selectFrom('account')
    .select(['must_change_password', 'totp_secret'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  if (a.must_change_password) return 'change_password';
  const grants = await tx
    .selectFrom('role_grant')
    .select(['role', 'valid_from', 'valid_to', 'revoked_at'])
    .where('account_id', '=', accountId)
    .execute();
  const active = grants
    .map((g) => ({ role: g.role, validFrom: g.valid_from, validTo: g.valid_to, revokedAt: g.revoked_at }))
    .filter((g) => grantActive(g, now));
  return needsSecondFactor(active, now) && a.totp_secret === null ? 'enroll_totp' : 'full';
}

/**
 * After a security step: every session of the account ends and a fresh one is issued at the stage
 * the account is now in (rotation), and the step is audited.
 */
async function reissueSession(
  tx: Tx,
  ctx: AppContext,
  account: { id: string; agencyCode: string },
  action: string,
  client: ClientInfo,
): Promise<{ token: string; csrfToken: string; stage: SessionStage }> {
  const now = ctx.now();
  await deleteSessionsOf(tx, account.id);
  const stage = await stageAfter(tx, account.id, now);
  const fresh = await createSession(tx, ctx, account.id, stage, client);
  await recordAudit(
    tx,
    {
      actorKind: 'staff',
      actorId: account.id,
      action,
      targetKind: 'account',
      targetId: account.id,
      agencyCode: account.agencyCode,
    },
    now,
    client,
  );
  return { ...fresh, stage };
}

/**
 * Changes the signed-in official's password: the current one is required, the new one must pass the
 * policy. Every session of the account ends and a new one is issued (rotation).
 */
export async function changePassword(
  ctx: AppContext,
  session: LoadedSession,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<{ token: string; csrfToken: string; stage: SessionStage }> {
  const now = ctx.now();
  const account = await ctx.db
    .selectFrom('account')
    .select(['id', 'username', 'password_hash', 'agency_code'])
    .where('id', '=', session.actor.accountId)
    .executeTakeFirstOrThrow();
  await checkCurrentPassword(
    ctx,
    session.actor.accountId,
    account,
    input.currentPassword,
    'body.currentPassword',
  );
  const problems = passwordProblems(input.newPassword, account.username);
  if (input.newPassword === input.currentPassword)
    problems.push({ field: 'body.newPassword', message: vi.passwordProblem.same_as_current });
  if (problems.length > 0) throw problem('weak-password', undefined, problems);
  const hash = await hashPassword(input.newPassword);
  return inTransaction(ctx, async (tx) => {
    await tx
      .updateTable('account')
      .set({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now })
      .where('id', '=', account.id)
      .execute();
    return reissueSession(
      tx,
      ctx,
      { id: account.id, agencyCode: account.agency_code },
      'account.password_changed',
      client,
    );
  });
}

/**
 * The signed-in official's current password, counted with the sign-in failures of their name: a
 * session is no oracle for guessing it. The failure that locks the name ends every session of the
 * account.
 */
async function checkCurrentPassword(
  ctx: AppContext,
  accountId: string,
  account: { username: string; password_hash: string },
  given: string,
  field: string,
): Promise<void> {
  const now = ctx.now();
  const lockedUntil = await reserveAttempt(ctx, account.username, now);
  if (lockedUntil) {
    await inTransaction(ctx, (tx) => deleteSessionsOf(tx, accountId));
    throw problem('login-locked');
  }
  const right = await verifyPassword(account.password_hash, given);
  await inTransaction(ctx, async (tx) => {
    if (right) await refundAttempt(tx, account.username, now);
    else {
      const row = await tx
        .selectFrom('login_throttle')
        .select('locked_until')
        .where('username', '=', account.username)
        .executeTakeFirst();
      if (row?.locked_until && row.locked_until > now) await deleteSessionsOf(tx, accountId);
    }
  });
  if (!right) throw problem('wrong-password', undefined, [{ field, message: vi.problem.wrongPassword }]);
}

/**
 * Starts second-factor enrolment: a new secret, kept pending until a code from it is confirmed.
 * Replacing a second factor already enrolled takes the current password and a current code (or an
 * administrator's reset): a stolen session alone cannot swap the factor for the thief's.
 */
export async function startTotpSetup(
  ctx: AppContext,
  actor: Staff,
  proof: { currentPassword?: string | undefined; otp?: string | undefined } = {},
): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret();
  const now = ctx.now();
  const a = await ctx.db
    .selectFrom('account')
    .select(['username', 'password_hash', 'totp_secret', 'totp_last_step'])
    .where('id', '=', actor.accountId)
    .executeTakeFirstOrThrow();
  if (a.totp_secret !== null) {
    if (!proof.currentPassword || !proof.otp)
      throw problem('reauthentication-required', undefined, [
        ...(proof.currentPassword ? [] : [{ field: 'body.currentPassword', message: vi.problem.required }]),
        ...(proof.otp ? [] : [{ field: 'body.otp', message: vi.problem.required }]),
      ]);
    await checkCurrentPassword(ctx, actor.accountId, a, proof.currentPassword, 'body.currentPassword');
    const step = freshTotpStep(a.username, a.totp_secret, proof.otp, a.totp_last_step, now);
    if (step === null)
      throw problem('otp-code-invalid', undefined, [{ field: 'body.otp', message: vi.problem.otpInvalid }]);
    await ctx.db
      .updateTable('account')
      .set({ totp_last_step: step })
      .where('id', '=', actor.accountId)
      .execute();
  }
  return inTransaction(ctx, async (tx) => {
    await tx
      .updateTable('account')
      .set({ totp_pending_secret: secret, updated_at: ctx.now() })
      .where('id', '=', actor.accountId)
      .execute();
    return { secret, uri: totpUri(actor.username, secret) };
  });
}

/** Confirms enrolment with a current code; the session is replaced by a full one. */
export function confirmTotp(
  ctx: AppContext,
  session: LoadedSession,
  code: string,
  client: ClientInfo,
): Promise<{ token: string; csrfToken: string; stage: SessionStage }> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const a = await tx
      .selectFrom('account')
      .select(['id', 'username', 'totp_pending_secret', 'agency_code'])
      .where('id', '=', session.actor.accountId)
      .executeTakeFirstOrThrow();
    if (!a.totp_pending_secret) throw problem('no-totp-setup');
    const step = totpStep(a.username, a.totp_pending_secret, code, now);
    if (step === null) {
      throw problem('otp-code-invalid', undefined, [{ field: 'body.otp', message: vi.problem.otpInvalid }]);
    }
    await tx
      .updateTable('account')
      // The code that confirmed enrolment is used: it does not also sign in.
      .set({
        totp_secret: a.totp_pending_secret,
        totp_pending_secret: null,
        totp_last_step: step,
        updated_at: now,
      })
      .where('id', '=', a.id)
      .execute();
    return reissueSession(tx, ctx, { id: a.id, agencyCode: a.agency_code }, 'account.totp_enrolled', client);
  });
}

/** Ends this session, or every session of the account. */
export function logout(
  ctx: AppContext,
  session: LoadedSession,
  everywhere: boolean,
  meta: RequestMeta,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    if (everywhere) await deleteSessionsOf(tx, session.actor.accountId);
    else await tx.deleteFrom('staff_session').where('token_hash', '=', session.tokenHash).execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: session.actor.accountId,
        action: everywhere ? 'auth.logout_everywhere' : 'auth.logout',
        targetKind: 'account',
        targetId: session.actor.accountId,
      },
      ctx.now(),
      meta,
    );
  });
}
