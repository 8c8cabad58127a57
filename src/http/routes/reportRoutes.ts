import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { completionTable } from '../../app/reports/completionTable.js';
import { completionWorkbook } from '../../app/reports/completionWorkbook.js';
import { ProblemSchema } from '../../contracts/common.js';

const tags = ['Báo cáo'];

export function reportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/reports/completion.xlsx',
      {
        schema: {
          tags,
          summary: 'Bảng tỷ lệ hoàn thành dạng Excel',
          querystring: z.strictObject({ at: z.iso.datetime({ offset: true }).optional() }),
        },
      },
      async (request, reply) => {
        const at = request.query.at ? new Date(request.query.at) : ctx.now();
        const file = await completionWorkbook(await completionTable(ctx, at), at);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="ty-le-trien-khai-${at.toISOString().slice(0, 10)}.xlsx"`,
          )
          .send(file);
      },
    );

    app.get(
      '/api/v1/reports/completion',
      {
        schema: {
          tags,
          summary:
            'Tỷ lệ hoàn thành triển khai tập trung theo bộ (tính chính xác, gắn cờ khi tử số lớn hơn mẫu số)',
          querystring: z.strictObject({ at: z.iso.datetime({ offset: true }).optional() }),
          response: {
            200: z.object({
              at: z.string(),
              items: z.array(
                z.object({
                  ministry: z.object({ code: z.string(), name: z.string() }),
                  required: z.number().int(),
                  deployed: z.number().int(),
                  started: z.number().int(),
                  percent: z.number().nullable(),
                  flagged: z.boolean(),
                }),
              ),
            }),
            400: ProblemSchema,
          },
        },
      },
      async (request) => {
        const at = request.query.at ? new Date(request.query.at) : ctx.now();
        return { at: at.toISOString(), items: await completionTable(ctx, at) };
      },
    );
  };
}
