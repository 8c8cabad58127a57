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
