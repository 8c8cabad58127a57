import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { receiveExchangeReport } from '../../app/exchange/exchangeReports.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { agencyCode } from '../../contracts/agencies.js';
import { listExchangeSystems, setExternalSystem } from '../../app/exchange/externalAgencies.js';
import { clientInfo } from '../auth.js';
import { exchangeStatuses } from '../../domain/exchange/exchange.js';
import { signatureOf } from '../../integrations/http/signedCallback.js';
import { signedCallback } from '../openapiDocument.js';
import { partnerCallbackLimit, signedCallbackGuard } from '../signedCallbackGuard.js';

/**
 * The inter-agency exchange's callback: another system (through the national data-exchange
 * platform) reports on a linked dossier or a consultation sent to it.
 */
export function exchangeRoutes(ctx: AppContext, secret: string | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/exchange/systems',
      {
        schema: {
          tags: ['Trục tích hợp'],
          summary:
            'Các hệ thống liên thông qua nền tảng chia sẻ dữ liệu và cơ quan làm việc trên từng hệ thống',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  agencies: z.array(z.object({ code: z.string(), name: z.string() })),
                }),
              ),
            }),
            ...writeProblems,
          },
        },
      },
      async (request) => ({ items: await listExchangeSystems(ctx, request.actor) }),
    );

    app.put(
      '/api/v1/agencies/:code/exchange-system',
      {
        schema: {
          tags: ['Trục tích hợp'],
          summary:
            'Cơ quan làm việc trên hệ thống khác (ví dụ cơ quan thuế): lấy ý kiến cơ quan này sẽ gửi qua liên thông',
          params: z.object({ code: agencyCode }),
          body: z.strictObject({ system: z.string().max(30).nullable() }),
          response: {
            200: z.object({ agencyCode: z.string(), system: z.string().nullable() }),
            ...writeProblems,
          },
        },
      },
      (request) =>
        setExternalSystem(ctx, request.actor, request.params.code, request.body.system, clientInfo(request)),
    );

    await app.register(async (raw) => {
      // The raw body, as signed: the handler reads the JSON itself after checking the signature.
      raw.removeContentTypeParser('application/json');
      raw.addContentTypeParser(
        'application/json',
        { parseAs: 'string', bodyLimit: 256 * 1024 },
        (_req, body, done) => done(null, body),
      );
      raw.post(
        '/api/v1/exchange/callback',
        {
          onRequest: signedCallbackGuard(secret, ctx.now),
          config: { rateLimit: partnerCallbackLimit },
          schema: {
            security: signedCallback,
            tags: ['Trục tích hợp'],
            summary:
              'Hệ thống khác (qua nền tảng liên thông) báo tiến độ, kết quả hoặc ý kiến trả lời về hồ sơ liên thông (ký HMAC-SHA256)',
            response: {
              200: z.object({ status: z.enum(exchangeStatuses) }),
              400: ProblemSchema,
              401: ProblemSchema,
              404: ProblemSchema,
              409: ProblemSchema,
              503: ProblemSchema,
            },
          },
        },
        async (request) =>
          receiveExchangeReport(
            ctx,
            secret,
            signatureOf(request.headers),
            typeof request.body === 'string' ? request.body : '',
          ),
      );
    });
  };
}
