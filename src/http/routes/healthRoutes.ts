import { statfs } from 'node:fs/promises';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vi } from '../../domain/i18n/vi.js';
import type { Database } from '../../store/database.js';
import { pendingMigrations } from '../../store/migrations.js';
import { ProblemSchema } from '../../contracts/common.js';
import { sendProblem } from '../problem.js';
import { publicOperation } from '../openapiDocument.js';

/** Free space below which a node says it is not ready (uploads are staged on its disk). */
const minFreeBytes = 16 * 1024 * 1024;

/**
 * `/healthz`: the process runs. `/readyz`: it can serve — the database answers with every
 * migration applied, and the disk it stages uploads on (`stagingDir`) has room, so that a load
 * balancer drains a node whose disk is full instead of sending it uploads it must refuse.
 */
export function healthRoutes(database: Database, stagingDir?: string): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          security: publicOperation,
          tags: ['Vận hành'],
          summary: 'Tiến trình đang chạy',
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
        logLevel: 'warn',
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        schema: {
          security: publicOperation,
          tags: ['Vận hành'],
          summary: 'Cơ sở dữ liệu truy cập được và đã cập nhật cấu trúc',
          response: {
            200: z.object({ status: z.literal('ready'), engine: z.enum(['pglite', 'postgres']) }),
            503: ProblemSchema,
          },
        },
        logLevel: 'warn',
      },
      async (request, reply) => {
        try {
          await sql`SELECT 1`.execute(database.db);
          const pending = await pendingMigrations(database.db);
          if (stagingDir) {
            const fs = await statfs(stagingDir).catch(() => null);
            if (fs && fs.bavail * fs.bsize < minFreeBytes) {
              reply.header('retry-after', '30');
              return sendProblem(request, reply, 503, 'not-ready', vi.problem.notReady, {
                detail: `Đĩa của nút gần đầy: còn ${Math.round((fs.bavail * fs.bsize) / 1024)} KB`,
              });
            }
          }
          if (pending.length > 0) {
            return sendProblem(request, reply, 503, 'not-ready', vi.problem.notReady, {
              detail: `Chưa áp dụng: ${pending.join(', ')}`,
            });
          }
          return { status: 'ready' as const, engine: database.engine };
        } catch (err) {
          request.log.warn({ err }, 'readiness check failed');
          reply.header('retry-after', '5');
          return sendProblem(request, reply, 503, 'not-ready', vi.problem.notReady, {
            detail: err instanceof Error ? err.message : String(err),
          });
        }
      },
    );
  };
}
