import { verdict, type Verdict } from '../calendar/deadline.js';
import type { LocalMinute } from '../calendar/localTime.js';
import { statusGroups, type DossierStatus } from '../dossier/status.js';
import { isSatisfied, type RatingLevel } from './ratings.js';

/**
 * The service-quality indicators (DOMAIN §9, Decision 766/QĐ-TTg) of a set of dossiers over a
 * period, computed from each dossier's processing log alone: the log entries carry the due time in
 * force when they were written (under the calendar and rules of that day), so a report for a past
 * month gives the same numbers whenever it is run.
 */

/** One entry of the processing log, as the indicators read it. */
export interface LogEntry {
  at: LocalMinute;
  toStatus: DossierStatus;
  /** The dossier's due time after this entry (pauses and extensions already applied). */
  due: LocalMinute | null;
}

/** A dossier as the indicators see it: its channel, its log in order, and facts kept beside the log. */
export interface DossierRecord {
  channel: 1 | 2 | 3;
  log: readonly LogEntry[];
  /** Its procedure is offered online (fully or partly): it counts in the online rate. */
  onlineEligible?: boolean;
  /** Received with at least one digitized component. */
  digitized?: boolean;
  /** At least one component reused from an earlier dossier or result (digitization state 2 or 3). */
  reused?: boolean;
  /** Its result exists as a digitized (signed) document. */
  resultDigitized?: boolean;
  /** A fee or charge applies, and whether it was paid online. */
  feeBearing?: boolean;
  paidOnline?: boolean;
  /** The applicant's rating of the finished dossier. */
  rating?: RatingLevel | null;
}

/** [from, to): the period's first minute, and the first minute after it. */
export interface Period {
  from: LocalMinute;
  to: LocalMinute;
}

/** Where a dossier stands in a period: how it came in, how it stands at the end. */
export type Contribution = {
  start: 'received' | 'carried_over';
  channel: 1 | 2 | 3;
} & (
  | { end: 'finished'; verdict: Verdict }
  | { end: 'in_progress'; late: boolean }
  | { end: 'paused'; late: boolean }
);

const isFinished = (s: DossierStatus) => (statusGroups.finished as readonly number[]).includes(s);
const isReceived = (s: DossierStatus) => (statusGroups.received as readonly number[]).includes(s);
const isPaused = (s: DossierStatus) => (statusGroups.paused as readonly number[]).includes(s);

/**
 * The dossier's place in the period, or null when it does not count in it: not received before the
 * period ended (or never: refused at the counter), or finished before the period began and still
 * finished at its end. Every dossier that counts has one start and one end, so that
 * carried over + received = finished + in progress + paused, always.
 */
export function contribution(d: DossierRecord, period: Period): Contribution | null {
  const before = d.log.filter((e) => e.at < period.to);
  const received = before.find((e) => isReceived(e.toStatus));
  if (!received) return null;
  const last = before.at(-1);
  if (!last) return null;
  // The entry that finished it: the last one into the finished group from outside it.
  let finishing: LogEntry | null = null;
  let previous: DossierStatus | null = null;
  for (const e of before) {
    if (isFinished(e.toStatus) && (previous === null || !isFinished(previous))) finishing = e;
    previous = e.toStatus;
  }
  const start = received.at >= period.from ? 'received' : 'carried_over';
  if (isFinished(last.toStatus)) {
    if (!finishing || finishing.at < period.from) return null;
    const due = dueBefore(before, finishing);
    return {
      start,
      channel: d.channel,
      end: 'finished',
      verdict: due === null ? 'on_time' : verdict(finishing.at, due),
    };
  }
  const late = last.due !== null && last.due < period.to;
  return { start, channel: d.channel, end: isPaused(last.toStatus) ? 'paused' : 'in_progress', late };
}

/** The due time in force when the dossier finished: the entry's own, else the latest before it. */
function dueBefore(log: readonly LogEntry[], finishing: LogEntry): LocalMinute | null {
  if (finishing.due !== null) return finishing.due;
  for (let i = log.indexOf(finishing) - 1; i >= 0; i--) {
    const due = log[i]?.due;
    if (due !== undefined && due !== null) return due;
  }
  return null;
}

