import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { sendMessage } from '../../app/notices/dossierMessages.js';
import {
  getSmsBrandname,
  listNoticeTemplates,
  saveNoticeTemplate,
  setSmsBrandname,
} from '../../app/notices/noticeTemplates.js';
import { writeProblems } from '../../contracts/common.js';
import { NoticeTemplatesView, SaveNoticeTemplate, SendMessage } from '../../contracts/notices.js';
import { DossierMessageView } from '../../contracts/portalEvents.js';
import { noticeEvents } from '../../domain/notifications/applicantNotice.js';
import { clientInfo } from '../auth.js';

const province = z.string().regex(/^\d{2}$/);

/** Notice words per procedure and province, the provinces' SMS brandnames, officials' messages. */
export function noticeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/procedures/:code/notice-templates',
      {
        schema: {
          tags: ['Thủ tục hành chính'],
          summary:
            'Mẫu thông báo cho người nộp theo từng sự kiện: của bộ cho thủ tục, của tỉnh (khi chọn tỉnh), mẫu đang dùng và các phiên bản',
          params: z.object({ code: z.string().max(50) }),
          querystring: z.strictObject({ province: province.optional() }),
          response: { 200: NoticeTemplatesView, ...writeProblems },
        },
      },
      (request) =>
        listNoticeTemplates(ctx, request.actor, request.params.code, request.query.province ?? null),
    );

    app.put(
      '/api/v1/procedures/:code/notice-templates/:event',
      {
        schema: {
          tags: ['Thủ tục hành chính'],
          summary:
            'Lưu phiên bản mới của mẫu thông báo: của bộ (quản trị danh mục của bộ) hoặc của tỉnh (quản trị cấp tỉnh, provinceCode); kiểm tra trường thay thế và độ dài SMS',
          params: z.object({ code: z.string().max(50), event: z.enum(noticeEvents) }),
          body: SaveNoticeTemplate,
          response: { 200: z.object({ version: z.number().int() }), ...writeProblems },
        },
      },
      (request) =>
        saveNoticeTemplate(
          ctx,
          request.actor,
          request.params.code,
          request.params.event,
          request.body,
          clientInfo(request),
        ),
    );

    app.get(
      '/api/v1/provinces/:code/sms-brandname',
      {
        schema: {
          tags: ['Đơn vị hành chính'],
          summary:
            'Tên hiển thị SMS của tỉnh (rỗng: dùng tên chung của hệ thống) và người xem có được đổi không',
          params: z.object({ code: province }),
          response: {
            200: z.object({ brandname: z.string().nullable(), canEdit: z.boolean() }),
            ...writeProblems,
          },
        },
      },
      (request) => getSmsBrandname(ctx, request.actor, request.params.code),
    );

    app.put(
      '/api/v1/provinces/:code/sms-brandname',
      {
        schema: {
          tags: ['Đơn vị hành chính'],
          summary: 'Tên hiển thị (brandname) của tin nhắn SMS gửi người nộp hồ sơ của tỉnh',
          params: z.object({ code: province }),
          body: z.strictObject({ brandname: z.string().max(20) }),
          response: { 200: z.object({ brandname: z.string() }), ...writeProblems },
        },
      },
      (request) =>
        setSmsBrandname(ctx, request.actor, request.params.code, request.body.brandname, clientInfo(request)),
    );

    app.post(
      '/api/v1/dossiers/:code/messages',
      {
        schema: {
          tags: ['Hồ sơ'],
          summary:
            'Cán bộ nhắn người nộp về hồ sơ: lưu trong hồ sơ, hiện trên Cổng DVCQG, gửi SMS và thư điện tử nếu người nộp đã cho',
          params: z.object({ code: z.string().max(60) }),
          body: SendMessage,
          response: { 201: DossierMessageView, ...writeProblems },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await sendMessage(ctx, request.actor, request.params.code, request.body.body)),
    );
  };
}
