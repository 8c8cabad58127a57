import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import {
  listMonthlyReports,
  monthlyReportFile,
  requestMonthlyReport,
} from '../../app/reports/monthly/monthlyReports.js';
import { writeProblems } from '../../contracts/common.js';
import { clientInfo } from '../auth.js';

const tags = ['Báo cáo'];
const Summary = z.object({
  id: z.string(),
  month: z.string(),
  scope: z.object({ kind: z.enum(['national', 'province']), code: z.string().nullable(), name: z.string() }),
  generatedAt: z.string(),
  generatedBy: z.string().nullable(),
  total: z.object({
    received: z.number().int(),
    finished: z.number().int(),
    late: z.number().int(),
    onTimeRate: z.number().nullable(),
  }),
});
const types = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
} as const;

/** The monthly report: listed, generated on demand, downloaded as stored. */
export function monthlyReportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/reports/monthly',
      {
        schema: {
          tags,
          summary: 'Báo cáo tháng đã lập (cả nước: người xem toàn quốc; tỉnh: người xem trọn tỉnh)',
          response: { 200: z.object({ items: z.array(Summary) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await listMonthlyReports(ctx, request.actor) }),
    );

    app.post(
      '/api/v1/reports/monthly',
      {
        schema: {
          tags,
          summary:
            'Lập ngay báo cáo một tháng đã kết thúc, lưu kèm số liệu đã dùng (cả nước, hoặc một tỉnh trong phạm vi)',
          body: z.strictObject({
            month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng dạng YYYY-MM'),
            province: z
              .string()
              .regex(/^\d{2}$/)
              .optional(),
          }),
          response: { 201: Summary, ...writeProblems },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await requestMonthlyReport(ctx, request.actor, request.body, clientInfo(request))),
    );

    app.get(
      '/api/v1/reports/monthly/:id/:file',
      {
        schema: {
          tags,
          summary: 'Tệp của báo cáo tháng: Excel (mỗi phần một trang tính), PDF, hoặc số liệu gốc (JSON)',
          params: z.object({ id: z.uuid(), file: z.enum(['bao-cao.xlsx', 'bao-cao.pdf', 'so-lieu.json']) }),
        },
      },
      async (request, reply) => {
        const format = request.params.file.endsWith('.xlsx')
          ? 'xlsx'
          : request.params.file.endsWith('.pdf')
            ? 'pdf'
            : 'json';
        const f = await monthlyReportFile(ctx, request.actor, request.params.id, format);
        return reply
          .type(types[format])
          .header(
            'content-disposition',
            `attachment; filename="bao-cao-thang-${f.month}-${f.scope}.${format}"`,
          )
          .header('cache-control', 'private, no-store')
          .send(f.body);
      },
    );
  };
}
