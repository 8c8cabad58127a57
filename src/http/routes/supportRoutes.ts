import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { actOnIncident, listIncidents, openIncident } from '../../app/support/incidents.js';
import { listSupportContacts, saveSupportContact, supportForMe } from '../../app/support/supportContacts.js';
import { writeProblems } from '../../contracts/common.js';
import {
  IncidentBody,
  IncidentCommandBody,
  IncidentView,
  SupportContact,
  SupportContactBody,
} from '../../contracts/support.js';
import { clientInfo } from '../auth.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Hỗ trợ, sự cố'];
const contacts = z.object({ items: z.array(SupportContact) });

/** Support focal points (public: citizens and officials need them most when something fails) and incidents. */
export function supportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/support/contacts',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Danh sách đầu mối hỗ trợ kỹ thuật của các tỉnh, bộ và toàn quốc',
          response: { 200: contacts },
        },
      },
      async () => ({ items: await listSupportContacts(ctx) }),
    );

    app.get(
      '/api/v1/support/contacts/mine',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Đầu mối hỗ trợ cho địa bàn của người dùng (chưa đăng nhập: đầu mối toàn quốc)',
          response: { 200: contacts },
        },
      },
      async (request) => ({ items: await supportForMe(ctx, request.actor) }),
    );

    app.post(
      '/api/v1/support/contacts',
      {
        schema: {
          tags,
          summary: 'Thêm đầu mối hỗ trợ (quản trị hệ thống; quản trị tỉnh, bộ cho địa bàn mình)',
          body: SupportContactBody,
          response: { 201: SupportContact, ...writeProblems },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await saveSupportContact(ctx, request.actor, null, request.body, clientInfo(request))),
    );

    app.put(
      '/api/v1/support/contacts/:id',
      {
        schema: {
          tags,
          summary: 'Cập nhật đầu mối hỗ trợ',
          params: z.object({ id: z.uuid() }),
          body: SupportContactBody,
          response: { 200: SupportContact, ...writeProblems },
        },
      },
      (request) =>
        saveSupportContact(ctx, request.actor, request.params.id, request.body, clientInfo(request)),
    );

    app.post(
      '/api/v1/incidents',
      {
        schema: {
          tags,
          summary:
            'Báo sự cố (mọi cán bộ); thời hạn tiếp nhận, khắc phục theo mức độ; Idempotency-Key tùy chọn',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(100).optional() }),
          body: IncidentBody,
          response: { 200: IncidentView, 201: IncidentView, ...writeProblems },
        },
      },
      async (request, reply) => {
        const { created, view } = await openIncident(
          ctx,
          request.actor,
          request.body,
          request.headers['idempotency-key'],
          clientInfo(request),
        );
        return reply.code(created ? 201 : 200).send(view);
      },
    );

    app.get(
      '/api/v1/incidents',
      {
        schema: {
          tags,
          summary: 'Sự cố do mình báo hoặc thuộc địa bàn mình hỗ trợ',
          response: { 200: z.object({ items: z.array(IncidentView) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await listIncidents(ctx, request.actor) }),
    );

    app.post(
      '/api/v1/incidents/:code/actions',
      {
        schema: {
          tags,
          summary: 'Tiếp nhận, cập nhật xử lý hoặc đóng sự cố (bộ phận hỗ trợ của địa bàn)',
          params: z.object({ code: z.string().regex(/^SC-\d{4}-\d{6,}$/) }),
          body: IncidentCommandBody,
          response: { 200: IncidentView, ...writeProblems },
        },
      },
      (request) => actOnIncident(ctx, request.actor, request.params.code, request.body, clientInfo(request)),
    );
  };
}
