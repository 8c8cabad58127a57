import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { FileStore } from '../../app/files/fileStore.js';
import { attachToAnnouncement, openAnnouncementFile } from '../../app/announcements/announcementFiles.js';
import {
  listAnnouncements,
  markAnnouncementRead,
  publicAnnouncements,
} from '../../app/announcements/announcementQueries.js';
import {
  earliestWindow,
  publishAnnouncement,
  withdrawAnnouncement,
} from '../../app/announcements/publishAnnouncement.js';
import {
  AnnouncementBody,
  AnnouncementListQuery,
  AnnouncementView,
  EarliestWindow,
  PublicAnnouncement,
} from '../../contracts/announcements.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { clientInfo } from '../auth.js';
import { publicOperation } from '../openapiDocument.js';
import { uploadedFile } from '../upload.js';
import { contentDisposition } from './documentRoutes.js';

const tags = ['Thông báo, bảo trì'];
const params = z.object({ id: z.uuid() });

/** Notices to the people who run motcua, planned maintenance, and what citizens see of them. */
export function announcementRoutes(
  ctx: AppContext,
  files: FileStore,
  maxBytes: number,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/announcements',
      {
        schema: {
          tags,
          summary:
            'Đăng thông báo (quản trị hệ thống: mọi đối tượng; bộ: mọi đối tượng; tỉnh: trong tỉnh) hoặc lịch bảo trì (báo trước ít nhất 5 ngày làm việc); Idempotency-Key tùy chọn',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(100).optional() }),
          body: AnnouncementBody,
          response: { 200: AnnouncementView, 201: AnnouncementView, ...writeProblems },
        },
      },
      async (request, reply) => {
        const { created, view } = await publishAnnouncement(
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
      '/api/v1/announcements',
      {
        schema: {
          tags,
          summary: 'Thông báo gửi tới cán bộ (đang hiệu lực, chưa đọc) hoặc thông báo cơ quan mình đã đăng',
          querystring: AnnouncementListQuery,
          response: { 200: z.object({ items: z.array(AnnouncementView) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await listAnnouncements(ctx, request.actor, request.query) }),
    );

    app.get(
      '/api/v1/announcements/maintenance-earliest',
      {
        schema: {
          tags,
          summary: 'Thời điểm sớm nhất được bắt đầu bảo trì nếu thông báo bây giờ (theo lịch làm việc)',
          response: { 200: EarliestWindow, ...writeProblems },
        },
      },
      (request) => earliestWindow(ctx, request.actor),
    );

    app.post(
      '/api/v1/announcements/:id/read',
      {
        schema: {
          tags,
          summary: 'Đánh dấu đã đọc thông báo',
          params,
          response: { 200: AnnouncementView, ...writeProblems },
        },
      },
      (request) => markAnnouncementRead(ctx, request.actor, request.params.id),
    );

    app.post(
      '/api/v1/announcements/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'Thu hồi thông báo (cơ quan đã đăng hoặc quản trị hệ thống)',
          params,
          response: { 200: AnnouncementView, ...writeProblems },
        },
      },
      (request) => withdrawAnnouncement(ctx, request.actor, request.params.id, clientInfo(request)),
    );

    app.post(
      '/api/v1/announcements/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Đính kèm tệp vào thông báo (multipart/form-data, trường "file"; tối đa 5 tệp)',
          params,
          consumes: ['multipart/form-data'],
          response: { 201: AnnouncementView, ...writeProblems, 413: ProblemSchema, 415: ProblemSchema },
        },
      },
      async (request, reply) => {
        const upload = await uploadedFile(request);
        const bytes = await upload.bytes();
        const view = await attachToAnnouncement(
          ctx,
          files,
          request.actor,
          request.params.id,
          { name: upload.part.filename, bytes },
          maxBytes,
          clientInfo(request),
        );
        return reply.code(201).send(view);
      },
    );

    app.get(
      '/api/v1/announcements/:id/attachments/:position',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Tệp đính kèm của thông báo (công khai: mọi người; còn lại: cán bộ được gửi)',
          params: params.extend({ position: z.coerce.number().int().min(1).max(100) }),
        },
      },
      async (request, reply) => {
        const file = await openAnnouncementFile(
          ctx,
          files,
          request.actor,
          request.params.id,
          request.params.position,
        );
        return reply
          .header('content-type', file.mediaType)
          .header('content-length', String(file.size))
          .header('content-disposition', contentDisposition(file.name, false))
          .header('cache-control', 'private, no-store')
          .header('content-security-policy', "default-src 'none'")
          .send(file.content);
      },
    );

    app.get(
      '/api/v1/public/announcements',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Thông báo công khai đang hiệu lực và lịch bảo trì sắp tới (cho mọi người)',
          querystring: z.strictObject({
            province: z
              .string()
              .regex(/^\d{2}$/)
              .optional(),
          }),
          response: { 200: z.object({ items: z.array(PublicAnnouncement) }) },
        },
      },
      async (request) => ({ items: await publicAnnouncements(ctx, request.query.province) }),
    );
  };
}
