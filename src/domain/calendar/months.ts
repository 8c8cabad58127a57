import { dayOf, isoOfDay, toLocal } from './localTime.js';

/** Months are written by their first day, 'YYYY-MM-01' (as the sums key them). */
export const monthOf = (iso: string): string => `${iso.slice(0, 7)}-01`;

/** The first day of the month after `month`. */
export function nextMonthOf(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The first day of the month before `month`. */
export function previousMonthOf(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}

/** Today in Vietnam at an instant, as 'YYYY-MM-DD'. */
export const localToday = (now: Date): string => isoOfDay(dayOf(toLocal(now)));
