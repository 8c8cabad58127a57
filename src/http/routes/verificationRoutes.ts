import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { AppError } from '../../app/errors.js';
import { checkPresented, publicResult } from '../../app/results/publicVerification.js';
import { ProblemSchema } from '../../contracts/common.js';
import { PublicResultCheck, PublicResultView } from '../../contracts/results.js';
import { uploadedFile } from '../upload.js';
import { publicOperation } from '../openapiDocument.js';
import { problem } from '../../app/problems.js';

const tags = ['Xác minh kết quả'];
const code = z.string().min(6).max(20);

/** The page a result's QR code opens: no sign-in, rate-limited per client address. */
export function verificationRoutes(
  ctx: AppContext,
  perMinute: number,
  maxBytes: number,
): FastifyPluginAsyncZod {
  return async (app) => {
    const limit = { rateLimit: { max: perMinute, timeWindow: '1 minute' } };
    app.get(
      '/api/v1/public/results/:code',
      {
        config: limit,
        schema: {
          security: publicOperation,
          tags,
          summary: 'Thông tin văn bản kết quả theo mã xác minh in trên văn bản (mã QR)',
          params: z.object({ code }),
          response: { 200: PublicResultView, 404: ProblemSchema, 429: ProblemSchema },
        },
      },
      async (request) => publicResult(ctx, request.params.code),
    );

    app.post(
      '/api/v1/public/results/:code/check',
      {
        config: limit,
        schema: {
          security: publicOperation,
          tags,
          summary:
            'Đối chiếu một tệp với văn bản đã ban hành: gửi tệp (multipart, trường "file") để kiểm tra cả chữ ký số, hoặc JSON {"sha256": "…"}',
          params: z.object({ code }),
          response: {
            200: PublicResultCheck,
            400: ProblemSchema,
            404: ProblemSchema,
            413: ProblemSchema,
            429: ProblemSchema,
          },
        },
      },
      async (request) => {
        if (request.isMultipart()) {
          const upload = await uploadedFile(request);
          const bytes = await upload
            .consume((part) => part.toBuffer())
            .catch((e: unknown) => {
              if (e instanceof AppError) throw e;
              throw problem('file-too-large', `Tối đa ${Math.floor(maxBytes / 1048576)} MB`);
            });
          return checkPresented(ctx, request.params.code, { bytes });
        }
        const body = z.object({ sha256: z.string().regex(/^[0-9a-fA-F]{64}$/) }).safeParse(request.body);
        if (!body.success)
          throw problem('validation', undefined, [
            { field: 'body.sha256', message: 'Mã băm SHA-256 gồm 64 ký tự 0-9, a-f' },
          ]);
        return checkPresented(ctx, request.params.code, { sha256: body.data.sha256 });
      },
    );
  };
}
