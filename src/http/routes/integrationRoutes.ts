import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { listParked, outboxOverview, replayParked } from '../../app/integrations/outboxOverview.js';
import { latestReconciliations, reconcileOnDemand } from '../../app/integrations/portalReconciliation.js';
import { ProblemSchema, isoDay, writeProblems } from '../../contracts/common.js';
import { DestinationStats, ParkedMessage, ReconciliationReport } from '../../contracts/integrations.js';
import type { PortalClient } from '../../integrations/dvcqg/portalClient.js';
import { clientInfo } from '../auth.js';

const tags = ['Trục tích hợp'];
const errors = { ...writeProblems, 503: ProblemSchema };

/** The integration hub's operations: the outbox by destination, parked messages, reconciliation. */
export function integrationRoutes(ctx: AppContext, portal: PortalClient | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/integrations/outbox',
      {
        schema: {
          tags,
          summary: 'Hàng đợi gửi đi theo hệ thống nhận: chờ gửi, thử lại, đang gửi, lỗi, tuổi, lưu lượng',
          response: { 200: z.object({ items: z.array(DestinationStats) }), ...errors },
        },
      },
      async (request) => ({ items: await outboxOverview(ctx, request.actor) }),
    );

    app.get(
      '/api/v1/integrations/outbox/parked',
      {
        schema: {
          tags,
          summary: 'Tin đã dừng gửi (quá số lần thử hoặc bị từ chối), cũ nhất trước',
          querystring: z.strictObject({
            destination: z.string().max(20).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ items: z.array(ParkedMessage) }), ...errors },
        },
      },
      async (request) => ({
        items: await listParked(ctx, request.actor, request.query.destination, request.query.limit),
      }),
    );

    app.post(
      '/api/v1/integrations/outbox/replay',
      {
        schema: {
          tags,
          summary: 'Gửi lại các tin đã dừng gửi',
          body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) }),
          response: { 200: z.object({ replayed: z.number().int() }), ...errors },
        },
      },
      async (request) => ({
        replayed: await replayParked(ctx, request.actor, request.body.ids, clientInfo(request)),
      }),
    );

    app.get(
      '/api/v1/integrations/reconciliations',
      {
        schema: {
          tags,
          summary: 'Các lần đối soát với Cổng DVCQG, mới nhất trước',
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(10) }),
          response: { 200: z.object({ items: z.array(ReconciliationReport) }), ...errors },
        },
      },
      async (request) => ({ items: await latestReconciliations(ctx, request.actor, request.query.limit) }),
    );

    app.post(
      '/api/v1/integrations/reconciliations',
      {
        schema: {
          tags,
          summary: 'Đối soát ngay một ngày với Cổng DVCQG; hồ sơ thiếu hoặc lệch được gửi lại',
          body: z.strictObject({ day: isoDay }),
          response: { 201: ReconciliationReport, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await reconcileOnDemand(ctx, request.actor, portal, request.body.day, clientInfo(request))),
    );
  };
}
