import type { Readable } from 'node:stream';
import { vi } from '../../domain/i18n/vi.js';
import type { LinkQuery } from '../../integrations/http/signedLink.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import type { FileStore } from '../files/fileStore.js';
import type { LinkKeys } from '../../integrations/http/linkKeys.js';
import { problem } from '../problems.js';

export type SignedFileKind = 'documents' | 'results';

/** The path a signed link to a dossier's document or result names (what is signed). */
export const signedFilePath = (kind: SignedFileKind, id: string) => `/api/v1/public/files/${kind}/${id}`;

export interface SignedFile {
  name: string;
  contentType: string;
  size: number;
  content: Readable;
}

/**
 * A document or result opened through a link the system signed for the national portal: no
 * session, the link is the permission. A forged link and an expired one are told apart (the
 * citizen of an expired one asks again); a purged document is gone. Every opening is audited as a
 * read of the dossier.
 */
export async function openSignedFile(
  ctx: AppContext,
  files: FileStore,
  keys: LinkKeys,
  kind: SignedFileKind,
  id: string,
  query: Partial<LinkQuery>,
  meta: RequestMeta,
): Promise<SignedFile> {
  const now = ctx.now();
  const verdict = await keys.verify(signedFilePath(kind, id), query, now);
  if (verdict === 'forged') throw problem('link-invalid');
  if (verdict === 'expired') throw problem('link-expired');
  const file = await inTransaction(ctx, async (tx) => {
    const row =
      kind === 'documents'
        ? await tx
            .selectFrom('dossier_document as x')
            .innerJoin('dossier as d', 'd.id', 'x.dossier_id')
            .select([
              'd.code',
              'd.agency_code',
              'x.sha256',
              'x.size',
              'x.content_type',
              'x.file_name as name',
              'x.purged_at',
            ])
            .where('x.id', '=', id)
            .executeTakeFirst()
        : await tx
            .selectFrom('dossier_result as x')
            .innerJoin('dossier as d', 'd.id', 'x.dossier_id')
            .select(['d.code', 'd.agency_code', 'x.sha256', 'x.size', 'x.title as name'])
            .select((eb) => [eb.val('application/pdf').as('content_type'), eb.val(null).as('purged_at')])
            .where('x.id', '=', id)
            .where('x.sha256', 'is not', null)
            .executeTakeFirst();
    if (!row?.sha256) throw problem('not-found', vi.detail.noDocument);
    if (row.purged_at) throw problem('retention-expired', vi.detail.retentionExpired);
    await recordAudit(
      tx,
      {
        actorKind: 'anonymous',
        action: 'document.read_signed_link',
        targetKind: 'dossier',
        targetId: row.code,
        agencyCode: row.agency_code,
        detail: { kind, id },
      },
      now,
      meta,
    );
    return row;
  });
  return {
    name: kind === 'results' ? `${file.name}.pdf` : file.name,
    contentType: String(file.content_type),
    size: Number(file.size ?? 0),
    content: files.open(file.sha256 ?? ''),
  };
}
