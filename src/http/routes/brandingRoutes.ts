import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { brandOf, type AppContext } from '../../app/context.js';
import { problem } from '../../app/problems.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Hệ thống'];

/** The installation's brand (name, title, banner, colour, logo), for every screen before sign-in too. */
export function brandingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/branding',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Tên, tiêu đề, dòng thông báo, màu và logo của hệ thống (cấu hình theo nơi triển khai)',
          response: {
            200: z.object({
              name: z.string(),
              title: z.string(),
              banner: z.string().nullable(),
              color: z.string(),
              logo: z.boolean(),
            }),
          },
        },
      },
      () => {
        const b = brandOf(ctx.settings);
        return { name: b.name, title: b.title, banner: b.banner, color: b.color, logo: b.logo !== null };
      },
    );

    app.get(
      '/api/v1/branding/logo',
      { schema: { security: publicOperation, tags, summary: 'Logo của hệ thống' } },
      async (_request, reply) => {
        const logo = brandOf(ctx.settings).logo;
        if (!logo) throw problem('not-found');
        return reply.type(logo.type).header('cache-control', 'public, max-age=3600').send(logo.bytes);
      },
    );
  };
}
