import { getSolarDate } from '@dqcai/vn-lunar';
import { dayOfIso, dayOfYmd, isoOfDay, weekday, type DayNumber } from './localTime.js';

/** A day off (ngày nghỉ) or a weekend day worked instead (ngày làm bù), with why. */
export interface CalendarDay {
  date: string;
  name: string;
}

/**
 * One year's calendar: the days off and the weekend days worked. Either the rule-computed suggestion
 * or the table an administrator confirmed after the Prime Minister's decision for that year.
 */
export interface YearTable {
  year: number;
  daysOff: CalendarDay[];
  workingDays: CalendarDay[];
  /** 'rules' for the suggestion, 'r<n>' for the n-th confirmed revision. */
  version: string;
}

/**
 * The solar day of a lunar date in the Vietnamese calendar (UTC+7). The library holds Hồ Ngọc Đức's
 * tables for Vietnam; Chinese (UTC+8) tables differ in some years (Tết 2007: 17 Feb here, 18 Feb
 * there).
 */
export function lunarToSolar(day: number, month: number, lunarYear: number): DayNumber {
  const s = getSolarDate(day, month, lunarYear);
  return dayOfYmd(s.year, s.month, s.day);
}

/** Tết Nguyên đán: the first day of the lunar year that begins in this solar year. */
export const tetOf = (year: number): DayNumber => lunarToSolar(1, 1, year);

const isWeekend = (d: DayNumber) => weekday(d) === 0 || weekday(d) === 6;

/**
 * The public holidays of Labour Code 2019 Art. 112 as rules give them, before the Prime Minister
 * fixes the year: 1 January; Tết — the last day of the old lunar year and the first four of the new;
 * Giỗ Tổ Hùng Vương (10/3 lunar); 30 April; 1 May; 2 September with 1 September (or 3 September when
 * the 1st is a weekend day). A holiday on a weekend gives a compensatory day off on the next working
 * day (Decree 145/2020 Art. 58).
 */
export function suggestedYear(year: number): YearTable {
  const tet = tetOf(year);
  const sept1 = dayOfYmd(year, 9, 1);
  const holidays: [DayNumber, string][] = [
    [dayOfYmd(year, 1, 1), 'Tết Dương lịch'],
    [tet - 1, 'Tết Nguyên đán (ngày cuối năm)'],
    [tet, 'Tết Nguyên đán (mùng 1)'],
    [tet + 1, 'Tết Nguyên đán (mùng 2)'],
    [tet + 2, 'Tết Nguyên đán (mùng 3)'],
    [tet + 3, 'Tết Nguyên đán (mùng 4)'],
    [lunarToSolar(10, 3, year), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'],
    [dayOfYmd(year, 4, 30), 'Ngày Chiến thắng (30/4)'],
    [dayOfYmd(year, 5, 1), 'Ngày Quốc tế lao động (1/5)'],
    [isWeekend(sept1) ? sept1 + 2 : sept1, 'Quốc khánh (ngày liền kề)'],
    [dayOfYmd(year, 9, 2), 'Quốc khánh (2/9)'],
  ];
  holidays.sort((a, b) => a[0] - b[0]);
  const off = new Map<DayNumber, string>(holidays);
  for (const [d, name] of holidays) {
    if (!isWeekend(d)) continue;
    let c = d + 1;
    while (isWeekend(c) || off.has(c)) c++;
    off.set(c, `Nghỉ bù ${name}`);
  }
  return {
    year,
    daysOff: [...off.entries()]
      .sort((a, b) => a[0] - b[0])
      .filter(([d]) => !isWeekend(d))
      .map(([d, name]) => ({ date: isoOfDay(d), name })),
    workingDays: [],
    version: 'rules',
  };
}

export interface CalendarProblem {
  field: string;
  code: string;
}

/**
 * A confirmed year table must stay inside its year, name each day once, list only weekdays as days
 * off (a weekend is off already) and only weekend days as days worked in exchange.
 */
export function checkYearTable(
  year: number,
  t: Pick<YearTable, 'daysOff' | 'workingDays'>,
): CalendarProblem[] {
  const out: CalendarProblem[] = [];
  const seen = new Set<string>();
  const check = (list: CalendarDay[], field: 'daysOff' | 'workingDays') =>
    list.forEach((d, i) => {
      const f = `${field}[${i}]`;
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(d.date) ||
        Number.isNaN(dayOfIso(d.date)) ||
        isoOfDay(dayOfIso(d.date)) !== d.date
      )
        return out.push({ field: `${f}.date`, code: 'invalid_date' });
      if (!d.date.startsWith(`${year}-`)) out.push({ field: `${f}.date`, code: 'other_year' });
      if (seen.has(d.date)) out.push({ field: `${f}.date`, code: 'duplicate_date' });
      seen.add(d.date);
      const weekend = isWeekend(dayOfIso(d.date));
      if (field === 'daysOff' && weekend) out.push({ field: `${f}.date`, code: 'weekend_already_off' });
      if (field === 'workingDays' && !weekend)
        out.push({ field: `${f}.date`, code: 'weekday_already_worked' });
      if (d.name.trim() === '') out.push({ field: `${f}.name`, code: 'required' });
    });
  check(t.daysOff, 'daysOff');
  check(t.workingDays, 'workingDays');
  return out;
}
