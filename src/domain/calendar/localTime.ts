/**
 * Time in Vietnam as whole minutes since 1970-01-01 00:00 local time (UTC+7, no daylight saving):
 * deadline arithmetic is integer arithmetic on these, and day boundaries fall on multiples of 1440.
 */
export type LocalMinute = number;
/** Days since 1970-01-01 in Vietnam. */
export type DayNumber = number;

const offsetMinutes = 7 * 60;
export const minutesPerDay = 1440;

export function toLocal(instant: Date): LocalMinute {
  return Math.floor(instant.getTime() / 60_000) + offsetMinutes;
}

export function fromLocal(m: LocalMinute): Date {
  return new Date((m - offsetMinutes) * 60_000);
}

export const dayOf = (m: LocalMinute): DayNumber => Math.floor(m / minutesPerDay);
export const minuteOfDay = (m: LocalMinute): number => m - dayOf(m) * minutesPerDay;

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (d: DayNumber): number => (((d + 4) % 7) + 7) % 7;

/** 'YYYY-MM-DD' of a day number. */
export function isoOfDay(d: DayNumber): string {
  return new Date(d * 86_400_000).toISOString().slice(0, 10);
}

/** Day number of 'YYYY-MM-DD'. */
export function dayOfIso(iso: string): DayNumber {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

export function dayOfYmd(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

export const yearOfDay = (d: DayNumber): number => new Date(d * 86_400_000).getUTCFullYear();
