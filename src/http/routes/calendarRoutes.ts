import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { computeDue, confirmYear, setOfficeHours, yearCalendar } from '../../app/calendar/calendars.js';
import type { AppContext } from '../../app/context.js';
import { agencyCode } from '../../contracts/agencies.js';
import { CalendarDay, YearView } from '../../contracts/calendar.js';
import { ProblemSchema, isoInstant } from '../../contracts/common.js';
import { timeUnits } from '../../domain/catalog/procedureVersion.js';
import { clientInfo } from '../auth.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Lịch làm việc, thời hạn'];
const year = z.coerce.number().int().min(1990).max(2200);

/** The deadline engine, public so that anyone can check a due date, and the yearly days-off table. */
export function calendarRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/calendar/due',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Thời hạn giải quyết: tiếp nhận lúc from, thời gian amount unit, theo lịch của cơ quan',
          querystring: z.strictObject({
            from: isoInstant,
            amount: z.coerce.number().positive().max(3650),
            unit: z.enum(timeUnits),
            agency: agencyCode.optional(),
            sameDayCutoff: z
              .enum(['true', 'false'])
              .default('false')
              .describe('Áp dụng mốc 15 giờ: nhận sau 15 giờ tính từ ngày làm việc tiếp theo'),
          }),
          response: {
            200: z.object({ start: z.string(), due: z.string(), calendarVersion: z.string() }),
            400: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      (request) =>
        computeDue(ctx, {
          from: new Date(request.query.from),
          time: { amount: request.query.amount, unit: request.query.unit },
          sameDayCutoff: request.query.sameDayCutoff === 'true',
          agency: request.query.agency,
        }),
    );

    app.get(
      '/api/v1/calendar/days-off',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Ngày nghỉ của một năm: gợi ý theo quy tắc, bảng đã xác nhận, bảng đang áp dụng',
          querystring: z.strictObject({ year }),
          response: { 200: YearView, 400: ProblemSchema },
        },
      },
      (request) => yearCalendar(ctx, request.query.year),
    );

    app.put(
      '/api/v1/calendar/years/:year',
      {
        schema: {
          tags,
          summary: 'Xác nhận bảng ngày nghỉ, ngày làm bù của một năm (quản trị hệ thống)',
          params: z.strictObject({ year }),
          body: z.strictObject({
            daysOff: z.array(CalendarDay).max(60),
            workingDays: z.array(CalendarDay).max(20),
            note: z.string().trim().max(1000).optional(),
          }),
          response: { 200: YearView, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
        },
      },
      (request) => confirmYear(ctx, request.actor, request.params.year, request.body, clientInfo(request)),
    );

    const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ dạng HH:MM');
    app.put(
      '/api/v1/agencies/:code/office-hours',
      {
        schema: {
          tags,
          summary: 'Giờ làm việc riêng của một cơ quan (mặc định 07:00–11:30, 13:30–17:00)',
          params: z.strictObject({ code: agencyCode }),
          body: z.strictObject({
            segments: z
              .array(z.tuple([time, time]))
              .min(1)
              .max(4),
          }),
          response: {
            200: z.object({ agencyCode: z.string(), segments: z.array(z.tuple([z.string(), z.string()])) }),
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
          },
        },
      },
      (request) =>
        setOfficeHours(ctx, request.actor, request.params.code, request.body.segments, clientInfo(request)),
    );
  };
}
