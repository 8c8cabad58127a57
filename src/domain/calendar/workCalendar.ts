import { dayOfIso, weekday, yearOfDay, type DayNumber } from './localTime.js';
import type { YearTable } from './holidays.js';

/** Office hours of a day as [start, end) minute-of-day segments, e.g. 07:00–11:30 and 13:30–17:00. */
export type OfficeHours = readonly (readonly [number, number])[];

export const defaultOfficeHours: OfficeHours = [
  [7 * 60, 11 * 60 + 30],
  [13 * 60 + 30, 17 * 60],
];

/** The 15:00 cut-off: a dossier received later counts from the next working day (when it applies). */
export const sameDayCutoffMinute = 15 * 60;

/**
 * Which days are worked: Monday–Friday, less the year's days off, plus the weekend days worked
 * instead. Year tables come from outside (confirmed, or the rules' suggestion); the calendar notes
 * which versions it consulted so a due date can record the calendar that produced it.
 */
export class WorkCalendar {
  private readonly off = new Set<DayNumber>();
  private readonly worked = new Set<DayNumber>();
  private readonly loaded = new Map<number, string>();
  private readonly consulted = new Set<number>();

  constructor(
    private readonly tableOf: (year: number) => YearTable,
    readonly hours: OfficeHours = defaultOfficeHours,
  ) {
    if (hours.length === 0 || hours.some(([a, b], i) => !(a < b) || (i > 0 && (hours[i - 1]?.[1] ?? 0) > a)))
      throw new Error('office hours must be ordered, non-overlapping segments');
  }

  private load(year: number): void {
    if (this.loaded.has(year)) return;
    const t = this.tableOf(year);
    for (const d of t.daysOff) this.off.add(dayOfIso(d.date));
    for (const d of t.workingDays) this.worked.add(dayOfIso(d.date));
    this.loaded.set(year, t.version);
  }

  isWorkingDay(d: DayNumber): boolean {
    const year = yearOfDay(d);
    this.load(year);
    this.consulted.add(year);
    if (this.off.has(d)) return false;
    if (this.worked.has(d)) return true;
    const w = weekday(d);
    return w !== 0 && w !== 6;
  }

  /** Working minutes in one day. */
  get minutesPerDay(): number {
    return this.hours.reduce((s, [a, b]) => s + b - a, 0);
  }

  /** The calendar versions consulted so far, e.g. "2026:r2 2027:rules". */
  get version(): string {
    return [...this.consulted]
      .sort()
      .map((y) => `${y}:${this.loaded.get(y) ?? 'rules'}`)
      .join(' ');
  }
}
