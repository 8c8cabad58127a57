import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import { onScope, reportScope, scopeRows, type ScopeFilter } from './reportScope.js';

export interface BacklogRow {
  destination: string;
  /** Not delivered yet, not failed so far. */
  waiting: number;
  /** Failed at least once, still being retried. */
  retrying: number;
  /** Given up on (parked): an operator must look. */
  dead: number;
  /** When the oldest of them was written. */
  oldest: string | null;
}

/**
 * Messages about the dossiers in the official's scope that have not reached their destination
 * (the national portal, SMS, payment, post …), by destination: the leader sees that the portal is
 * behind for their dossiers; the operator's screen shows why.
 */
export function integrationBacklog(ctx: AppContext, actor: Actor, q: ScopeFilter): Promise<BacklogRow[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const scope = await reportScope(tx, staff.accountId, now, q);
    const { rows } = await sql<{
      destination: string;
      waiting: number;
      retrying: number;
      dead: number;
      oldest: Date | null;
    }>`
      SELECT o.destination,
        count(*) FILTER (WHERE o.status = 'pending' AND o.attempts = 0)::int AS waiting,
        count(*) FILTER (WHERE o.status = 'pending' AND o.attempts > 0)::int AS retrying,
        count(*) FILTER (WHERE o.status = 'dead')::int AS dead,
        min(o.created_at) AS oldest
      FROM outbox_message o JOIN dossier d ON d.id = o.dossier_id
        JOIN ${scopeRows(scope)} s ON ${onScope()}
      WHERE o.status <> 'sent'
      GROUP BY o.destination ORDER BY o.destination`.execute(tx);
    return rows.map((r) => ({ ...r, oldest: r.oldest ? new Date(r.oldest).toISOString() : null }));
  });
}
