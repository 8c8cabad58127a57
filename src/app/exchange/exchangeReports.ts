import { sql } from 'kysely';
import {
  advances,
  reportedStatus,
  type ExchangeStatus,
  type ReportedStatus,
} from '../../domain/exchange/exchange.js';
import { vi } from '../../domain/i18n/vi.js';
import { verifyCallback } from '../../integrations/http/signedCallback.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { actAsSystem } from '../dossiers/actOnDossier.js';
import { problem } from '../problems.js';

interface Report {
  MaYeuCau?: unknown;
  MaHoSo?: unknown;
  TrangThai?: unknown;
  KetQua?: unknown;
  LyDo?: unknown;
}

const text = (v: unknown, max: number) =>
  typeof v === 'string' && v.trim() !== '' && !v.includes('\u0000') ? v.slice(0, max) : null;

/** The report's fields, checked: refused whole when one is missing or malformed. */
function parsed(rawBody: string) {
  let body: Report;
  try {
    body = JSON.parse(rawBody) as Report;
  } catch {
    throw problem('malformed-json');
  }
  const id =
    typeof body.MaYeuCau === 'string' && /^[0-9a-f-]{36}$/.test(body.MaYeuCau) ? body.MaYeuCau : null;
  const said = typeof body.TrangThai === 'string' ? body.TrangThai : '';
  const status = Object.hasOwn(reportedStatus, said) ? reportedStatus[said as ReportedStatus] : null;
  if (!id || !status) throw problem('validation', 'MaYeuCau, TrangThai');
  return {
    id,
    said,
    status,
    remoteCode: text(body.MaHoSo, 100),
    answer: text(body.KetQua, 2000) ?? text(body.LyDo, 2000),
  };
}

/**
 * Another system reports on a request sent to it (through the exchange platform): refused unless
 * signed with the shared secret, recent and new. Each status is kept once (a repeat changes
 * nothing) and the request's status only moves forward. A consultation's answer is applied to the
 * dossier as the consulted agency's reply, in the same transaction: acknowledged, answered (with
 * its content) or refused (with its reason), timed against the consultation's due time.
 */
export async function receiveExchangeReport(
  ctx: AppContext,
  secret: string | undefined,
  headers: { signature?: string; timestamp?: string; nonce?: string },
  rawBody: string,
): Promise<{ status: ExchangeStatus }> {
  if (!secret) throw problem('not-configured');
  const verdict = verifyCallback(secret, headers, rawBody, ctx.now());
  if (verdict !== 'ok') throw problem('callback-rejected', verdict);
  const r = parsed(rawBody);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const fresh = await tx
      .insertInto('callback_nonce')
      .values({ source: 'exchange', nonce: String(headers.nonce), received_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('nonce')
      .executeTakeFirst();
    if (!fresh) throw problem('callback-replayed');
    const { rows } = await sql<{
      id: string;
      kind: 'linked' | 'consultation';
      status: ExchangeStatus;
      consultation_id: string | null;
      events: { status: string }[];
      code: string;
    }>`
      SELECT x.id, x.kind, x.status, x.consultation_id, x.events, d.code
      FROM exchange_request x JOIN dossier d ON d.id = x.dossier_id
      WHERE x.id = ${r.id}::uuid FOR UPDATE OF x`.execute(tx);
    const x = rows[0];
    if (!x) throw problem('not-found', vi.detail.noExchangeRequest(r.id));
    if (x.events.some((e) => e.status === r.said)) return { status: x.status };
    const moved = advances(x.status, r.status);
    await tx
      .updateTable('exchange_request')
      .set({
        events: JSON.stringify([
          ...x.events,
          { status: r.said, at: now.toISOString(), note: r.answer ?? '' },
        ]),
        ...(moved ? { status: r.status } : {}),
        ...(moved && r.answer ? { answer: r.answer } : {}),
        remote_code: sql<string>`coalesce(remote_code, ${r.remoteCode})`,
        updated_at: now,
      })
      .where('id', '=', x.id)
      .execute();
    if (moved && x.kind === 'consultation' && x.consultation_id)
      await replyToConsultation(ctx, tx, x.code, x.consultation_id, r.status, r.answer);
    return { status: moved ? r.status : x.status };
  });
}

/** The consulted system's word as the consultation's reply, when the consultation can still take it. */
async function replyToConsultation(
  ctx: AppContext,
  tx: Tx,
  code: string,
  consultationId: string,
  status: ExchangeStatus,
  answer: string | null,
): Promise<void> {
  const outcome =
    status === 'received'
      ? 'accepted'
      : status === 'done'
        ? 'answered'
        : status === 'refused'
          ? 'refused'
          : null;
  if (!outcome) return;
  const d = await tx
    .selectFrom('dossier')
    .select(['version', 'state'])
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  const c = (d.state as { consultations: { id: string; status: string }[] }).consultations.find(
    (x) => x.id === consultationId,
  );
  const open = c?.status === 'open' || (c?.status === 'accepted' && outcome !== 'accepted');
  if (!open) return;
  await actAsSystem(
    ctx,
    tx,
    code,
    {
      type: 'consult_reply',
      consultationId,
      outcome,
      note: answer ?? (outcome === 'accepted' ? '' : vi.detail.externalNoAnswer),
      expectedVersion: d.version,
    },
    { role: 'processor', source: 'exchange' },
  );
}
