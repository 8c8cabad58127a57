import { sql } from 'kysely';
import type { AppContext } from '../app/context.js';
import { countIndicators } from '../app/reports/countIndicators.js';
import { foldIndicators } from '../app/reports/foldIndicators.js';

/**
 * Counts every dossier not counted yet (an installation older than the running sums), a few
 * hundred per transaction; returns how many.
 */
export async function countUncounted(ctx: AppContext): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await sql<{ id: string }>`
      SELECT d.id FROM dossier d WHERE NOT EXISTS (SELECT 1 FROM dossier_indicator i WHERE i.dossier_id = d.id)
      LIMIT 500`.execute(ctx.db);
    if (rows.length === 0) return total;
    await ctx.db.transaction().execute(async (tx) => {
      for (const r of rows) await countIndicators(tx, r.id);
    });
    total += rows.length;
  }
}

/**
 * Folds the queued indicator changes every `everyMs` (and closes each month as it ends): the
 * aggregates lag the actions by about that much, and the live views add what is still queued.
 */
export function scheduleIndicatorFolding(
  ctx: AppContext,
  everyMs = 1000,
  onError: (e: unknown) => void = () => {},
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      // A large backlog folds in several passes without waiting for the next tick.
      while ((await foldIndicators(ctx)).folded > 0);
    })()
      .catch(onError)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
