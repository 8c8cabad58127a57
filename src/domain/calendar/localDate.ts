/** Vietnam keeps one time zone, UTC+7, with no daylight saving. */
export const vietnamTimeZone = 'Asia/Ho_Chi_Minh';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: vietnamTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) in Vietnam at an instant. */
export function vietnamDate(instant: Date): string {
  return dayFormat.format(instant);
}

/** An instant as Vietnamese write it, in Vietnam: 'dd/MM/yyyy HH:mm' (exports, reports). */
export function localDateTime(iso: string | Date): string {
  const m = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return `${m.slice(8, 10)}/${m.slice(5, 7)}/${m.slice(0, 4)} ${m.slice(11, 16)}`;
}
