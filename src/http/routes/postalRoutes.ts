import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { listPostalOrders, receivePostalReport, sendResultByPost } from '../../app/postal/postalOrders.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { PostalOrderView, PostalRecipient } from '../../contracts/postal.js';
import { signedCallback } from '../openapiDocument.js';

const code = z.object({ code: z.string().max(60) });

/** Results returned through the public postal service, and the carrier's status reports. */
export function postalRoutes(ctx: AppContext, callbackToken: string | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/dossiers/:code/postal-orders',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary: 'Đơn bưu chính của hồ sơ (trả kết quả, nhận hồ sơ), mới nhất trước',
          params: code,
          response: { 200: z.object({ items: z.array(PostalOrderView) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await listPostalOrders(ctx, request.actor, request.params.code) }),
    );
    app.post(
      '/api/v1/dossiers/:code/postal-orders',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary: 'Gửi kết quả qua bưu chính công ích (hồ sơ đã có kết quả); trả khi bưu điện báo đã phát',
          params: code,
          body: PostalRecipient,
          response: { 201: PostalOrderView, ...writeProblems },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await sendResultByPost(ctx, request.actor, request.params.code, request.body)),
    );
    app.post(
      '/api/v1/postal/callback',
      {
        schema: {
          security: signedCallback,
          tags: ['Trục tích hợp'],
          summary: 'Bưu chính báo trạng thái bưu gửi (X-Callback-Token: mã đã thỏa thuận)',
          body: z.object({
            SoHieuBuuGui: z.string().max(40),
            TrangThai: z.string().max(20),
            GhiChu: z.string().max(2000).optional(),
          }),
          response: {
            200: z.object({ status: z.string(), dossierStatus: z.number().int().nullable() }),
            400: ProblemSchema,
            401: ProblemSchema,
            404: ProblemSchema,
            503: ProblemSchema,
          },
        },
      },
      async (request) =>
        receivePostalReport(
          ctx,
          callbackToken,
          typeof request.headers['x-callback-token'] === 'string'
            ? request.headers['x-callback-token']
            : undefined,
          request.body,
        ),
    );
  };
}
