import { vi } from '../../domain/i18n/vi.js';
import { createHash } from 'node:crypto';
import type { PublicResultCheck, PublicResultView } from '../../contracts/results.js';
import { maskIdNumber, maskName } from '../../domain/results/resultTemplate.js';
import { inTransaction, type AppContext } from '../context.js';
import { problem } from '../problems.js';

const codePattern = /^[0-9A-HJKMNP-TV-Z]{12}$/;

async function record(ctx: AppContext, code: string) {
  if (!codePattern.test(code)) throw problem('not-found', vi.detail.noResultWithCode);
  const r = await inTransaction(ctx, (tx) =>
    tx
      .selectFrom('dossier_result as r')
      .leftJoin('agency as a', 'a.code', 'r.issuing_agency')
      .select([
        'r.title',
        'r.number',
        'r.issued_on',
        'r.signer',
        'r.signed_at',
        'r.sha256',
        'r.holder_name',
        'r.holder_id_number',
        'r.certificate_issuer',
        'r.certificate_serial',
        'a.name as agency',
        'r.issuing_agency',
      ])
      .where('r.verification_code', '=', code)
      .where('r.status', '=', 'signed')
      .executeTakeFirst(),
  );
  if (!r?.sha256) throw problem('not-found', vi.detail.noResultWithCode);
  return r;
}

/** What the QR page shows of a result to anyone who holds its code: no personal data beyond masks. */
export async function publicResult(ctx: AppContext, code: string): Promise<PublicResultView> {
  const r = await record(ctx, code);
  return {
    code,
    title: r.title,
    number: r.number,
    issuedOn: r.issued_on,
    issuingAgency: r.agency ?? r.issuing_agency,
    holder: r.holder_name ? maskName(r.holder_name) : null,
    holderIdNumber: r.holder_id_number ? maskIdNumber(r.holder_id_number) : null,
    signer: r.signer,
    signedAt: r.signed_at?.toISOString() ?? null,
    sha256: r.sha256 ?? '',
  };
}

/**
 * Whether a presented file is the issued result: its SHA-256 against the record, and when the
 * bytes themselves are presented, the signature's own checks (integrity, trust, validity at the
 * recorded signing time, revocation) — so a reprinted or altered copy is told apart and why.
 */
export async function checkPresented(
  ctx: AppContext,
  code: string,
  presented: { bytes: Buffer } | { sha256: string },
): Promise<PublicResultCheck> {
  const r = await record(ctx, code);
  const sha256 =
    'bytes' in presented
      ? createHash('sha256').update(presented.bytes).digest('hex')
      : presented.sha256.toLowerCase();
  const matches = sha256 === r.sha256;
  const signature =
    'bytes' in presented && ctx.eResults
      ? await ctx.eResults.signer.verify(presented.bytes, r.signed_at ?? undefined)
      : null;
  return { matches, presentedSha256: sha256, signature };
}
