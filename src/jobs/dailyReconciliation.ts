import { sql } from 'kysely';
import type { AppContext } from '../app/context.js';
import { reconcilePortalDay } from '../app/integrations/portalReconciliation.js';
import type { PortalClient } from '../integrations/dvcqg/portalClient.js';

/** The day before `now` in Vietnam (yyyy-mm-dd), and the hour it is there now. */
export function previousLocalDay(now: Date): { day: string; hour: number } {
  const local = new Date(now.getTime() + 7 * 3_600_000);
  const yesterday = new Date(local.getTime() - 86_400_000);
  return { day: yesterday.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

/**
 * Once a day, after 01:00 in Vietnam, reconciles the previous day with the portal (unless a scheduled
 * report for it exists) and removes delivered outbox messages older than `keepDays`. Checked every
 * `everyMs`; several processes may run it: the report is taken under an advisory lock.
 */
export function scheduleDailyReconciliation(
  ctx: AppContext,
  portal: PortalClient,
  opts: { everyMs?: number; keepDays?: number; onError?: (e: unknown) => void } = {},
): () => void {
  const run = async () => {
    const { day, hour } = previousLocalDay(ctx.now());
    if (hour < 1) return;
    // An advisory lock belongs to a connection: hold one for the whole run.
    await ctx.db.connection().execute(async (db) => {
      const { rows } = await sql<{ locked: boolean; done: boolean }>`
        SELECT pg_try_advisory_lock(hashtext('motcua.daily-reconciliation')) AS locked,
               EXISTS (SELECT 1 FROM portal_reconciliation WHERE day = ${day} AND trigger = 'schedule') AS done`.execute(
        db,
      );
      const { locked, done } = rows[0] ?? { locked: false, done: true };
      try {
        if (locked && !done) {
          await reconcilePortalDay({ ...ctx, db }, portal, day, 'schedule');
          await sql`DELETE FROM outbox_message
                    WHERE status = 'sent' AND delivered_at < now() - make_interval(days => ${opts.keepDays ?? 7})`.execute(
            db,
          );
        }
      } finally {
        if (locked) await sql`SELECT pg_advisory_unlock(hashtext('motcua.daily-reconciliation'))`.execute(db);
      }
    });
  };
  const timer = setInterval(() => void run().catch(opts.onError ?? (() => {})), opts.everyMs ?? 600_000);
  timer.unref();
  return () => clearInterval(timer);
}
