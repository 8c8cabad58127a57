import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { markEventHandled, openEventFile } from '../../app/portalEvents/citizenEvents.js';
import { contentDisposition } from './documentRoutes.js';
import { receivePortalEvent, type PortalEventSettings } from '../../app/portalEvents/receivePortalEvent.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { CitizenEventView, PortalEventAnswer } from '../../contracts/portalEvents.js';
import { vi } from '../../domain/i18n/vi.js';
import { signatureOf } from '../../integrations/http/signedCallback.js';
import { clientInfo } from '../auth.js';
import { maxNesting, jsonNesting } from '../inputGuard.js';
import { sendProblem } from '../problem.js';
import { signedCallbackGuard } from '../signedCallbackGuard.js';

/** Before the body is read: only the portal's client (its API key, with the scope) may send events. */
async function portalClientOnly(request: FastifyRequest, reply: FastifyReply) {
  const actor = request.actor;
  if (actor.kind !== 'client')
    return sendProblem(request, reply, 401, 'invalid-api-key', vi.problem.invalidApiKey);
  if (!actor.scopes.includes('portal.events'))
    return sendProblem(request, reply, 403, 'scope-missing', vi.problem.scopeMissing);
}

/** Events from the national portal (what citizens do there), and officials answering them. */
export function portalEventRoutes(ctx: AppContext, settings: PortalEventSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/dossiers/:code/citizen-events/:eventId/handled',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary: 'Cán bộ đánh dấu đã trả lời yêu cầu hoặc tin nhắn của người nộp gửi qua Cổng DVCQG',
          params: z.object({ code: z.string().max(60), eventId: z.string().min(1).max(100) }),
          response: { 200: CitizenEventView, ...writeProblems },
        },
      },
      (request) =>
        markEventHandled(
          ctx,
          request.actor,
          request.params.code,
          request.params.eventId,
          clientInfo(request),
        ),
    );

    app.get(
      '/api/v1/dossiers/:code/citizen-events/:eventId/files/:index',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary:
            'Tệp người nộp gửi kèm khi bổ sung trên Cổng DVCQG (kể cả khi sự kiện không áp dụng được); việc mở được ghi nhật ký',
          params: z.object({
            code: z.string().max(60),
            eventId: z.string().min(1).max(100),
            index: z.coerce.number().int().min(0).max(19),
          }),
          response: { 200: z.unknown().describe('Nội dung tệp'), 401: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request, reply) => {
        const { file, content } = await openEventFile(
          ctx,
          settings.files,
          request.actor,
          request.params.code,
          request.params.eventId,
          request.params.index,
          clientInfo(request),
        );
        return reply
          .header('content-type', file.content_type)
          .header('content-length', String(file.size))
          .header('content-disposition', contentDisposition(file.file_name, true))
          .header('cache-control', 'private, no-store')
          .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'")
          .header('x-frame-options', 'SAMEORIGIN')
          .send(content);
      },
    );

    // The signature covers the body's exact bytes: this scope reads it as text.
    await app.register(async (raw) => {
      raw.removeContentTypeParser('application/json');
      raw.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
        done(null, body),
      );
      raw.post(
        '/api/v1/portal/events',
        {
          // A supplement's files travel as base64 in the body: up to 48 MB of them in one event.
          bodyLimit: 64 * 1024 * 1024,
          onRequest: [portalClientOnly, signedCallbackGuard(settings.secret, ctx.now)],
          schema: {
            security: [{ apiKey: [], signedCallback: [] }],
            tags: ['Trục tích hợp'],
            summary:
              'Cổng DVCQG báo việc công dân làm trên Cổng: bổ sung hồ sơ (kèm tệp), yêu cầu rút, thanh toán, đánh giá, tin nhắn. Khóa API và chữ ký HMAC; mỗi sự kiện theo mã của Cổng (gửi lại không đổi gì), áp dụng theo số thứ tự trong hồ sơ',
            response: {
              200: PortalEventAnswer,
              400: ProblemSchema,
              401: ProblemSchema,
              403: ProblemSchema,
              404: ProblemSchema,
              409: ProblemSchema,
              413: ProblemSchema,
              415: ProblemSchema,
              503: ProblemSchema,
            },
          },
        },
        async (request, reply) => {
          const body = typeof request.body === 'string' ? request.body : '';
          if (jsonNesting(body, maxNesting) > maxNesting)
            return sendProblem(request, reply, 400, 'validation', vi.problem.tooDeep);
          return receivePortalEvent(ctx, request.actor, settings, signatureOf(request.headers), body);
        },
      );
    });
  };
}
