import { sql } from 'kysely';
import { componentsOf } from '../../domain/catalog/procedureVersion.js';
import { Status } from '../../domain/dossier/status.js';
import { vi } from '../../domain/i18n/vi.js';
import { ratingOfLevel, type KeptEventFile, type StoredEvent } from '../../integrations/dvcqg/portalEvent.js';
import type { AppContext, Tx } from '../context.js';
import { insertDocumentVersion } from '../documents/documents.js';
import { actAsSystem } from '../dossiers/actOnDossier.js';
import type { ActorRef } from '../dossiers/dossierLog.js';
import { handlingConfig } from '../dossiers/handlingConfig.js';
import { AppError } from '../errors.js';
import { settlePayment } from '../payments/payments.js';
import { problem } from '../problems.js';
import { saveRating } from '../public/publicStatus.js';

interface Pending {
  event_id: string;
  seq: number;
  body: unknown;
  client_id: string;
  received_at: Date;
}

/** What applying an event did: the log entry it made, whether an official must now answer it. */
interface Applied {
  logSeq: number | null;
  attention: boolean;
  note?: string;
}

/**
 * Applies the dossier's pending events that may go now, in the portal's order: the next number
 * after the last one applied, then the one after it, and so on. An event whose predecessor has not
 * come waits, unless one of the waiting events has waited `gapWaitMs`: the portal will not send
 * the missing one any more, and everything waiting is applied in order, saying what was missing.
 */
export async function applyReadyEvents(
  ctx: AppContext,
  tx: Tx,
  dossierId: string,
  now: Date,
  gapWaitMs: number,
): Promise<void> {
  const pending = await tx
    .selectFrom('portal_event')
    .select(['event_id', 'seq', 'body', 'client_id', 'received_at'])
    .where('dossier_id', '=', dossierId)
    .where('state', '=', 'pending')
    .orderBy('seq')
    .execute();
  if (pending.length === 0) return;
  const done = await tx
    .selectFrom('portal_event')
    .select((eb) => eb.fn.max('seq').as('last'))
    .where('dossier_id', '=', dossierId)
    .where('state', '<>', 'pending')
    .executeTakeFirst();
  const waitedOut = pending.some((p) => now.getTime() - p.received_at.getTime() >= gapWaitMs);
  let next = (done?.last ?? 0) + 1;
  for (const p of pending) {
    let note: string | null = null;
    if (p.seq > next) {
      if (!waitedOut) break;
      const missing = Array.from({ length: p.seq - next }, (_, i) => next + i);
      note = vi.portalEvent.afterGap(missing.join(', '));
    } else if (p.seq < next) note = vi.portalEvent.late;
    await applyOne(ctx, tx, dossierId, p, now, note);
    next = Math.max(next, p.seq + 1);
  }
}

/**
 * One event, inside a savepoint: applied, or refused with the reason when the dossier cannot take
 * it (nothing of it stays). A failure that is not the dossier's answer (the database) propagates.
 */
async function applyOne(
  ctx: AppContext,
  tx: Tx,
  dossierId: string,
  p: Pending,
  now: Date,
  note: string | null,
): Promise<void> {
  await sql`SAVEPOINT portal_event`.execute(tx);
  let set;
  try {
    const r = await applyEvent(
      ctx,
      tx,
      dossierId,
      p.body as StoredEvent,
      { kind: 'client', id: p.client_id },
      now,
    );
    await sql`RELEASE SAVEPOINT portal_event`.execute(tx);
    const outcome = [note, r.note].filter((x) => x).join('; ');
    set = { state: 'applied' as const, log_seq: r.logSeq, attention: r.attention, outcome: outcome || null };
  } catch (e) {
    if (!(e instanceof AppError) || e.kind === 'unavailable') throw e;
    await sql`ROLLBACK TO SAVEPOINT portal_event`.execute(tx);
    const outcome = [e.detail ?? e.title, note].filter((x) => x).join('; ');
    set = { state: 'refused' as const, outcome };
  }
  await tx
    .updateTable('portal_event')
    .set({ ...set, applied_at: now })
    .where('event_id', '=', p.event_id)
    .execute();
}

