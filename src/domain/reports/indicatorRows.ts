import { verdict, type Verdict } from '../calendar/deadline.js';
import { dayOf, dayOfIso, type DayNumber } from '../calendar/localTime.js';
import { statusGroups, type DossierStatus } from '../dossier/status.js';
import { emptyTotals, type DossierRecord, type IndicatorTotals, type LogEntry } from './indicators.js';
import { isSatisfied } from './ratings.js';

/**
 * The indicators as additive rows, so that they can be kept as running sums (the aggregates) and
 * still give, for any period of whole days, exactly what the recount from the log gives.
 *
 * A dossier's rows say how it stands over time: each row adds `n` (+1 or −1) to a measure, from
 * the day `day` on, for a reference day `ref`. When a dossier moves from one standing to another
 * on day c, its old standing's rows are taken back on day c and the new ones added on day c. The
 * totals of a period [from, to) then read:
 * - receipt measures (ref = the day it was received): ref in the period;
 * - finish measures (ref = the day it finished): ref in the period, counting rows with day < to —
 *   a result recalled after the period still counts in it;
 * - open measures (ref = its due day): rows with day < to — its standing at the period's end —
 *   late when the due day is before `to`.
 */

export const receiptMeasures = [
  'received_counter',
  'received_online',
  'received_postal',
  'online_eligible',
  'online_received',
  'digitized',
  'reused',
  'fee_bearing',
  'paid_online',
] as const;
export const finishMeasures = [
  'finished_before_due',
  'finished_on_time',
  'finished_late',
  'result_digitized',
  'rated',
  'satisfied',
] as const;
export const openMeasures = ['in_progress', 'paused'] as const;

export type ReceiptMeasure = (typeof receiptMeasures)[number];
export type FinishMeasure = (typeof finishMeasures)[number];
export type OpenMeasure = (typeof openMeasures)[number];
export type Measure = ReceiptMeasure | FinishMeasure | OpenMeasure;

export const measureKind = (m: Measure): 'receipt' | 'finish' | 'open' =>
  (receiptMeasures as readonly string[]).includes(m)
    ? 'receipt'
    : (finishMeasures as readonly string[]).includes(m)
      ? 'finish'
      : 'open';

const isOpen = (m: Measure): m is OpenMeasure => (openMeasures as readonly string[]).includes(m);

export interface IndicatorRow {
  measure: Measure;
  ref: DayNumber;
  day: DayNumber;
  n: number;
}

/** The due day of a dossier without a deadline: never late. */
export const noDueDay: DayNumber = dayOfIso('9999-12-31');

type Standing =
  | { kind: 'open'; measure: OpenMeasure; due: DayNumber }
  | { kind: 'finished'; verdict: Verdict; day: DayNumber };

const isIn = (group: readonly number[], s: DossierStatus) => group.includes(s);

/** The rows of one dossier, netted: one per (measure, ref, day), none that adds nothing. */
export function indicatorRows(d: DossierRecord): IndicatorRow[] {
  const first = d.log.findIndex((e) => isIn(statusGroups.received, e.toStatus));
  const receivedAt = d.log[first]?.at;
  if (receivedAt === undefined) return [];
  const out: IndicatorRow[] = [];
  const add = (measure: Measure, ref: DayNumber, day: DayNumber, n: number) =>
    out.push({ measure, ref, day, n });

  const r = dayOf(receivedAt);
  add(
    d.channel === 1 ? 'received_counter' : d.channel === 2 ? 'received_online' : 'received_postal',
    r,
    r,
    1,
  );
  if (d.onlineEligible) {
    add('online_eligible', r, r, 1);
    if (d.channel === 2) add('online_received', r, r, 1);
  }
  if (d.digitized) add('digitized', r, r, 1);
  if (d.reused) add('reused', r, r, 1);
  if (d.feeBearing) {
    add('fee_bearing', r, r, 1);
    if (d.paidOnline) add('paid_online', r, r, 1);
  }

  const standingRows = (s: Standing, day: DayNumber, n: number) => {
    if (s.kind === 'open') return add(s.measure, s.due, day, n);
    const verdictMeasure =
      s.verdict === 'before_due'
        ? 'finished_before_due'
        : s.verdict === 'on_time'
          ? 'finished_on_time'
          : 'finished_late';
    add(verdictMeasure, s.day, day, n);
    if (d.resultDigitized) add('result_digitized', s.day, day, n);
    if (d.rating) {
      add('rated', s.day, day, n);
      if (isSatisfied(d.rating)) add('satisfied', s.day, day, n);
    }
  };

  let standing: Standing | null = null;
  let previous: DossierStatus | null = d.log[first - 1]?.toStatus ?? null;
  for (let i = first; i < d.log.length; i++) {
    const e = d.log[i] as LogEntry;
    let next: Standing | null = standing;
    if (isIn(statusGroups.finished, e.toStatus)) {
      // Finishing is entering the finished group from outside it; moves inside it change nothing.
      if (previous === null || !isIn(statusGroups.finished, previous)) {
        const due = dueBefore(d.log, i);
        next = {
          kind: 'finished',
          verdict: due === null ? 'on_time' : verdict(e.at, due),
          day: dayOf(e.at),
        };
      }
    } else {
      next = {
        kind: 'open',
        measure: isIn(statusGroups.paused, e.toStatus) ? 'paused' : 'in_progress',
        due: e.due === null ? noDueDay : dayOf(e.due),
      };
    }
    if (!sameStanding(standing, next)) {
      const day = dayOf(e.at);
      if (standing) standingRows(standing, day, -1);
      if (next) standingRows(next, day, 1);
      standing = next;
    }
    previous = e.toStatus;
  }
  return netted(out);
}

