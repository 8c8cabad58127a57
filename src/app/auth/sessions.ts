import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionStage } from '../../store/schema.js';
import type { Actor } from '../access/actor.js';
import { accountUsable } from '../access/grantsInForce.js';
import type { AppContext, Tx } from '../context.js';

export const sessionCookie = 'motcua_session';

export interface LoadedSession {
  actor: Extract<Actor, { kind: 'staff' }>;
  csrfToken: string;
  tokenHash: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

/** A new session with a fresh random token: never an id the browser brought (no fixation). */
export async function createSession(
  tx: Tx,
  ctx: AppContext,
  accountId: string,
  stage: SessionStage,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  const now = ctx.now();
  await tx
    .insertInto('staff_session')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      csrf_token: csrfToken,
      stage,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ctx.settings.sessionMaxMs),
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

/** How stale last_seen_at may get before a request refreshes it (saves a write per request). */
const touchEveryMs = 30_000;

/**
 * The session behind a cookie token, or null when unknown, idle too long, past its absolute end,
 * or its account is no longer active. Expired rows are deleted on sight.
 */
export async function loadSession(ctx: AppContext, token: string): Promise<LoadedSession | null> {
  const tokenHash = hashToken(token);
  const now = ctx.now();
  // Every request reads its session: outside a transaction (each write below is one statement on
  // its own), that is one round trip instead of three.
  const db = ctx.db;
  const s = await db
    .selectFrom('staff_session as s')
    .innerJoin('account as a', 'a.id', 's.account_id')
    .select([
      's.account_id',
      's.csrf_token',
      's.stage',
      's.last_seen_at',
      's.expires_at',
      'a.username',
      'a.active',
      'a.valid_from',
      'a.valid_to',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!s) return null;
  const idle = now.getTime() - s.last_seen_at.getTime() > ctx.settings.sessionIdleMs;
  const accountEnded = !accountUsable(s, now);
  if (idle || now >= s.expires_at || accountEnded) {
    await db.deleteFrom('staff_session').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  if (now.getTime() - s.last_seen_at.getTime() > touchEveryMs) {
    await db
      .updateTable('staff_session')
      .set({ last_seen_at: now })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    actor: { kind: 'staff', accountId: s.account_id, username: s.username, stage: s.stage },
    csrfToken: s.csrf_token,
    tokenHash,
  };
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function deleteSessionByToken(tx: Tx, token: string): Promise<void> {
  await tx.deleteFrom('staff_session').where('token_hash', '=', hashToken(token)).execute();
}

/** Ends every session of an account (logout everywhere, deactivation, password reset). */
export async function deleteSessionsOf(tx: Tx, accountId: string): Promise<void> {
  await tx.deleteFrom('staff_session').where('account_id', '=', accountId).execute();
}
