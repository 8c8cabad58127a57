import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireClientScope } from '../../app/access/apiClients.js';
import { createApiClient, listApiClients, setApiClientActive } from '../../app/integrations/apiClients.js';
import type { AppContext } from '../../app/context.js';
import { agencyCode } from '../../contracts/agencies.js';
import { writeProblems } from '../../contracts/common.js';
import { clientScopes } from '../../domain/access/roles.js';
import { clientInfo } from '../auth.js';
import { clientOperation } from '../openapiDocument.js';
import { problem } from '../../app/problems.js';

const tags = ['Hệ thống kết nối'];
const errors = writeProblems;
const ApiClient = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  scopes: z.array(z.string()),
  agencyCode: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

/** Machine clients: registered by a system administrator, authenticated by `Authorization: Bearer <key>`. */
export function apiClientRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/api-clients',
      {
        schema: {
          tags,
          summary: 'Các hệ thống kết nối',
          response: { 200: z.object({ items: z.array(ApiClient) }), ...errors },
        },
      },
      async (request) => ({
        items: await listApiClients(ctx, request.actor),
      }),
    );

    app.post(
      '/api/v1/api-clients',
      {
        schema: {
          tags,
          summary: 'Đăng ký hệ thống kết nối (khóa API chỉ hiển thị một lần)',
          body: z.strictObject({
            name: z.string().trim().min(1).max(100),
            scopes: z.array(z.enum(clientScopes)).min(1),
            agencyCode: agencyCode.nullable().optional(),
          }),
          response: { 201: z.object({ id: z.string(), key: z.string() }), ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createApiClient(ctx, request.actor, request.body, clientInfo(request))),
    );

    app.patch(
      '/api/v1/api-clients/:id',
      {
        schema: {
          tags,
          summary: 'Thu hồi hoặc khôi phục khóa',
          params: z.strictObject({ id: z.uuid() }),
          body: z.strictObject({ active: z.boolean() }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await setApiClientActive(
          ctx,
          request.actor,
          request.params.id,
          request.body.active,
          clientInfo(request),
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/client/whoami',
      {
        schema: {
          security: clientOperation,
          tags,
          summary: 'Hệ thống kết nối đang gọi và phạm vi của nó',
          response: { 200: z.object({ name: z.string(), scopes: z.array(z.string()) }), ...errors },
        },
      },
      async (request) => {
        if (request.actor.kind !== 'client') throw problem('invalid-api-key');
        return { name: request.actor.name, scopes: [...request.actor.scopes] };
      },
    );

    app.get(
      '/api/v1/client/reference-check',
      {
        schema: {
          security: clientOperation,
          tags,
          summary: 'Kiểm tra phạm vi reference.read (dùng khi thử kết nối)',
          response: { 200: z.object({ ok: z.literal(true) }), ...errors },
        },
      },
      async (request) => {
        requireClientScope(request.actor, 'reference.read');
        return { ok: true as const };
      },
    );
  };
}
