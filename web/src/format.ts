/** 'YYYY-MM-DD' → 'DD/MM/YYYY', as dates are written in Vietnam. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** An instant as Vietnamese date and time, in Vietnam's time zone. */
export function formatInstant(iso: string): string {
  return new Date(iso).toLocaleString('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'short',
    timeStyle: 'short',
  });
}
