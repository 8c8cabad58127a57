import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { FileStore } from '../../app/files/fileStore.js';
import { listResults, openResult, receiveSignedResult } from '../../app/results/signedResults.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { ResultView } from '../../contracts/results.js';
import { partnerCallbackLimit, signedCallbackGuard } from '../signedCallbackGuard.js';
import { clientInfo } from '../auth.js';
import { signatureOf } from '../../integrations/http/signedCallback.js';
import { signedCallback } from '../openapiDocument.js';

const code = z.string().min(8).max(80);

/** Result documents numbered and signed by the document-management system. */
export function resultRoutes(
  ctx: AppContext,
  files: FileStore,
  secret: string | undefined,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers/:code/results',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary: 'Văn bản kết quả của hồ sơ: số, ký hiệu, ngày ban hành, người ký, mã băm',
          params: z.object({ code }),
          response: { 200: z.object({ items: z.array(ResultView) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await listResults(ctx, request.actor, request.params.code) }),
    );
    app.get(
      '/api/v1/dossiers/:code/results/:id/content',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary: 'Tệp kết quả đã ký (mỗi lần đọc được ghi nhật ký)',
          params: z.object({ code, id: z.uuid() }),
          response: { 200: z.unknown(), 401: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request, reply) => {
        const r = await openResult(
          ctx,
          request.actor,
          files,
          request.params.code,
          request.params.id,
          clientInfo(request),
        );
        return reply
          .header('content-type', 'application/pdf')
          .header('content-length', String(r.size))
          .header(
            'content-disposition',
            `inline; filename="ket-qua-${r.number.replace(/[^A-Za-z0-9-]/g, '-')}.pdf"`,
          )
          .header('cache-control', 'private, no-store')
          .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'")
          .send(r.stream);
      },
    );
    await app.register(async (raw) => {
      // The raw body, as signed: this scope reads JSON itself after checking the signature.
      raw.removeContentTypeParser('application/json');
      raw.addContentTypeParser(
        'application/json',
        { parseAs: 'string', bodyLimit: 40 * 1024 * 1024 },
        (_req, body, done) => done(null, body),
      );
      raw.post(
        '/api/v1/docmgmt/callback',
        {
          onRequest: signedCallbackGuard(secret, ctx.now),
          config: { rateLimit: partnerCallbackLimit },
          // A signed result's PDF, base64 in JSON: 40 MB is a 30 MB file.
          bodyLimit: 40 * 1024 * 1024,
          schema: {
            security: signedCallback,
            tags: ['Trục tích hợp'],
            summary:
              'Hệ thống quản lý văn bản trả kết quả đã cấp số và ký (ký HMAC-SHA256 như lời gọi lại thanh toán)',
            response: {
              200: z.object({ status: z.string(), number: z.string().nullable() }),
              400: ProblemSchema,
              401: ProblemSchema,
              404: ProblemSchema,
              409: ProblemSchema,
              503: ProblemSchema,
            },
          },
        },
        async (request) =>
          receiveSignedResult(
            ctx,
            files,
            secret,
            signatureOf(request.headers),
            typeof request.body === 'string' ? request.body : '',
          ),
      );
    });
  };
}
