import { sql } from 'kysely';
import { dayOfIso, isoOfDay } from '../../domain/calendar/localTime.js';
import { emptyTotals, type IndicatorTotals } from '../../domain/reports/indicators.js';
import {
  addTo,
  openMeasures,
  type FinishMeasure,
  type ReceiptMeasure,
} from '../../domain/reports/indicatorRows.js';
import type { Tx } from '../context.js';
import { monthOf } from './foldIndicators.js';
import { nextMonthOf } from './indicatorSums.js';

/**
 * A period the running sums answer: from a month's first day, to the end of a closed month or up
 * to today (live). Other periods are recounted from the log.
 */
export interface SumsWindow {
  /** [from, to) as 'YYYY-MM-DD'; `to` is exclusive. */
  from: string;
  to: string;
  /** The stock at `to` is the stock now (to = tomorrow), not a closed month's end. */
  live: boolean;
}

export async function sumsWindow(
  tx: Tx,
  from: string,
  to: string,
  today: string,
): Promise<SumsWindow | null> {
  if (!from.endsWith('-01') || from > today) return null;
  if (to === isoOfDay(dayOfIso(today) + 1)) return { from, to, live: true };
  if (!to.endsWith('-01') || to > monthOf(today)) return null;
  const last = isoOfDay(dayOfIso(to) - 1).slice(0, 7) + '-01';
  const closed = await tx
    .selectFrom('indicator_month_closed')
    .select('month')
    .where('month', '=', last)
    .executeTakeFirst();
  return closed ? { from, to, live: false } : null;
}

const open = sql.join(openMeasures.map((m) => sql.lit(m)));

/**
 * The totals of each agency (among `agencies`) over a window, from the running sums plus the
 * changes still queued — so a view is exact to the last committed action. `procedure` narrows to
 * one procedure; '*' reads the sums over all procedures.
 */
export async function aggregateTotals(
  tx: Tx,
  agencies: readonly string[],
  procedure: string,
  w: SumsWindow,
): Promise<Map<string, IndicatorTotals>> {
  const toMonth = w.live ? nextMonthOf(monthOf(isoOfDay(dayOfIso(w.to) - 1))) : w.to;
  const codes = [...agencies];
  const queued = procedure === '*' ? sql`true` : sql`procedure_code = ${procedure}`;
  const flows = await sql<{ agency_code: string; measure: ReceiptMeasure | FinishMeasure; n: number }>`
    SELECT agency_code, measure, sum(n)::bigint AS n FROM (
      SELECT agency_code, measure, n FROM indicator_cell
      WHERE procedure_code = ${procedure} AND month >= ${w.from}::date AND month < ${toMonth}::date
        AND changed_month < ${toMonth}::date AND agency_code = ANY(${codes}::text[])
      UNION ALL
      SELECT agency_code, measure, n FROM indicator_change
      WHERE ${queued} AND measure NOT IN (${open}) AND ref_day >= ${w.from}::date AND ref_day < ${w.to}::date
        AND day < ${w.to}::date AND agency_code = ANY(${codes}::text[])
    ) s GROUP BY agency_code, measure`.execute(tx);
  const last = monthOf(isoOfDay(dayOfIso(w.to) - 1));
  const monthEnd = (column: string, measure: string, late: boolean) =>
    sql`SELECT agency_code, ${measure}::text, ${late}::boolean, ${sql.ref(column)} FROM indicator_month_end
        WHERE procedure_code = ${procedure} AND month = ${last}::date AND agency_code = ANY(${codes}::text[])`;
  const stock = w.live
    ? sql`SELECT agency_code, measure, due_day < ${w.to}::date, n FROM indicator_open
          WHERE procedure_code = ${procedure} AND agency_code = ANY(${codes}::text[])`
    : sql`${monthEnd('in_progress_on_time', 'in_progress', false)} UNION ALL
          ${monthEnd('in_progress_late', 'in_progress', true)} UNION ALL
          ${monthEnd('paused', 'paused', false)}`;
  const stocks = await sql<{
    agency_code: string;
    measure: 'in_progress' | 'paused';
    late: boolean;
    n: number;
  }>`
    SELECT agency_code, measure, late, sum(n)::bigint AS n FROM (
      ${stock}
      UNION ALL
      SELECT agency_code, measure, ref_day < ${w.to}::date, n FROM indicator_change
      WHERE ${queued} AND measure IN (${open}) AND day < ${w.to}::date AND agency_code = ANY(${codes}::text[])
    ) s (agency_code, measure, late, n) GROUP BY 1, 2, 3`.execute(tx);

  const out = new Map<string, IndicatorTotals>();
  const of = (agency: string) => {
    let t = out.get(agency);
    if (!t) out.set(agency, (t = emptyTotals()));
    return t;
  };
  for (const r of flows.rows) addTo(of(r.agency_code), r.measure, Number(r.n));
  for (const r of stocks.rows) {
    const t = of(r.agency_code);
    if (r.measure === 'paused') t.paused += Number(r.n);
    else t.inProgress[r.late ? 'late' : 'onTime'] += Number(r.n);
  }
  return out;
}
