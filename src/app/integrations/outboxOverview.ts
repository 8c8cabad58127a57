import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { replayMessages } from '../../integrations/outbox/outboxStore.js';
import { requireOperator } from './requireOperator.js';

export interface DestinationStats {
  destination: string;
  /** Due now, waiting for a dispatcher. */
  waiting: number;
  /** Failed, waiting for their next attempt. */
  retrying: number;
  /** Claimed by a dispatcher, being delivered. */
  inFlight: number;
  /** Parked after too many failures or a refusal; they hold back their dossier's later messages. */
  dead: number;
  /** Age in seconds of the oldest message not yet delivered. */
  oldestSeconds: number | null;
  sentLastMinute: number;
  sentLast15Minutes: number;
}

export const destinations = [
  'dvcqg',
  'sms',
  'email',
  'payment',
  'postal',
  'docmgmt',
  'ereceipt',
  'exchange',
] as const;

/** Per destination: how much is waiting, failing, parked and flowing. */
export async function outboxOverview(ctx: AppContext, actor: Actor): Promise<DestinationStats[]> {
  await requireOperator(ctx, actor);
  const { rows: open } = await sql<{
    destination: string;
    waiting: number;
    retrying: number;
    in_flight: number;
    dead: number;
    oldest: Date | null;
    db_now: Date;
  }>`
    SELECT destination,
      count(*) FILTER (WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until <= now())
                         AND (next_attempt_at IS NULL OR next_attempt_at <= now()))::int AS waiting,
      count(*) FILTER (WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until <= now())
                         AND next_attempt_at > now())::int AS retrying,
      count(*) FILTER (WHERE status = 'pending' AND claimed_until > now())::int AS in_flight,
      count(*) FILTER (WHERE status = 'dead')::int AS dead,
      min(created_at) AS oldest,
      now() AS db_now
    FROM outbox_message WHERE status <> 'sent' GROUP BY destination`.execute(ctx.db);
  const { rows: sent } = await sql<{ destination: string; minute: number; quarter: number }>`
    SELECT destination,
      count(*) FILTER (WHERE delivered_at > now() - interval '1 minute')::int AS minute,
      count(*)::int AS quarter
    FROM outbox_message
    WHERE status = 'sent' AND delivered_at > now() - interval '15 minutes'
    GROUP BY destination`.execute(ctx.db);
  const names = [...new Set([...destinations, ...open.map((r) => r.destination)])];
  return names.map((destination) => {
    const o = open.find((r) => r.destination === destination);
    const s = sent.find((r) => r.destination === destination);
    return {
      destination,
      waiting: o?.waiting ?? 0,
      retrying: o?.retrying ?? 0,
      inFlight: o?.in_flight ?? 0,
      dead: o?.dead ?? 0,
      oldestSeconds: o?.oldest
        ? Math.max(0, Math.round((o.db_now.getTime() - o.oldest.getTime()) / 1000))
        : null,
      sentLastMinute: s?.minute ?? 0,
      sentLast15Minutes: s?.quarter ?? 0,
    };
  });
}

export interface ParkedMessage {
  id: string;
  destination: string;
  kind: string;
  dossierCode: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  /** Later messages of the same dossier and destination waiting behind it. */
  blocked: number;
}

/** The parked (dead-letter) messages, oldest first. */
export async function listParked(
  ctx: AppContext,
  actor: Actor,
  destination: string | undefined,
  limit: number,
): Promise<ParkedMessage[]> {
  await requireOperator(ctx, actor);
  const { rows } = await sql<{
    id: string;
    destination: string;
    kind: string;
    code: string | null;
    attempts: number;
    last_error: string | null;
    created_at: Date;
    blocked: number;
  }>`
    SELECT m.id, m.destination, m.kind, d.code, m.attempts, m.last_error, m.created_at,
      (SELECT count(*)::int FROM outbox_message b
       WHERE b.destination = m.destination AND b.dossier_id = m.dossier_id AND b.status = 'pending'
         AND b.position > m.position) AS blocked
    FROM outbox_message m LEFT JOIN dossier d ON d.id = m.dossier_id
    WHERE m.status = 'dead' ${destination ? sql`AND m.destination = ${destination}` : sql``}
    ORDER BY m.position LIMIT ${limit}`.execute(ctx.db);
  return rows.map((r) => ({
    id: r.id,
    destination: r.destination,
    kind: r.kind,
    dossierCode: r.code,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    blocked: r.blocked,
  }));
}

/** An operator sends parked messages again (audited); returns how many were parked. */
export async function replayParked(
  ctx: AppContext,
  actor: Actor,
  ids: readonly string[],
  meta: RequestMeta,
): Promise<number> {
  const staff = await requireOperator(ctx, actor);
  return inTransaction(ctx, async (tx) => {
    const replayed = await replayMessages(tx, ids);
    if (replayed.length > 0)
      await recordAudit(
        tx,
        {
          actorKind: 'staff',
          actorId: staff.accountId,
          action: 'outbox.replayed',
          targetKind: 'outbox_message',
          targetId: replayed.length === 1 ? (replayed[0] ?? null) : null,
          detail: { ids: replayed },
        },
        ctx.now(),
        meta,
      );
    return replayed.length;
  });
}
