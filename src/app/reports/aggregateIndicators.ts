import { sql } from 'kysely';
import { dayOfIso, isoOfDay } from '../../domain/calendar/localTime.js';
import { emptyTotals, type IndicatorTotals } from '../../domain/reports/indicators.js';
import {
  addTo,
  openMeasures,
  type FinishMeasure,
  type Measure,
  type ReceiptMeasure,
} from '../../domain/reports/indicatorRows.js';
import type { Tx } from '../context.js';
import { agencyProvinces, sumKeys } from './agencyProvinces.js';
import { scopeTest, sumsIn, type DossierScope } from './reportScope.js';
import { queuedChanges } from './countIndicators.js';
import { monthOf } from '../../domain/calendar/months.js';
import { nextMonthOf } from '../../domain/calendar/months.js';

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
 * The totals over a window of the dossiers in `scope` (by receiving agency and procedure), from the
 * running sums plus the changes still queued — so a view is exact to the last committed action.
 * Grouped by agency, or by province (agencies of no province stay on their own): a province whose
 * every local agency is in a slice is read from its own sums (of every procedure, or of each of the
 * slice's), so a national view reads 34 provinces' rows, not thousands of agencies'.
 */
export async function aggregateTotals(
  tx: Tx,
  db: object,
  scope: DossierScope,
  w: SumsWindow,
  group: 'agency' | 'province' = 'agency',
): Promise<Map<string, IndicatorTotals>> {
  const toMonth = w.live ? nextMonthOf(monthOf(isoOfDay(dayOfIso(w.to) - 1))) : w.to;
  const geo = await agencyProvinces(tx, db);
  const inSums = sumsIn(scope, (s) => (group === 'province' ? sumKeys(geo, s.agencies) : s.agencies));
  const inScope = scopeTest(scope);
  const groupOf = (code: string) =>
    group === 'agency' ? code : code.startsWith('*') ? code.slice(1) : (geo.provinceOf.get(code) ?? code);

  const out = new Map<string, IndicatorTotals>();
  const of = (code: string) => {
    const key = groupOf(code);
    let t = out.get(key);
    if (!t) out.set(key, (t = emptyTotals()));
    return t;
  };
  const addStock = (code: string, measure: string, late: boolean, n: number) => {
    const t = of(code);
    if (measure === 'paused') t.paused += n;
    else t.inProgress[late ? 'late' : 'onTime'] += n;
  };

  const cells = await sql<{ agency_code: string; measure: ReceiptMeasure | FinishMeasure; n: number }>`
    SELECT agency_code, measure, sum(n)::bigint AS n FROM indicator_cell
    WHERE ${inSums} AND month >= ${w.from}::date AND month < ${toMonth}::date
      AND changed_month < ${toMonth}::date
    GROUP BY 1, 2`.execute(tx);
  for (const r of cells.rows) addTo(of(r.agency_code), r.measure, Number(r.n));

  if (w.live) {
    const open = await sql<{ agency_code: string; measure: string; late: boolean; n: number }>`
      SELECT agency_code, measure, due_day < ${w.to}::date AS late, sum(n)::bigint AS n FROM indicator_open
      WHERE ${inSums} GROUP BY 1, 2, 3`.execute(tx);
    for (const r of open.rows) addStock(r.agency_code, r.measure, r.late, Number(r.n));
  } else {
    const ends = await sql<{ agency_code: string; on_time: number; late: number; paused: number }>`
      SELECT agency_code, sum(in_progress_on_time)::bigint AS on_time, sum(in_progress_late)::bigint AS late,
        sum(paused)::bigint AS paused FROM indicator_month_end
      WHERE ${inSums} AND month = ${monthOf(isoOfDay(dayOfIso(w.to) - 1))}::date
      GROUP BY 1`.execute(tx);
    for (const r of ends.rows) {
      addStock(r.agency_code, 'in_progress', false, Number(r.on_time));
      addStock(r.agency_code, 'in_progress', true, Number(r.late));
      addStock(r.agency_code, 'paused', false, Number(r.paused));
    }
  }

  // What is queued and not folded yet (a second's worth): read whole, kept when in scope.
  const queued = await sql<{
    agency_code: string;
    procedure_code: string;
    measure: Measure;
    late: boolean;
    n: number;
  }>`
    SELECT agency_code, procedure_code, measure, ref_day < ${w.to}::date AS late, n FROM ${await queuedChanges(tx)}
    WHERE day < ${w.to}::date
      AND (measure IN (${open}) OR (ref_day >= ${w.from}::date AND ref_day < ${w.to}::date))`.execute(tx);
  for (const r of queued.rows) {
    if (!inScope(r.agency_code, r.procedure_code)) continue;
    if (r.measure === 'in_progress' || r.measure === 'paused')
      addStock(r.agency_code, r.measure, r.late, r.n);
    else addTo(of(r.agency_code), r.measure, r.n);
  }
  return out;
}
