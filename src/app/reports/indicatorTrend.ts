import { sql } from 'kysely';
import { emptyTotals, indicatorsOf, type IndicatorTotals } from '../../domain/reports/indicators.js';
import type { FinishMeasure, ReceiptMeasure } from '../../domain/reports/indicatorRows.js';
import { addTo } from '../../domain/reports/indicatorRows.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inSnapshot, type AppContext } from '../context.js';
import { agencyProvinces, sumKeys } from './agencyProvinces.js';
import { localToday, monthOf, previousMonthOf } from '../../domain/calendar/months.js';
import { reportScope, scopeTest, sumsIn, type ScopeFilter } from './reportScope.js';
import { queuedChanges } from './countIndicators.js';

export interface TrendMonth {
  /** 'YYYY-MM'. */
  month: string;
  received: number;
  finished: number;
  finishedLate: number;
  /** Finished before or on their due, of all finished; null when none finished. */
  onTimeRate: number | null;
  /** Decision 766's online rate: received online, of those received that could be online. */
  onlineRate: number | null;
}

/**
 * Received and finished dossiers of each of the last `months` months (this one so far), each month
 * as its own period — the same numbers the indicators give for that month — from the running sums.
 */
export function indicatorTrend(
  ctx: AppContext,
  actor: Actor,
  q: ScopeFilter & { months?: number | undefined },
): Promise<TrendMonth[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const current = monthOf(localToday(now));
  const months: string[] = [current];
  while (months.length < (q.months ?? 12)) months.unshift(previousMonthOf(months[0] as string));
  const first = months[0] as string;
  return inSnapshot(ctx, async (tx) => {
    const scope = await reportScope(tx, staff.accountId, now, q);
    const geo = await agencyProvinces(tx, ctx.db);
    const inSums = sumsIn(scope, (s) => sumKeys(geo, s.agencies));
    const totals = new Map<string, IndicatorTotals>(months.map((m) => [m, emptyTotals()]));
    const add = (month: string, measure: ReceiptMeasure | FinishMeasure, n: number) => {
      const t = totals.get(month);
      if (t) addTo(t, measure, n);
    };
    // A month as a period counts the changes made up to its end: changed_month <= month.
    const { rows } = await sql<{ month: string; measure: ReceiptMeasure | FinishMeasure; n: number }>`
      SELECT to_char(month, 'YYYY-MM-DD') AS month, measure, sum(n)::bigint AS n FROM indicator_cell
      WHERE ${inSums} AND month >= ${first}::date
        AND changed_month <= month
      GROUP BY 1, 2`.execute(tx);
    for (const r of rows) add(r.month, r.measure, Number(r.n));
    const inScope = scopeTest(scope);
    const { rows: queued } = await sql<{
      agency_code: string;
      procedure_code: string;
      month: string;
      measure: ReceiptMeasure | FinishMeasure;
      n: number;
    }>`
      SELECT agency_code, procedure_code, to_char(date_trunc('month', ref_day), 'YYYY-MM-DD') AS month, measure, n
      FROM ${await queuedChanges(tx)}
      WHERE measure NOT IN ('in_progress', 'paused') AND ref_day >= ${first}::date
        AND date_trunc('month', day) <= date_trunc('month', ref_day)`.execute(tx);
    for (const r of queued) if (inScope(r.agency_code, r.procedure_code)) add(r.month, r.measure, r.n);
    return months.map((m) => {
      const i = indicatorsOf(totals.get(m) ?? emptyTotals());
      return {
        month: m.slice(0, 7),
        received: i.received.total,
        finished: i.finished.total,
        finishedLate: i.finished.late,
        onTimeRate: i.rates.onTime,
        onlineRate: i.rates.online,
      };
    });
  });
}
