import { isoOfDay, type DayNumber } from '../../domain/calendar/localTime.js';
import { nextMonthOf } from '../../domain/calendar/months.js';
import { measureKind, type IndicatorRow } from '../../domain/reports/indicatorRows.js';

/** 'YYYY-MM-01' of a day number (cached: the same few hundred days come back millions of times). */
const months = new Map<DayNumber, string>();
export function monthOfDay(d: DayNumber): string {
  let m = months.get(d);
  if (m === undefined) {
    m = `${isoOfDay(d).slice(0, 7)}-01`;
    months.set(d, m);
  }
  return m;
}
const days = new Map<DayNumber, string>();
function iso(d: DayNumber): string {
  let s = days.get(d);
  if (s === undefined) {
    s = isoOfDay(d);
    days.set(d, s);
  }
  return s;
}

const bump = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

/**
 * What the running sums must hold, added up dossier by dossier from their rows — keyed as the
 * tables are (procedure '*' is the sum over procedures). The check compares the tables with it;
 * a rebuild writes it.
 */
export class IndicatorSums {
  /** procedure|month|agency|measure|changed month → n */
  readonly cells = new Map<string, number>();
  /** day|procedure|agency|measure|due day → n, for days on or after `recentFrom` */
  readonly openChanges = new Map<string, number>();
  /** procedure|agency|measure|due day → changes of the open stock by month of change */
  private readonly openByMonth = new Map<string, Map<string, number>>();

  /**
   * @param closedMonths the months closed ('YYYY-MM-01', ascending), whose end stock is expected
   * @param recentFrom the first day whose open-stock changes are kept day by day
   */
  constructor(
    private readonly closedMonths: readonly string[],
    private readonly recentFrom: string,
  ) {}

  /**
   * Adds a dossier's rows under its agency (its procedure and '*'), and, if local, under its
   * province ('*PP': its procedure and '*').
   */
  add(agency: string, procedure: string, rows: readonly IndicatorRow[], province?: string | null): void {
    const keys: [string, string][] = [
      [procedure, agency],
      ['*', agency],
      ...(province
        ? [['*', `*${province}`] as [string, string], [procedure, `*${province}`] as [string, string]]
        : []),
    ];
    for (const r of rows) {
      for (const [p, agency] of keys) {
        if (measureKind(r.measure) !== 'open') {
          bump(this.cells, `${p}|${monthOfDay(r.ref)}|${agency}|${r.measure}|${monthOfDay(r.day)}`, r.n);
          continue;
        }
        const group = `${p}|${agency}|${r.measure}|${iso(r.ref)}`;
        let byMonth = this.openByMonth.get(group);
        if (!byMonth) this.openByMonth.set(group, (byMonth = new Map()));
        bump(byMonth, monthOfDay(r.day), r.n);
        const day = iso(r.day);
        if (day >= this.recentFrom) bump(this.openChanges, `${day}|${group}`, r.n);
      }
    }
  }

  /** procedure|agency|measure|due day → n: the open stock now. */
  open(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [group, byMonth] of this.openByMonth) {
      let n = 0;
      for (const v of byMonth.values()) n += v;
      if (n !== 0) out.set(group, n);
    }
    return out;
  }

  /** procedure|month|agency → [in progress on time, late, paused] at the end of each closed month. */
  monthEnds(): Map<string, [number, number, number]> {
    const out = new Map<string, [number, number, number]>();
    for (const [group, byMonth] of this.openByMonth) {
      const [p, agency, measure, due] = group.split('|') as [string, string, string, string];
      const changes = [...byMonth].sort(([a], [b]) => (a < b ? -1 : 1));
      let stock = 0;
      let i = 0;
      for (const month of this.closedMonths) {
        // Changes made in or before the month stand at its end.
        while (i < changes.length && (changes[i] as [string, number])[0] <= month)
          stock += (changes[i++] as [string, number])[1];
        if (stock === 0) continue;
        const key = `${p}|${month}|${agency}`;
        const v = out.get(key) ?? [0, 0, 0];
        if (measure === 'paused') v[2] += stock;
        else v[due < nextMonthOf(month) ? 1 : 0] += stock;
        out.set(key, v);
      }
    }
    for (const [key, v] of out) if (v[0] === 0 && v[1] === 0 && v[2] === 0) out.delete(key);
    return out;
  }
}