/** The due time in force when the dossier finished: the entry's own, else the latest before it. */
function dueBefore(log: readonly LogEntry[], i: number) {
  for (let j = i; j >= 0; j--) {
    const due = log[j]?.due;
    if (due !== undefined && due !== null) return due;
  }
  return null;
}

function sameStanding(a: Standing | null, b: Standing | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'open' && b.kind === 'open') return a.measure === b.measure && a.due === b.due;
  if (a.kind === 'finished' && b.kind === 'finished') return a.verdict === b.verdict && a.day === b.day;
  return false;
}

export const rowKey = (r: Pick<IndicatorRow, 'measure' | 'ref' | 'day'>) => `${r.measure}|${r.ref}|${r.day}`;

/** Rows summed by (measure, ref, day), zero sums dropped, in key order. */
export function netted(rows: readonly IndicatorRow[]): IndicatorRow[] {
  const sums = new Map<string, IndicatorRow>();
  for (const r of rows) {
    const key = rowKey(r);
    const seen = sums.get(key);
    if (seen) seen.n += r.n;
    else sums.set(key, { ...r });
  }
  return [...sums.values()]
    .filter((r) => r.n !== 0)
    .sort((a, b) => a.measure.localeCompare(b.measure) || a.ref - b.ref || a.day - b.day);
}

/** What turns `before` into `after`: the change to apply to the running sums. */
export const rowChange = (before: readonly IndicatorRow[], after: readonly IndicatorRow[]) =>
  netted([...after, ...before.map((r) => ({ ...r, n: -r.n }))]);

/** The totals of a period of whole days [from, to), read from summed rows (see the top). */
export function totalsOfRows(
  rows: Iterable<IndicatorRow>,
  period: { from: DayNumber; to: DayNumber },
): IndicatorTotals {
  const t = emptyTotals();
  for (const { measure, ref, day, n } of rows) {
    if (isOpen(measure)) {
      if (day >= period.to) continue;
      if (measure === 'paused') t.paused += n;
      else t.inProgress[ref < period.to ? 'late' : 'onTime'] += n;
    } else if (
      ref >= period.from &&
      ref < period.to &&
      (measureKind(measure) === 'receipt' || day < period.to)
    )
      addTo(t, measure, n);
  }
  return t;
}

/** Where each receipt and finish measure is counted in the totals. */
const fieldOf: Record<ReceiptMeasure | FinishMeasure, [keyof IndicatorTotals, string?]> = {
  received_counter: ['received', 'counter'],
  received_online: ['received', 'online'],
  received_postal: ['received', 'postal'],
  online_eligible: ['onlineEligible'],
  online_received: ['onlineReceived'],
  digitized: ['digitized'],
  reused: ['reused'],
  fee_bearing: ['feeBearing'],
  paid_online: ['paidOnline'],
  finished_before_due: ['finished', 'beforeDue'],
  finished_on_time: ['finished', 'onTime'],
  finished_late: ['finished', 'late'],
  result_digitized: ['resultDigitized'],
  rated: ['rated'],
  satisfied: ['satisfied'],
};

/** Adds n to a receipt or finish measure's total. */
export function addTo(t: IndicatorTotals, measure: ReceiptMeasure | FinishMeasure, n: number): void {
  const [field, sub] = fieldOf[measure];
  if (sub === undefined) (t[field] as number) += n;
  else (t[field] as Record<string, number>)[sub] = ((t[field] as Record<string, number>)[sub] ?? 0) + n;
}
