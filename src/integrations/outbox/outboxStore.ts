import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import type { OutboxMessage } from './connector.js';

interface ClaimedRow {
  id: string;
  dossier_id: string | null;
  destination: string;
  kind: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
  position: number | string;
}

/**
 * Claims up to `limit` messages for `claimant`, each the oldest undelivered message of its dossier
 * and destination, due, and not leased by someone else. Rows another dispatcher is claiming are
 * skipped (SKIP LOCKED), and a claim is a lease of `leaseMs`: when it lapses (the claimant died),
 * the message can be claimed again.
 */
export async function claimMessages(
  db: Kysely<Schema>,
  destinations: readonly string[],
  claimant: string,
  limit: number,
  leaseMs: number,
): Promise<OutboxMessage[]> {
  const { rows } = await sql<ClaimedRow>`
    WITH claimable AS (
      SELECT m.id FROM outbox_message m
      WHERE m.status = 'pending'
        AND m.destination = ANY(${sql.val(destinations)}::text[])
        AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= now())
        AND (m.claimed_until IS NULL OR m.claimed_until <= now())
        AND NOT EXISTS (
          SELECT 1 FROM outbox_message e
          WHERE e.destination = m.destination AND e.dossier_id = m.dossier_id
            AND e.status <> 'sent' AND e.position < m.position)
      ORDER BY m.position
      LIMIT ${limit}
      FOR UPDATE OF m SKIP LOCKED)
    UPDATE outbox_message o
    SET claimed_until = now() + ${`${leaseMs} milliseconds`}::interval,
        claimed_by = ${claimant},
        attempts = o.attempts + 1
    FROM claimable WHERE o.id = claimable.id
    RETURNING o.id, o.dossier_id, o.destination, o.kind, o.payload, o.attempts, o.created_at, o.position`.execute(
    db,
  );
  return rows
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((r) => ({
      id: r.id,
      dossierId: r.dossier_id,
      destination: r.destination,
      kind: r.kind,
      payload: r.payload,
      attempts: r.attempts,
      createdAt: r.created_at,
    }));
}

/** Acknowledged messages: delivered, with what the receiver answered. */
export async function markSent(
  db: Kysely<Schema>,
  sent: readonly { id: string; receipt: unknown }[],
): Promise<void> {
  if (sent.length === 0) return;
  await sql`
    UPDATE outbox_message o
    SET status = 'sent', delivered_at = now(), claimed_until = NULL, last_error = NULL, receipt = s.receipt
    FROM (SELECT * FROM jsonb_to_recordset(${JSON.stringify(sent)}::jsonb) AS x(id uuid, receipt jsonb)) s
    WHERE o.id = s.id AND o.status = 'pending'`.execute(db);
}

/** A failed attempt: tried again after `delayMs`, or parked (dead) when `park` says so. */
export async function markFailed(
  db: Kysely<Schema>,
  id: string,
  error: string,
  delayMs: number,
  park: boolean,
): Promise<void> {
  await sql`
    UPDATE outbox_message
    SET status = ${park ? 'dead' : 'pending'},
        claimed_until = NULL,
        last_error = ${error},
        next_attempt_at = now() + ${`${delayMs} milliseconds`}::interval
    WHERE id = ${id} AND status = 'pending'`.execute(db);
}

/**
 * An operator sends parked messages again: pending at once with a fresh count of attempts. Returns
 * the ids that were parked (others are left alone).
 */
export async function replayMessages(db: Kysely<Schema>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('outbox_message')
    .set({ status: 'pending', attempts: 0, next_attempt_at: null, claimed_until: null, claimed_by: null })
    .where('id', 'in', ids)
    .where('status', '=', 'dead')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A destination answered again after failing: its messages waiting out a backoff are due at once,
 * so that a backlog drains as soon as the outage ends rather than when each wait runs out.
 */
export async function retryNow(db: Kysely<Schema>, destination: string): Promise<number> {
  const r = await sql`
    UPDATE outbox_message SET next_attempt_at = NULL
    WHERE destination = ${destination} AND status = 'pending' AND next_attempt_at > now()`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
