import { vnDay, vnDayTime, vnMonth } from '../../src/domain/calendar/localDate.js';

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', as dates are written in Vietnam (the server's one formatter). */
export const formatDay = (day: string): string => vnDay(day);

/** An instant as Vietnamese date and time in Vietnam's time zone: '01:38 05/12/2026'. */
export const formatInstant = (iso: string): string => vnDayTime(iso);

/** '11/2026' of a month's first day. */
export const formatMonth = (month: string): string => vnMonth(month);
