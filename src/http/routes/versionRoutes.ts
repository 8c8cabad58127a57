import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createDraft,
  findDraft,
  getVersion,
  publishVersion,
  saveDraft,
} from '../../app/catalog/versionEditor.js';
import type { AppContext } from '../../app/context.js';
import { PublishRequest, VersionContent, VersionView } from '../../contracts/catalog.js';
import { writeProblems } from '../../contracts/common.js';
import { procedureCode } from '../../contracts/procedureCode.js';
import { clientInfo } from '../auth.js';

const tags = ['Danh mục thủ tục hành chính'];
const errors = writeProblems;

/** The version editor: a draft copied from the version in force, edited, then published. */
export function versionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const params = z.strictObject({ code: procedureCode, version: z.coerce.number().int().min(1) });

    app.get(
      '/api/v1/procedures/:code/versions/:version',
      {
        schema: {
          tags,
          summary: 'Một phiên bản (bản nháp chỉ bộ chủ quản xem được)',
          params,
          response: { 200: VersionView, ...errors },
        },
      },
      (request) => getVersion(ctx, request.actor, request.params.code, request.params.version),
    );

    app.get(
      '/api/v1/procedures/:code/draft',
      {
        schema: {
          tags,
          summary: 'Bản nháp đang soạn của thủ tục, nếu có (bộ chủ quản)',
          params: z.strictObject({ code: procedureCode }),
          response: { 200: z.object({ draft: VersionView.nullable() }), ...errors },
        },
      },
      async (request) => ({ draft: await findDraft(ctx, request.actor, request.params.code) }),
    );

    app.post(
      '/api/v1/procedures/:code/versions',
      {
        schema: {
          tags,
          summary: 'Tạo bản nháp phiên bản mới, sao chép phiên bản đang áp dụng (mỗi lúc một bản nháp)',
          params: z.strictObject({ code: procedureCode }),
          response: { 201: VersionView, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createDraft(ctx, request.actor, request.params.code, clientInfo(request))),
    );

    app.put(
      '/api/v1/procedures/:code/versions/:version',
      {
        schema: {
          tags,
          summary: 'Lưu nội dung bản nháp (kiểm tra đủ quy tắc; phiên bản đã công bố không sửa được)',
          params,
          body: VersionContent,
          response: { 200: VersionView, ...errors },
        },
      },
      (request) =>
        saveDraft(
          ctx,
          request.actor,
          request.params.code,
          request.params.version,
          request.body,
          clientInfo(request),
        ),
    );

    app.post(
      '/api/v1/procedures/:code/versions/:version/publish',
      {
        schema: {
          tags,
          summary: 'Công bố bản nháp theo quyết định; phiên bản đang áp dụng chuyển thành hết hiệu lực',
          params,
          body: PublishRequest,
          response: { 200: VersionView, ...errors },
        },
      },
      (request) =>
        publishVersion(
          ctx,
          request.actor,
          request.params.code,
          request.params.version,
          request.body,
          clientInfo(request),
        ),
    );
  };
}
