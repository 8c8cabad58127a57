import type { ProcessingTime } from '../catalog/procedureVersion.js';
import { dayOf, minuteOfDay, minutesPerDay, type LocalMinute } from './localTime.js';
import { sameDayCutoffMinute, type WorkCalendar } from './workCalendar.js';

/**
 * Deadline arithmetic on Vietnam local minutes (see localTime.ts). Working time is the office
 * hours of working days; nights, lunch breaks, weekends and days off do not count.
 */

/** The first working instant at or after t: t itself inside office hours, else the next opening. */
export function nextWorkingInstant(cal: WorkCalendar, t: LocalMinute): LocalMinute {
  let day = dayOf(t);
  let m = minuteOfDay(t);
  for (;;) {
    if (cal.isWorkingDay(day)) {
      for (const [start, end] of cal.hours) {
        if (m < start) return day * minutesPerDay + start;
        if (m < end) return day * minutesPerDay + m;
      }
    }
    day++;
    m = 0;
  }
}

/**
 * When the clock starts for a dossier received at t: the next working instant, or the next
 * working day's opening when the procedure applies the 15:00 cut-off and t is at or after 15:00
 * on a working day.
 */
export function clockStart(cal: WorkCalendar, t: LocalMinute, sameDayCutoff: boolean): LocalMinute {
  const day = dayOf(t);
  if (sameDayCutoff && cal.isWorkingDay(day) && minuteOfDay(t) >= sameDayCutoffMinute) {
    return nextWorkingInstant(cal, (day + 1) * minutesPerDay);
  }
  return nextWorkingInstant(cal, t);
}

/**
 * The instant after `minutes` of working time from t. Time spent reaching the first working instant
 * does not count; a deadline that uses up a segment exactly ends at the segment's close (17:00),
 * not at the next opening.
 */
export function addWorkingMinutes(cal: WorkCalendar, t: LocalMinute, minutes: number): LocalMinute {
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError('minutes must be a whole number ≥ 0');
  let at = nextWorkingInstant(cal, t);
  let left = minutes;
  for (;;) {
    const day = dayOf(at);
    const m = minuteOfDay(at);
    const segment = cal.hours.find(([, end]) => m < end);
    if (segment && cal.isWorkingDay(day)) {
      const available = segment[1] - Math.max(m, segment[0]);
      const from = day * minutesPerDay + Math.max(m, segment[0]);
      if (left <= available) return from + left;
      left -= available;
      at = nextWorkingInstant(cal, day * minutesPerDay + segment[1]);
    } else {
      at = nextWorkingInstant(cal, (day + 1) * minutesPerDay);
    }
  }
}

/** Working minutes in [a, b): how long a pause lasted, in the time that counts. */
export function workingMinutesBetween(cal: WorkCalendar, a: LocalMinute, b: LocalMinute): number {
  let total = 0;
  for (let day = dayOf(a); day <= dayOf(b); day++) {
    if (!cal.isWorkingDay(day)) continue;
    for (const [start, end] of cal.hours) {
      const from = Math.max(a, day * minutesPerDay + start);
      const to = Math.min(b, day * minutesPerDay + end);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/**
 * The due instant of a processing time counted from a clock start. Working days are days of the
 * agency's office hours (8 hours by default); calendar days count every day from the clock start,
 * at the same time of day, moved on to the next working day when the last lands on a day off.
 */
export function dueAfter(cal: WorkCalendar, start: LocalMinute, time: ProcessingTime): LocalMinute {
  const s = nextWorkingInstant(cal, start);
  switch (time.unit) {
    case 'working_hours':
      return addWorkingMinutes(cal, s, Math.round(time.amount * 60));
    case 'working_days':
      return addWorkingMinutes(cal, s, Math.round(time.amount * cal.minutesPerDay));
    case 'calendar_days': {
      let due = s + Math.round(time.amount * minutesPerDay);
      while (!cal.isWorkingDay(dayOf(due))) due += minutesPerDay;
      return due;
    }
  }
}

/** How a finished dossier (or step) stands against its due time (DOMAIN §6). */
export type Verdict = 'before_due' | 'on_time' | 'late';

export function verdict(finished: LocalMinute, due: LocalMinute): Verdict {
  if (finished > due) return 'late';
  return dayOf(finished) < dayOf(due) ? 'before_due' : 'on_time';
}
