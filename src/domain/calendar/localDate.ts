/**
 * Dates as people in Vietnam read them. Every date or time shown, printed or exported to a person
 * (screens, PDFs, Excel, CSV, notices, file names) goes through this file: Vietnam keeps one time
 * zone, UTC+7 with no daylight saving, and writes the day first ('05/12/2026', '01:38 05/12/2026').
 * Machine formats (ISO 8601 in the API and in messages to other systems) are not formatted here.
 */
export const vietnamTimeZone = 'Asia/Ho_Chi_Minh';

const offsetMs = 7 * 3_600_000;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** The instant moved to Vietnam's wall clock, as an ISO string whose fields read in Vietnam. */
const wallClock = (at: Date | string) => new Date(new Date(at).getTime() + offsetMs).toISOString();

/** The calendar day (YYYY-MM-DD) in Vietnam at an instant. */
export function vietnamDate(instant: Date): string {
  return wallClock(instant).slice(0, 10);
}

/** '05/12/2026': a day ('YYYY-MM-DD') or the day in Vietnam of an instant. */
export function vnDay(at: Date | string): string {
  const day = typeof at === 'string' && isoDay.test(at) ? at : wallClock(at).slice(0, 10);
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** '01:38 05/12/2026': an instant in Vietnam, time first as Vietnamese write it. */
export function vnDayTime(at: Date | string): string {
  const w = wallClock(at);
  return `${w.slice(11, 16)} ${vnDay(w.slice(0, 10))}`;
}

/** '05/12/2026 – 11/12/2026': a period of days, both ends included. */
export const vnPeriod = (from: string, to: string) => `${vnDay(from)} – ${vnDay(to)}`;

/** '11/2026': a month ('YYYY-MM-DD' of its first day, or 'YYYY-MM'). */
export const vnMonth = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
