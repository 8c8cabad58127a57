import { z } from 'zod';

/** A day off or a weekend day worked, with why. */
export const CalendarDay = z.strictObject({ date: z.string().max(10), name: z.string().trim().max(200) });
export const YearTable = z.object({
  year: z.number().int(),
  daysOff: z.array(CalendarDay),
  workingDays: z.array(CalendarDay),
  version: z.string(),
});
export const YearView = z
  .object({
    year: z.number().int(),
    effective: YearTable,
    suggested: YearTable,
    confirmed: z
      .object({
        revision: z.number().int(),
        note: z.string().nullable(),
        confirmedAt: z.string(),
        confirmedBy: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'CalendarYear' });

export type CalendarDay = z.infer<typeof CalendarDay>;
export type YearTable = z.infer<typeof YearTable>;
export type YearView = z.infer<typeof YearView>;