export interface Indicators {
  received: { total: number; byChannel: { counter: number; online: number; postal: number } };
  carriedOver: number;
  finished: { total: number; beforeDue: number; onTime: number; late: number };
  inProgress: { total: number; onTime: number; late: number };
  paused: number;
  /** Rates in [0, 1], null when nothing is there to divide by. */
  rates: {
    onTime: number | null;
    online: number | null;
    digitization: number | null;
    reuse: number | null;
    resultDigitization: number | null;
    onlinePayment: number | null;
    satisfaction: number | null;
  };
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * What the indicators are made of: counts that add up over dossiers (and, for the aggregates, over
 * agencies and procedures). The rates are ratios of these, computed in one place.
 */
export interface IndicatorTotals {
  received: { counter: number; online: number; postal: number };
  /** Of the received: offered online, and of those received online. */
  onlineEligible: number;
  onlineReceived: number;
  digitized: number;
  reused: number;
  /** Of the received: a fee or charge applies, and of those paid online. */
  feeBearing: number;
  paidOnline: number;
  finished: { beforeDue: number; onTime: number; late: number };
  /** Of the finished: with a digitized result, rated, rated satisfied. */
  resultDigitized: number;
  rated: number;
  satisfied: number;
  inProgress: { onTime: number; late: number };
  paused: number;
}

export const emptyTotals = (): IndicatorTotals => ({
  received: { counter: 0, online: 0, postal: 0 },
  onlineEligible: 0,
  onlineReceived: 0,
  digitized: 0,
  reused: 0,
  feeBearing: 0,
  paidOnline: 0,
  finished: { beforeDue: 0, onTime: 0, late: 0 },
  resultDigitized: 0,
  rated: 0,
  satisfied: 0,
  inProgress: { onTime: 0, late: 0 },
  paused: 0,
});

/** Totals added up (over agencies, procedures): every count is a sum. */
export function sumTotals(all: Iterable<IndicatorTotals>): IndicatorTotals {
  const add = <T extends object>(into: T, x: T) => {
    for (const k of Object.keys(x) as (keyof T)[]) {
      const v = x[k];
      if (typeof v === 'number') (into[k] as number) += v;
      else add(into[k] as object, v as object);
    }
  };
  const t = emptyTotals();
  for (const x of all) add(t, x);
  return t;
}

/** The indicators from their totals: carried over is what is left after those received. */
export function indicatorsOf(t: IndicatorTotals): Indicators {
  const received = t.received.counter + t.received.online + t.received.postal;
  const finished = t.finished.beforeDue + t.finished.onTime + t.finished.late;
  const inProgress = t.inProgress.onTime + t.inProgress.late;
  return {
    received: { total: received, byChannel: { ...t.received } },
    // Every dossier that counts ends the period finished, in progress or paused (conservation).
    carriedOver: finished + inProgress + t.paused - received,
    finished: { total: finished, ...t.finished },
    inProgress: { total: inProgress, ...t.inProgress },
    paused: t.paused,
    rates: {
      onTime: rate(t.finished.beforeDue + t.finished.onTime, finished),
      online: rate(t.onlineReceived, t.onlineEligible),
      digitization: rate(t.digitized, received),
      reuse: rate(t.reused, received),
      resultDigitization: rate(t.resultDigitized, finished),
      onlinePayment: rate(t.paidOnline, t.feeBearing),
      satisfaction: rate(t.satisfied, t.rated),
    },
  };
}

/** The totals of some dossiers over a period, recounted from each one's log. */
export function totalsOf(dossiers: readonly DossierRecord[], period: Period): IndicatorTotals {
  const t = emptyTotals();
  for (const d of dossiers) {
    const c = contribution(d, period);
    if (!c) continue;
    if (c.start === 'received') {
      t.received[c.channel === 1 ? 'counter' : c.channel === 2 ? 'online' : 'postal']++;
      if (d.onlineEligible) {
        t.onlineEligible++;
        if (c.channel === 2) t.onlineReceived++;
      }
      if (d.digitized) t.digitized++;
      if (d.reused) t.reused++;
      if (d.feeBearing) {
        t.feeBearing++;
        if (d.paidOnline) t.paidOnline++;
      }
    }
    if (c.end === 'finished') {
      t.finished[c.verdict === 'before_due' ? 'beforeDue' : c.verdict === 'on_time' ? 'onTime' : 'late']++;
      if (d.resultDigitized) t.resultDigitized++;
      if (d.rating) {
        t.rated++;
        if (isSatisfied(d.rating)) t.satisfied++;
      }
    } else if (c.end === 'in_progress') t.inProgress[c.late ? 'late' : 'onTime']++;
    else t.paused++;
  }
  return t;
}

/** The indicators of some dossiers over a period (DOMAIN §9). */
export function indicators(dossiers: readonly DossierRecord[], period: Period): Indicators {
  return indicatorsOf(totalsOf(dossiers, period));
}
