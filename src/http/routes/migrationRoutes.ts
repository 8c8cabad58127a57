import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { migrationRuns } from '../../app/migration/migrationRuns.js';
import { ProblemSchema } from '../../contracts/common.js';
import { MigrationRunView } from '../../contracts/migration.js';

/** The provincial take-over, as the administrators who run it follow it. */
export function migrationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/migration/runs',
      {
        schema: {
          tags: ['Chuyển đổi dữ liệu'],
          summary:
            'Các lần nhập dữ liệu từ hệ thống một cửa của tỉnh (migrate-in run): tiến độ và đối soát, của các tỉnh trong phạm vi quản trị',
          response: {
            200: z.object({ items: z.array(MigrationRunView) }),
            401: ProblemSchema,
            403: ProblemSchema,
          },
        },
      },
      async (req) => ({ items: await migrationRuns(ctx, req.actor) }),
    );
  };
}
