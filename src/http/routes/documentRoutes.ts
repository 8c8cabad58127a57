import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { listDocuments, openDocument, uploadDocument } from '../../app/documents/documents.js';
import type { FileStore } from '../../app/files/fileStore.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { DocumentView, UploadQuery } from '../../contracts/documents.js';
import type { Digitization } from '../../domain/documents/document.js';
import { withoutDiacritics } from '../../domain/notifications/applicantNotice.js';
import { uploadedFile } from '../upload.js';
import { clientInfo } from '../auth.js';

const tags = ['Tài liệu hồ sơ'];
const dossierCode = z.string().min(8).max(80);

/** `attachment; filename=…` safe for any name: an ASCII fallback and the UTF-8 original (RFC 6266). */
export function contentDisposition(name: string, inline: boolean): string {
  const ascii = withoutDiacritics(name).replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function documentRoutes(ctx: AppContext, files: FileStore, maxBytes: number): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/dossiers/:code/documents',
      {
        schema: {
          tags,
          summary:
            'Tải lên một tệp cho thành phần hồ sơ (multipart/form-data, trường "file"): PDF, JPEG, PNG, TIFF, DOCX, XLSX; mỗi lần tải là một phiên bản mới',
          params: z.object({ code: dossierCode }),
          querystring: UploadQuery,
          consumes: ['multipart/form-data'],
          response: { 201: DocumentView, ...writeProblems, 413: ProblemSchema, 415: ProblemSchema },
        },
      },
      async (request, reply) => {
        const upload = await uploadedFile(request);
        const doc = await upload.consume((part) =>
          uploadDocument(
            ctx,
            files,
            request.actor,
            request.params.code,
            {
              componentCode: request.query.component,
              digitization: request.query.digitization as Digitization,
              clientName: part.filename,
              declaredPages: request.query.pages,
            },
            part.file,
            maxBytes,
            clientInfo(request),
          ),
        );
        return reply.code(201).send(doc);
      },
    );

    app.get(
      '/api/v1/dossiers/:code/documents',
      {
        schema: {
          tags,
          summary: 'Các tài liệu của hồ sơ, mọi phiên bản, theo thành phần',
          params: z.object({ code: dossierCode }),
          response: {
            200: z.object({ items: z.array(DocumentView) }),
            401: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      async (request) => ({ items: await listDocuments(ctx, request.actor, request.params.code) }),
    );

    app.get(
      '/api/v1/dossiers/:code/documents/:id/content',
      {
        schema: {
          tags,
          summary: 'Nội dung một tài liệu (mỗi lần đọc được ghi nhật ký); ?download=1 để tải về',
          params: z.object({ code: dossierCode, id: z.uuid() }),
          querystring: z.object({ download: z.enum(['0', '1']).default('0') }),
          response: {
            200: z.unknown().describe('Nội dung tệp, theo kiểu nhận diện khi tải lên'),
            401: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const { document, content } = await openDocument(
          ctx,
          files,
          request.actor,
          request.params.code,
          request.params.id,
          clientInfo(request),
        );
        return (
          reply
            .header('content-type', document.contentType)
            .header('content-length', String(document.size))
            .header(
              'content-disposition',
              contentDisposition(document.fileName, request.query.download === '0'),
            )
            .header('cache-control', 'private, no-store')
            // Shown in the dossier page's own viewer: framable by this site only, loading nothing else.
            // (No CSP sandbox: Chromium refuses to show a PDF in a sandboxed frame.)
            .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'")
            .header('x-frame-options', 'SAMEORIGIN')
            .send(content)
        );
      },
    );
  };
}