/** What each kind of event does to the dossier, on the portal's word (`by`). */
async function applyEvent(
  ctx: AppContext,
  tx: Tx,
  dossierId: string,
  e: StoredEvent,
  by: ActorRef,
  now: Date,
): Promise<Applied> {
  const d = await tx
    .selectFrom('dossier')
    .select(['id', 'code', 'status', 'version', 'procedure_code', 'version_no', 'case_code'])
    .where('id', '=', dossierId)
    .executeTakeFirstOrThrow();
  const act = async (request: Parameters<typeof actAsSystem>[3]) =>
    (await actAsSystem(ctx, tx, d.code, request, { role: 'receiver', source: 'dvcqg', by })).version + 1;
  switch (e.LoaiSuKien) {
    case 'BoSung':
      await keepSupplementFiles(ctx, tx, d, e.NoiDung.TepDinhKem, now);
      return {
        logSeq: await act({ type: 'receive_supplement', expectedVersion: d.version }),
        attention: false,
      };
    case 'RutHoSo':
      return {
        logSeq: await act({ type: 'request_withdrawal', reason: e.NoiDung.LyDo, expectedVersion: d.version }),
        attention: true,
      };
    case 'ThanhToan':
      return payment(ctx, tx, d, e, by, now);
    case 'DanhGia':
      await saveRating(
        tx,
        d,
        {
          level: ratingOfLevel[e.NoiDung.MucDoHaiLong as 1 | 2 | 3 | 4],
          reasons: e.NoiDung.LyDo ?? [],
          comment: e.NoiDung.GopY,
        },
        now,
      );
      return { logSeq: null, attention: false };
    case 'TinNhan':
      await tx
        .insertInto('dossier_message')
        .values({
          dossier_id: d.id,
          direction: 'from_applicant',
          channels: ['portal'],
          sender: e.NoiDung.NguoiGui,
          body: e.NoiDung.NoiDung,
          at: now,
          event_id: e.MaSuKien,
        })
        .execute();
      return { logSeq: null, attention: true };
  }
}

/** The applicant's papers, as the next version of each component they answer. */
async function keepSupplementFiles(
  ctx: AppContext,
  tx: Tx,
  d: { id: string; status: number; procedure_code: string; version_no: number; case_code: string },
  files: KeptEventFile[],
  now: Date,
): Promise<void> {
  if (d.status !== Status.supplement)
    throw problem('action-not-allowed', vi.portalEvent.notWaitingSupplement);
  const content = await (await handlingConfig(ctx, tx)).versionContent(d.procedure_code, d.version_no);
  const known = new Set(componentsOf(content, d.case_code).map((c) => c.code));
  const unknown = files.find((f) => !known.has(f.MaThanhPhan));
  if (unknown) throw problem('unknown-component', vi.portalEvent.unknownComponent(unknown.MaThanhPhan));
  for (const f of files)
    await insertDocumentVersion(tx, d.id, {
      component_code: f.MaThanhPhan,
      sha256: f.sha256,
      size: f.size,
      content_type: f.content_type,
      pages: f.pages,
      file_name: f.file_name,
      digitization: 1,
      uploaded_by: null,
      uploaded_at: now,
      declared_pages: null,
    });
}

/** Paid on the portal's payment platform: settled as the platform's own callback settles it. */
async function payment(
  ctx: AppContext,
  tx: Tx,
  d: { id: string; code: string },
  e: Extract<StoredEvent, { LoaiSuKien: 'ThanhToan' }>,
  by: ActorRef,
  now: Date,
): Promise<Applied> {
  const earlier = await tx
    .selectFrom('payment_request')
    .select('status')
    .where('provider_ref', '=', e.NoiDung.MaThanhToan)
    .where('dossier_id', '=', d.id)
    .executeTakeFirst();
  if (earlier?.status === 'paid') return { logSeq: null, attention: false, note: vi.portalEvent.alreadyPaid };
  const before = await versionOf(tx, d.id);
  const r = await settlePayment(
    ctx,
    tx,
    { ...e.NoiDung, MaHoSo: d.code, TrangThai: 'paid', MaBienLai: e.NoiDung.MaBienLai ?? null },
    now,
    { source: 'dvcqg', by, dossierId: d.id },
  );
  if (r.status !== 'paid') throw problem('action-not-allowed', vi.portalEvent.paymentState(r.status));
  const after = await versionOf(tx, d.id);
  return { logSeq: after !== before ? after + 1 : null, attention: false };
}

const versionOf = async (tx: Tx, id: string) =>
  (await tx.selectFrom('dossier').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
