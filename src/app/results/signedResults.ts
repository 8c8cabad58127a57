import { vi } from '../../domain/i18n/vi.js';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ResultView } from '../../contracts/results.js';
import { verifyCallback } from '../../integrations/http/signedCallback.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import type { FileStore } from '../files/fileStore.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import { markForCounting } from '../reports/countIndicators.js';
import { problem } from '../problems.js';
import { queuePortalSync } from '../outbox/enqueue.js';

const view = (r: {
  id: string;
  status: ResultView['status'];
  title: string;
  number: string | null;
  issued_on: string | null;
  signer: string | null;
  issuing_agency: string;
  sha256: string | null;
  created_at: Date;
  verification_code: string | null;
}): ResultView => ({
  id: r.id,
  status: r.status,
  title: r.title,
  number: r.number,
  issuedOn: r.issued_on,
  signer: r.signer,
  issuingAgency: r.issuing_agency,
  sha256: r.sha256,
  createdAt: r.created_at.toISOString(),
  verificationCode: r.verification_code,
});

/** A dossier's result documents, newest first. */
export function listResults(ctx: AppContext, actor: Actor, code: string): Promise<ResultView[]> {
  const staff = requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, ctx.now());
    const rows = await tx
      .selectFrom('dossier_result')
      .selectAll()
      .where('dossier_id', '=', d.id)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(view);
  });
}

/**
 * A signed result's bytes (or an imported one's, as the provincial system kept it) for an official
 * who may see its dossier; every read is audited.
 */
export async function openResult(
  ctx: AppContext,
  actor: Actor,
  files: FileStore,
  code: string,
  id: string,
  meta: RequestMeta,
): Promise<{ stream: Readable; size: number; number: string }> {
  const staff = requireStaff(actor);
  const r = await inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, ctx.now());
    const row = await tx
      .selectFrom('dossier_result')
      .selectAll()
      .where('id', '=', id)
      .where('dossier_id', '=', d.id)
      .where('status', 'in', ['signed', 'imported'])
      .executeTakeFirst();
    if (!row?.sha256) throw problem('not-found');
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'result.read',
        targetKind: 'dossier_result',
        targetId: id,
        agencyCode: d.agency_code,
      },
      ctx.now(),
      meta,
    );
    return row;
  });
  return { stream: files.open(r.sha256 ?? ''), size: r.size ?? 0, number: r.number ?? '' };
}

interface SignedBody {
  MaGiaoDich?: unknown;
  MaVanBan?: unknown;
  SoKyHieu?: unknown;
  NgayBanHanh?: unknown;
  NguoiKy?: unknown;
  MaBam?: unknown;
  TepKetQua?: unknown;
}

const str = (v: unknown, max: number) =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;

/**
 * The document-management system sends the numbered, signed result back: refused unless signed
 * with the shared secret, recent and new; the file must hash to what the sender says; it is kept
 * in the file store and the result record filled in, once (a repeat changes nothing).
 */
export async function receiveSignedResult(
  ctx: AppContext,
  files: FileStore,
  secret: string | undefined,
  headers: { signature?: string; timestamp?: string; nonce?: string },
  rawBody: string,
): Promise<{ status: string; number: string | null }> {
  if (!secret) throw problem('not-configured');
  const verdict = verifyCallback(secret, headers, rawBody, ctx.now());
  if (verdict !== 'ok') throw problem('callback-rejected', verdict);
  let body: SignedBody;
  try {
    body = JSON.parse(rawBody) as SignedBody;
  } catch {
    throw problem('malformed-json');
  }
  const id =
    typeof body.MaGiaoDich === 'string' && /^[0-9a-f-]{36}$/.test(body.MaGiaoDich) ? body.MaGiaoDich : null;
  const number = str(body.SoKyHieu, 100);
  const digest = str(body.MaBam, 64);
  const file = typeof body.TepKetQua === 'string' ? Buffer.from(body.TepKetQua, 'base64') : null;
  const issuedOn =
    typeof body.NgayBanHanh === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.NgayBanHanh)
      ? body.NgayBanHanh
      : null;
  if (!id || !number || !digest || !file || file.length === 0 || !issuedOn)
    throw problem('validation', 'MaGiaoDich, SoKyHieu, NgayBanHanh, MaBam, TepKetQua');
  const sha256 = createHash('sha256').update(file).digest('hex');
  if (sha256 !== digest) throw problem('hash-mismatch', vi.detail.hashMismatch);
  const staged = await files.stage(Readable.from(file), 50 * 1024 * 1024);
  await files.keep(staged);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const fresh = await tx
      .insertInto('callback_nonce')
      .values({ source: 'docmgmt', nonce: String(headers.nonce), received_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('nonce')
      .executeTakeFirst();
    if (!fresh) throw problem('callback-replayed');
    const updated = await tx
      .updateTable('dossier_result')
      .set({
        status: 'signed',
        external_ref: str(body.MaVanBan, 100),
        number,
        issued_on: issuedOn,
        signer: str(body.NguoiKy, 200),
        sha256,
        size: file.length,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '<>', 'signed')
      .returning(['id', 'dossier_id'])
      .executeTakeFirst();
    if (updated) await queuePortalSync(tx, updated.dossier_id, 'result', now);
    if (!updated) {
      const exists = await tx
        .selectFrom('dossier_result')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!exists) throw problem('not-found', vi.detail.noResult(id));
    } else await markForCounting(tx, (await resultDossier(tx, id)).dossier_id);
    return { status: 'signed', number };
  });
}

const resultDossier = (tx: Tx, id: string) =>
  tx.selectFrom('dossier_result').select('dossier_id').where('id', '=', id).executeTakeFirstOrThrow();
