/** 'YYYY-MM-DD' → 'DD/MM/YYYY', as dates are written in Vietnam. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
