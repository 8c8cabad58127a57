import { sql } from 'kysely';
import { openMeasures } from '../../domain/reports/indicatorRows.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { countDirty } from './countIndicators.js';
import { localToday, monthOf, nextMonthOf } from '../../domain/calendar/months.js';

/** One folder at a time, wherever it runs (serve, dispatch, the check command). */
const foldLock = 7_151_001;
const open = sql.join(openMeasures.map((m) => sql.lit(m)));

/**
 * Folds queued indicator changes into the running sums, then closes every month that has ended
 * (its open stock kept as it stood at the month's end). Changes are sums, so their order does not
 * matter; a change that belongs before a month already closed (a late backfill) is added to that
 * month's stock too, so a closed month is always exactly the sum of the changes before its end.
 */
export function foldIndicators(
  ctx: AppContext,
  limit = 20_000,
): Promise<{ folded: number; closed: string[] }> {
  return inTransaction(ctx, async (tx) => {
    const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${foldLock}) AS ok`.execute(
      tx,
    );
    if (!rows[0]?.ok) return { folded: 0, closed: [] };
    const folded = await foldBatch(tx, limit);
    // Months close once the queue is drained: a backlog (a rebuild) folds first, so its history is
    // not added to every closed month one change at a time. Closing later is never wrong.
    const closed = folded < limit ? await closeMonths(tx, monthOf(localToday(ctx.now())), ctx.now()) : [];
    return { folded, closed };
  });
}

/** Counts every marked dossier and folds everything queued (the check command and tests: nothing left waiting). */
export async function foldAllIndicators(ctx: AppContext, limit = 20_000): Promise<void> {
  for (;;) {
    const counted = await countDirty(ctx);
    const { folded } = await foldIndicators(ctx, limit);
    if (
      counted === 0 &&
      folded === 0 &&
      (await ctx.db.selectFrom('indicator_change').select('id').limit(1).execute()).length === 0 &&
      (await ctx.db.selectFrom('indicator_dirty').select('dossier_id').limit(1).execute()).length === 0
    )
      return;
  }
}

async function foldBatch(tx: Tx, limit: number): Promise<number> {
  const { rows } = await sql<{ folded: number }>`
    WITH batch AS (
      DELETE FROM indicator_change
      WHERE id IN (SELECT id FROM indicator_change ORDER BY id LIMIT ${limit})
      RETURNING procedure_code, agency_code, measure, ref_day, day, n
    ), levels AS (
      SELECT procedure_code, agency_code, measure, ref_day, day, n FROM batch
      UNION ALL
      SELECT '*', agency_code, measure, ref_day, day, n FROM batch
      UNION ALL
      SELECT '*', '*' || p.province, measure, ref_day, day, n FROM batch b JOIN agency_province p ON p.code = b.agency_code
      UNION ALL
      SELECT procedure_code, '*' || p.province, measure, ref_day, day, n FROM batch b JOIN agency_province p ON p.code = b.agency_code
    ), cells AS (
      INSERT INTO indicator_cell (procedure_code, month, agency_code, measure, changed_month, n)
      SELECT procedure_code, date_trunc('month', ref_day)::date, agency_code, measure, date_trunc('month', day)::date, sum(n)
      FROM levels WHERE measure NOT IN (${open})
      GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (procedure_code, agency_code, month, measure, changed_month)
        DO UPDATE SET n = indicator_cell.n + excluded.n
    ), stock AS (
      INSERT INTO indicator_open (procedure_code, agency_code, measure, due_day, n)
      SELECT procedure_code, agency_code, measure, ref_day, sum(n)
      FROM levels WHERE measure IN (${open})
      GROUP BY 1, 2, 3, 4
      ON CONFLICT (procedure_code, agency_code, measure, due_day)
        DO UPDATE SET n = indicator_open.n + excluded.n
    ), stock_changes AS (
      INSERT INTO indicator_open_change (day, procedure_code, agency_code, measure, due_day, n)
      SELECT day, procedure_code, agency_code, measure, ref_day, sum(n)
      FROM levels WHERE measure IN (${open})
        -- Only days after the last closed month: no month left to close needs earlier ones.
        AND day >= coalesce((SELECT max(month) + interval '1 month' FROM indicator_month_closed), '-infinity')
      GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (day, procedure_code, agency_code, measure, due_day)
        DO UPDATE SET n = indicator_open_change.n + excluded.n
    ), month_ends AS (
      INSERT INTO indicator_month_end (procedure_code, month, agency_code, in_progress_on_time, in_progress_late, paused)
      SELECT l.procedure_code, c.month, l.agency_code,
        coalesce(sum(l.n) FILTER (WHERE l.measure = 'in_progress' AND l.ref_day >= (c.month + interval '1 month')::date), 0),
        coalesce(sum(l.n) FILTER (WHERE l.measure = 'in_progress' AND l.ref_day < (c.month + interval '1 month')::date), 0),
        coalesce(sum(l.n) FILTER (WHERE l.measure = 'paused'), 0)
      FROM levels l JOIN indicator_month_closed c ON l.day < (c.month + interval '1 month')::date
      WHERE l.measure IN (${open})
      GROUP BY 1, 2, 3
      ON CONFLICT (procedure_code, month, agency_code) DO UPDATE SET
        in_progress_on_time = indicator_month_end.in_progress_on_time + excluded.in_progress_on_time,
        in_progress_late = indicator_month_end.in_progress_late + excluded.in_progress_late,
        paused = indicator_month_end.paused + excluded.paused
    )
    -- The inserts above run whether read or not (data-modifying WITH clauses always do).
    SELECT count(*)::int AS folded FROM batch`.execute(tx);
  return rows[0]?.folded ?? 0;
}

/**
 * Closes each month that has ended and is not closed yet, in order: its open stock at its end is
 * the stock now less what changed since. Then the day-by-day changes no month needs are dropped.
 */
async function closeMonths(tx: Tx, currentMonth: string, now: Date): Promise<string[]> {
  const { rows } = await sql<{ last: string | null; first: string | null }>`
    SELECT (SELECT max(month) FROM indicator_month_closed) AS last,
           (SELECT min(day) FROM indicator_open_change) AS first`.execute(tx);
  const last = rows[0]?.last ?? null;
  const first = rows[0]?.first ?? null;
  let month = last ? nextMonthOf(last) : first ? monthOf(first) : null;
  const closed: string[] = [];
  for (; month !== null && month < currentMonth; month = nextMonthOf(month)) {
    const end = nextMonthOf(month);
    await sql`
      INSERT INTO indicator_month_end (procedure_code, month, agency_code, in_progress_on_time, in_progress_late, paused)
      SELECT procedure_code, ${month}::date, agency_code,
        coalesce(sum(n) FILTER (WHERE measure = 'in_progress' AND due_day >= ${end}::date), 0),
        coalesce(sum(n) FILTER (WHERE measure = 'in_progress' AND due_day < ${end}::date), 0),
        coalesce(sum(n) FILTER (WHERE measure = 'paused'), 0)
      FROM (
        SELECT procedure_code, agency_code, measure, due_day, n FROM indicator_open
        UNION ALL
        SELECT procedure_code, agency_code, measure, due_day, -n FROM indicator_open_change WHERE day >= ${end}::date
      ) s
      GROUP BY procedure_code, agency_code
      HAVING sum(n) <> 0`.execute(tx);
    await tx.insertInto('indicator_month_closed').values({ month, closed_at: now }).execute();
    closed.push(month);
  }
  if (closed.length > 0) {
    const end = nextMonthOf(closed.at(-1) as string);
    await sql`DELETE FROM indicator_open_change WHERE day < ${end}::date`.execute(tx);
    await sql`DELETE FROM indicator_open WHERE n = 0`.execute(tx);
  }
  return closed;
}
