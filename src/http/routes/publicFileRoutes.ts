import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { FileStore } from '../../app/files/fileStore.js';
import type { LinkKeys } from '../../integrations/http/linkKeys.js';
import { openSignedFile } from '../../app/public/signedFiles.js';
import { ProblemSchema } from '../../contracts/common.js';
import { clientInfo } from '../auth.js';
import { publicOperation } from '../openapiDocument.js';
import { contentDisposition } from './documentRoutes.js';

/**
 * A dossier's documents and results through the signed, expiring links given to the national
 * portal: a citizen opens them from the portal without signing in here.
 */
export function publicFileRoutes(ctx: AppContext, files: FileStore, keys: LinkKeys): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/public/files/:kind/:id',
      {
        config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          security: publicOperation,
          tags: ['Tra cứu công khai'],
          summary:
            'Tải tài liệu hoặc kết quả của hồ sơ qua đường dẫn có chữ ký, có hạn (trao cho Cổng DVCQG)',
          params: z.object({ kind: z.enum(['documents', 'results']), id: z.uuid() }),
          querystring: z.object({
            e: z.string().max(20).optional(),
            k: z.string().max(40).optional(),
            s: z.string().max(100).optional(),
          }),
          response: {
            200: z.unknown().describe('Nội dung tệp'),
            403: ProblemSchema,
            404: ProblemSchema,
            429: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const { kind, id } = request.params;
        const file = await openSignedFile(ctx, files, keys, kind, id, request.query, clientInfo(request));
        return reply
          .header('content-type', file.contentType)
          .header('content-length', String(file.size))
          .header('content-disposition', contentDisposition(file.name, true))
          .header('cache-control', 'private, no-store')
          .header('content-security-policy', "default-src 'none'")
          .send(file.content);
      },
    );
  };
}
