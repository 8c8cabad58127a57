import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { FileStore } from '../../app/files/fileStore.js';
import { accessHistory, openOwnItem, ownItems, setReusable } from '../../app/warehouse/citizenWarehouse.js';
import { reuseForDossier } from '../../app/documents/reuseFromWarehouse.js';
import { offersForIntake, openForDossier } from '../../app/warehouse/officialWarehouse.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { DocumentView } from '../../contracts/documents.js';
import {
  OffersQuery,
  ReuseRequest,
  WarehouseAccessView,
  WarehouseItemView,
  WarehouseOffer,
} from '../../contracts/warehouse.js';
import { displayName, extensionOf } from '../../domain/documents/document.js';
import { clientInfo } from '../auth.js';
import { requireCitizen } from '../citizenSession.js';
import { contentDisposition } from './documentRoutes.js';
import { citizenOperation } from '../openapiDocument.js';

const tags = ['Kho dữ liệu điện tử'];
const dossierCode = z.string().min(8).max(80);

/**
 * Each citizen's data warehouse: the holder's own view (items, consent, who accessed what), and an
 * official's, always through a dossier of that holder.
 */
export function warehouseRoutes(ctx: AppContext, files: FileStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/warehouse/offers',
      {
        schema: {
          tags,
          summary:
            'Khi tiếp nhận: giấy tờ trong Kho dữ liệu của người nộp (đã đồng ý tái sử dụng) thay thế được thành phần của thủ tục; mỗi lần xem được ghi vào lịch sử truy cập của chủ sở hữu',
          querystring: OffersQuery,
          response: { 200: z.object({ items: z.array(WarehouseOffer) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await offersForIntake(ctx, request.actor, request.query) }),
    );

    app.get(
      '/api/v1/dossiers/:code/warehouse/:id/content',
      {
        schema: {
          tags,
          summary:
            'Xem giấy tờ trong Kho dữ liệu của người nộp hồ sơ này (ghi nhật ký, ghi lịch sử truy cập)',
          params: z.object({ code: dossierCode, id: z.uuid() }),
          response: { 200: z.unknown(), 401: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request, reply) => {
        const { item, content } = await openForDossier(
          ctx,
          files,
          request.actor,
          request.params.code,
          request.params.id,
          clientInfo(request),
        );
        return reply
          .header('content-type', item.contentType)
          .header('content-length', String(item.size))
          .header(
            'content-disposition',
            contentDisposition(displayName(item.title, extensionOf(item.contentType)), true),
          )
          .header('cache-control', 'private, no-store')
          .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'")
          .send(content);
      },
    );

    app.post(
      '/api/v1/dossiers/:code/documents/reuse',
      {
        schema: {
          tags,
          summary:
            'Dùng giấy tờ trong Kho dữ liệu cho một thành phần hồ sơ thay cho bản quét mới (trạng thái số hóa 2 hoặc 3)',
          params: z.object({ code: dossierCode }),
          body: ReuseRequest,
          response: { 201: DocumentView, ...writeProblems },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await reuseForDossier(ctx, request.actor, request.params.code, request.body, clientInfo(request)),
          ),
    );

    app.get(
      '/api/v1/citizen/warehouse',
      {
        schema: {
          security: citizenOperation,
          tags,
          summary: 'Kho dữ liệu của công dân đang đăng nhập',
          response: { 200: z.object({ items: z.array(WarehouseItemView) }), 401: ProblemSchema },
        },
      },
      async (request) => ({ items: await ownItems(ctx, await requireCitizen(ctx, request)) }),
    );

    app.get(
      '/api/v1/citizen/warehouse/access',
      {
        schema: {
          security: citizenOperation,
          tags,
          summary: 'Ai đã xem, dùng giấy tờ của tôi, khi nào, để làm gì',
          response: { 200: z.object({ items: z.array(WarehouseAccessView) }), 401: ProblemSchema },
        },
      },
      async (request) => ({ items: await accessHistory(ctx, await requireCitizen(ctx, request)) }),
    );

    app.get(
      '/api/v1/citizen/warehouse/:id/content',
      {
        schema: {
          security: citizenOperation,
          tags,
          summary: 'Tải giấy tờ của tôi',
          params: z.object({ id: z.uuid() }),
          response: { 200: z.unknown(), 401: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request, reply) => {
        const { item, content } = await openOwnItem(
          ctx,
          files,
          await requireCitizen(ctx, request),
          request.params.id,
        );
        return reply
          .header('content-type', item.contentType)
          .header('content-length', String(item.size))
          .header(
            'content-disposition',
            contentDisposition(displayName(item.title, extensionOf(item.contentType)), false),
          )
          .header('cache-control', 'private, no-store')
          .send(content);
      },
    );

    app.patch(
      '/api/v1/citizen/warehouse/:id',
      {
        schema: {
          security: citizenOperation,
          tags,
          summary: 'Đồng ý hoặc rút lại đồng ý tái sử dụng một giấy tờ',
          params: z.object({ id: z.uuid() }),
          body: z.strictObject({ reusable: z.boolean() }),
          response: { 200: WarehouseItemView, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request) =>
        setReusable(
          ctx,
          await requireCitizen(ctx, request),
          request.params.id,
          request.body.reusable,
          clientInfo(request),
        ),
    );
  };
}
