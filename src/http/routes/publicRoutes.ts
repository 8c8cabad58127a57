import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { publicStatus, rateDossier } from '../../app/public/publicStatus.js';
import { withDigitCheck } from '../../app/public/digitCheck.js';
import { submitCitizenFeedback } from '../../app/feedback/submitFeedback.js';
import { CitizenFeedbackBody, FeedbackReceipt } from '../../contracts/feedback.js';
import { clientInfo } from '../auth.js';
import { ProblemSchema } from '../../contracts/common.js';
import { PublicDossierStatus, RatingBody } from '../../contracts/public.js';
import { publicOperation } from '../openapiDocument.js';

/** Pages anyone may open: the applicant's view of their dossier. */
export function publicRoutes(ctx: AppContext, perMinute: number): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/public/dossiers/:code',
      {
        // Guessing codes and digits is slow: a few tries per minute per address.
        config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
        schema: {
          security: publicOperation,
          tags: ['Tra cứu công khai'],
          summary: 'Tình trạng hồ sơ cho người nộp: mã hồ sơ và 4 số cuối giấy tờ tùy thân (verify)',
          params: z.object({ code: z.string().min(8).max(80) }),
          querystring: z.object({
            verify: z.string().regex(/^\d{4}$/, '4 chữ số cuối của số định danh hoặc mã số thuế'),
          }),
          response: { 200: PublicDossierStatus, 400: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema },
        },
      },
      async (request, reply) => {
        const { code } = request.params;
        const status = await withDigitCheck(ctx, code, request.ip, () =>
          publicStatus(ctx, code, request.query.verify),
        );
        return reply.header('cache-control', 'no-store').send(status);
      },
    );

    app.put(
      '/api/v1/public/dossiers/:code/rating',
      {
        config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
        schema: {
          security: publicOperation,
          tags: ['Tra cứu công khai'],
          summary:
            'Người nộp đánh giá mức độ hài lòng với hồ sơ đã giải quyết xong (đánh giá lại thì thay thế)',
          params: z.object({ code: z.string().min(8).max(80) }),
          querystring: z.object({
            verify: z.string().regex(/^\d{4}$/, '4 chữ số cuối của số định danh hoặc mã số thuế'),
          }),
          body: RatingBody,
          response: {
            204: z.null(),
            400: ProblemSchema,
            404: ProblemSchema,
            409: ProblemSchema,
            429: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const { code } = request.params;
        await withDigitCheck(ctx, code, request.ip, () =>
          rateDossier(ctx, code, request.query.verify, request.body),
        );
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/public/dossiers/:code/feedback',
      {
        config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
        schema: {
          security: publicOperation,
          tags: ['Tra cứu công khai'],
          summary:
            'Người nộp gửi phản ánh, kiến nghị về hồ sơ của mình; cơ quan tiếp nhận trả lời trong 10 ngày làm việc',
          params: z.object({ code: z.string().min(8).max(80) }),
          querystring: z.object({
            verify: z.string().regex(/^\d{4}$/, '4 chữ số cuối của số định danh hoặc mã số thuế'),
          }),
          body: CitizenFeedbackBody,
          response: { 201: FeedbackReceipt, 400: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await withDigitCheck(ctx, request.params.code, request.ip, () =>
              submitCitizenFeedback(
                ctx,
                request.params.code,
                request.query.verify,
                request.body,
                clientInfo(request),
              ),
            ),
          ),
    );
  };
}
