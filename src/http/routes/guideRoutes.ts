import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { findGuide, guideRevisions, listGuides, saveGuide } from '../../app/guides/guides.js';
import { guideImagePath, handbookPdf } from '../../app/guides/handbookPdf.js';
import { problem } from '../../app/problems.js';
import { vi } from '../../domain/i18n/vi.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { GuideBody, GuideKey, GuideRevision, GuideView, HandbookQuery } from '../../contracts/guides.js';
import { clientInfo } from '../auth.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Hướng dẫn sử dụng'];

/** The guides: read by anyone (the help page, the printed handbook), edited by their editors. */
export function guideRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/guides',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Các hướng dẫn đang dùng: theo vai trò, và hướng dẫn kỹ thuật theo thủ tục',
          response: { 200: z.object({ items: z.array(GuideView) }) },
        },
      },
      async (request) => ({ items: await listGuides(ctx, request.actor) }),
    );

    app.get(
      '/api/v1/guides/handbook.pdf',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Sổ tay hướng dẫn (PDF, kèm ảnh màn hình), của mọi vai trò hoặc một vai trò',
          querystring: HandbookQuery,
          response: { 200: z.unknown().describe('Tệp PDF') },
        },
      },
      async (request, reply) => {
        const pdf = await handbookPdf(ctx, request.actor, request.query.role);
        const name = `so-tay-huong-dan${request.query.role ? `-${request.query.role}` : ''}.pdf`;
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'no-store')
          .send(pdf);
      },
    );

    app.get(
      '/api/v1/guides/images/:name',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Ảnh màn hình dùng trong hướng dẫn',
          params: z.object({ name: z.string().max(80) }),
          response: { 200: z.unknown().describe('Ảnh PNG'), 404: ProblemSchema },
        },
      },
      async (request, reply) => {
        const path = guideImagePath(request.params.name);
        if (!path) throw problem('not-found', vi.guide.noImage(request.params.name));
        return reply
          .type('image/png')
          .header('cache-control', 'public, max-age=3600')
          .send(await readFile(path));
      },
    );

    app.get(
      '/api/v1/guides/:key/revisions',
      {
        schema: {
          tags,
          summary: 'Các phiên bản của một hướng dẫn, mới nhất trước',
          params: z.object({ key: GuideKey }),
          response: {
            200: z.object({ items: z.array(GuideRevision) }),
            401: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      async (request) => ({ items: await guideRevisions(ctx, request.actor, request.params.key) }),
    );

    app.get(
      '/api/v1/guides/:key',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Một hướng dẫn đang dùng',
          params: z.object({ key: GuideKey }),
          response: { 200: GuideView, 404: ProblemSchema },
        },
      },
      (request) => findGuide(ctx, request.actor, request.params.key),
    );

    app.put(
      '/api/v1/guides/:key',
      {
        schema: {
          tags,
          summary:
            'Lưu phiên bản mới của một hướng dẫn (vai trò: quản trị hệ thống; thủ tục: bộ, ngành chủ quản)',
          params: z.object({ key: GuideKey }),
          body: GuideBody,
          response: { 200: GuideView, ...writeProblems },
        },
      },
      (request) => saveGuide(ctx, request.actor, request.params.key, request.body, clientInfo(request)),
    );
  };
}
