import { sql } from 'kysely';
import { createHash, randomBytes } from 'node:crypto';
import { needsSecondFactor, type Role } from '../../domain/access/roles.js';
import { vi } from '../../domain/i18n/vi.js';
import type { SessionStage } from '../../store/schema.js';
import { recordAudit } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';
import { passwordProblems } from './account.js';
import type { ClientInfo } from './login.js';
import { hashPassword } from './passwords.js';
import type { OutboxMessage } from '../outbox/enqueue.js';
import { vnDayTime } from '../../domain/calendar/localDate.js';
import { createSession, deleteSessionsOf } from './sessions.js';

/** Where an official opens their activation link (the web app's route). */
export const activationPath = (token: string) => `/kich-hoat/${token}`;
const defaultValidMs = 7 * 24 * 3_600_000;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The password an account without one holds until activation: not an argon2 hash, so no password
 * can ever match it.
 */
export const noPassword = () => `!activation-pending:${randomBytes(16).toString('hex')}`;

/**
 * Whether the account aliased `a` has no password its official chose: invited and not activated,
 * or holding a temporary password from an administrator, still to be changed. (The hash itself is
 * never read out.)
 */
export const withoutOwnPassword = (a: string) =>
  sql<boolean>`(${sql.ref(`${a}.password_hash`)} LIKE '!activation-pending:%' OR ${sql.ref(`${a}.must_change_password`)})`;

/**
 * A new activation link for an account, as the row to keep (only the token's SHA-256) and the token
 * to send; valid for the configured time. Made one by one or by the thousand (an import).
 */
export function newActivation(ctx: AppContext, accountId: string, createdBy: string | null) {
  const now = ctx.now();
  const token = randomBytes(32).toString('base64url');
  const row = {
    token_hash: hashOf(token),
    account_id: accountId,
    created_at: now,
    expires_at: new Date(now.getTime() + (ctx.settings.activationValidMs ?? defaultValidMs)),
    created_by: createdBy,
  };
  return { token, row };
}

/**
 * A one-time activation link for an account; earlier links of the account stop working (the
 * newest one sent is the one that counts). Returns the token, which is never stored.
 */
export async function issueActivation(
  tx: Tx,
  ctx: AppContext,
  accountId: string,
  createdBy: string | null,
): Promise<{ token: string; expiresAt: Date }> {
  const { token, row } = newActivation(ctx, accountId, createdBy);
  await tx
    .updateTable('account_activation')
    .set({ used_at: row.created_at })
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
  await tx.insertInto('account_activation').values(row).execute();
  return { token, expiresAt: row.expires_at };
}

/** Whom an invitation goes to, and what it names. */
export interface Invitee {
  fullName: string;
  username: string;
  agencyCode: string;
  email: string | null;
  phone: string | null;
}

/**
 * The messages carrying an activation link to an official: an e-mail where they have an address,
 * an SMS where they have a phone (both when both), queued through the outbox.
 */
export function invitationMessages(
  ctx: AppContext,
  who: Invitee,
  token: string,
  expiresAt: Date,
): OutboxMessage[] {
  const link = `${ctx.settings.publicUrl ?? ''}${activationPath(token)}`;
  const messages: OutboxMessage[] = [];
  if (who.email)
    messages.push({
      kind: 'account.invitation',
      destination: 'email',
      payload: {
        to: who.email,
        subject: vi.officials.invitationSubject,
        body: vi.officials.invitationBody(
          who.fullName,
          who.username,
          who.agencyCode,
          link,
          vnDayTime(expiresAt.toISOString()),
        ),
      },
    });
  if (who.phone)
    messages.push({
      kind: 'account.invitation',
      destination: 'sms',
      payload: { to: who.phone, text: vi.officials.invitationSms(who.username, link) },
    });
  return messages;
}

/** The account a link activates, if it is still good: unused, unexpired, the account usable. */
async function pending(tx: Tx, token: string, now: Date) {
  const row = await tx
    .selectFrom('account_activation as t')
    .innerJoin('account as a', 'a.id', 't.account_id')
    .innerJoin('agency as g', 'g.code', 'a.agency_code')
    .select([
      't.token_hash',
      't.expires_at',
      'a.id',
      'a.username',
      'a.full_name',
      'a.agency_code',
      'g.name as agency_name',
      'a.active',
    ])
    .where('t.token_hash', '=', hashOf(token))
    .where('t.used_at', 'is', null)
    .forUpdate('t')
    .executeTakeFirst();
  if (!row || row.expires_at <= now || !row.active) throw problem('not-found', vi.detail.activationInvalid);
  return row;
}

async function rolesOf(tx: Tx, accountId: string) {
  return (
    await tx
      .selectFrom('role_grant')
      .select(['role', 'valid_from', 'valid_to', 'revoked_at'])
      .where('account_id', '=', accountId)
      .execute()
  ).map((g) => ({
    role: g.role as Role,
    validFrom: g.valid_from,
    validTo: g.valid_to,
    revokedAt: g.revoked_at,
  }));
}

export interface ActivationView {
  username: string;
  fullName: string;
  agency: { code: string; name: string };
  expiresAt: string;
  /** Whether a second factor will be enrolled right after the password (administrators). */
  secondFactor: boolean;
}

/** What a link activates, shown before the official chooses a password. */
export function activationInfo(ctx: AppContext, token: string): Promise<ActivationView> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const a = await pending(tx, token, now);
    return {
      username: a.username,
      fullName: a.full_name,
      agency: { code: a.agency_code, name: a.agency_name },
      expiresAt: a.expires_at.toISOString(),
      secondFactor: needsSecondFactor(await rolesOf(tx, a.id), now),
    };
  });
}

/**
 * Sets the account's first password through its link (used once), and signs the official in: to
 * enrol the second factor next when their role needs one, else fully.
 */
export function activate(
  ctx: AppContext,
  token: string,
  password: string,
  client: ClientInfo,
): Promise<{ token: string; csrfToken: string; stage: SessionStage }> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const a = await pending(tx, token, now);
    const weak = passwordProblems(password, a.username);
    if (weak.length > 0)
      throw problem(
        'weak-password',
        undefined,
        weak.map((w) => ({ ...w, field: 'body.password' })),
      );
    await tx
      .updateTable('account')
      .set({
        password_hash: await hashPassword(password),
        must_change_password: false,
        password_changed_at: now,
        updated_at: now,
      })
      .where('id', '=', a.id)
      .execute();
    await tx
      .updateTable('account_activation')
      .set({ used_at: now })
      .where('account_id', '=', a.id)
      .where('used_at', 'is', null)
      .execute();
    await deleteSessionsOf(tx, a.id);
    const secret = await tx
      .selectFrom('account')
      .select('totp_secret')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    const stage: SessionStage =
      needsSecondFactor(await rolesOf(tx, a.id), now) && secret.totp_secret === null ? 'enroll_totp' : 'full';
    const session = await createSession(tx, ctx, a.id, stage, client);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: a.id,
        action: 'account.activated',
        targetKind: 'account',
        targetId: a.id,
        agencyCode: a.agency_code,
        detail: { stage },
      },
      now,
      client,
    );
    return { ...session, stage };
  });
}
