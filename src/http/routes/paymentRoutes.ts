import { replaceReceipt } from '../../app/payments/receiptReplacement.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { listPayments, receivePaymentCallback, requestRefund } from '../../app/payments/payments.js';
import { signatureOf } from '../../integrations/http/signedCallback.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { PaymentView } from '../../contracts/payments.js';
import { partnerCallbackLimit, signedCallbackGuard } from '../signedCallbackGuard.js';
import { clientInfo } from '../auth.js';
import { signedCallback } from '../openapiDocument.js';

/** Payments of a dossier, and the payment platform's signed callback. */
export function paymentRoutes(ctx: AppContext, secret: string | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers/:code/payments',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary: 'Các yêu cầu thanh toán (nghĩa vụ tài chính) của hồ sơ, mới nhất trước',
          params: z.object({ code: z.string().max(60) }),
          response: { 200: z.object({ items: z.array(PaymentView) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await listPayments(ctx, request.actor, request.params.code) }),
    );

    app.post(
      '/api/v1/dossiers/:code/payments/:id/refund',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary: 'Lãnh đạo đề nghị hoàn tiền một khoản đã thanh toán (qua nền tảng thanh toán)',
          params: z.object({ code: z.string().max(60), id: z.uuid() }),
          body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
          response: { 200: PaymentView, ...writeProblems },
        },
      },
      async (request) =>
        requestRefund(
          ctx,
          request.actor,
          request.params.code,
          request.params.id,
          request.body.reason,
          clientInfo(request),
        ),
    );

    app.post(
      '/api/v1/dossiers/:code/payments/:id/receipt/replace',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary:
            'Đề nghị nhà cung cấp phát hành biên lai điện tử thay thế (sửa thông tin sai, ví dụ tên người nộp); biên lai cũ bị đánh dấu thay thế',
          params: z.object({ code: z.string().max(60), id: z.uuid() }),
          body: z.strictObject({
            reason: z.string().trim().min(1).max(500),
            payerName: z.string().trim().min(1).max(200).optional(),
          }),
          response: { 200: PaymentView, ...writeProblems },
        },
      },
      async (request) =>
        replaceReceipt(
          ctx,
          request.actor,
          request.params.code,
          request.params.id,
          request.body,
          clientInfo(request),
        ),
    );

    // The signature covers the body's exact bytes: this route reads it as text.
    await app.register(async (raw) => {
      // The raw body, as signed: this scope reads JSON itself after checking the signature.
      raw.removeContentTypeParser('application/json');
      raw.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
        done(null, body),
      );
      raw.post(
        '/api/v1/payments/callback',
        {
          onRequest: signedCallbackGuard(secret, ctx.now),
          config: { rateLimit: partnerCallbackLimit },
          schema: {
            security: signedCallback,
            tags: ['Trục tích hợp'],
            summary:
              'Nền tảng thanh toán báo kết quả (ký HMAC-SHA256: X-Signature, X-Timestamp, X-Nonce); lời gọi lặp lại bị từ chối',
            response: {
              200: z.object({ status: z.string(), dossierStatus: z.number().int().nullable() }),
              400: ProblemSchema,
              401: ProblemSchema,
              404: ProblemSchema,
              409: ProblemSchema,
              503: ProblemSchema,
            },
          },
        },
        async (request) =>
          receivePaymentCallback(
            ctx,
            secret,
            signatureOf(request.headers),
            typeof request.body === 'string' ? request.body : '',
          ),
      );
    });
  };
}
