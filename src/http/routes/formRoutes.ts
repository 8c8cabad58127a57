import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { printForm } from '../../app/forms/printForm.js';
import { ProblemSchema } from '../../contracts/common.js';
import { statusPagePath } from '../../contracts/public.js';
import { formKinds } from '../../domain/forms/forms.js';
import { clientInfo } from '../auth.js';

export function formRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers/:code/forms/:kind',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary:
            'In phiếu, văn bản của hồ sơ (PDF): receipt 01 tiếp nhận và hẹn trả, supplement 02 yêu cầu bổ sung, refusal 03 từ chối, apology 04 xin lỗi và hẹn lại, stop 05 dừng giải quyết, tracking 06 phiếu kiểm soát',
          params: z.object({ code: z.string().min(8).max(80), kind: z.enum(formKinds) }),
          response: {
            200: z.unknown().describe('Tệp PDF'),
            401: ProblemSchema,
            404: ProblemSchema,
            409: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const origin = ctx.settings.publicUrl ?? `${request.protocol}://${request.host}`;
        const pdf = await printForm(
          ctx,
          request.actor,
          request.params.code,
          request.params.kind,
          `${origin}${statusPagePath(request.params.code)}`,
          clientInfo(request),
        );
        return reply
          .header('content-type', 'application/pdf')
          .header(
            'content-disposition',
            `inline; filename="${request.params.kind}-${request.params.code.replace(/[^\w.-]/g, '_')}.pdf"`,
          )
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );
  };
}
