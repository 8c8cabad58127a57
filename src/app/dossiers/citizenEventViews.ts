import type { CitizenEventView, DossierMessageView } from '../../contracts/portalEvents.js';
import type { StoredEvent } from '../../integrations/dvcqg/portalEvent.js';
import type { Tx } from '../context.js';

/** What an event said, in the view's plain fields. */
function said(
  e: StoredEvent,
): Pick<CitizenEventView, 'reason' | 'files' | 'amount' | 'receiptNo' | 'rating' | 'text' | 'sender'> {
  const none = {
    reason: null,
    files: [],
    amount: null,
    receiptNo: null,
    rating: null,
    text: null,
    sender: null,
  };
  switch (e.LoaiSuKien) {
    case 'BoSung':
      return {
        ...none,
        reason: e.NoiDung.GhiChu ?? null,
        files: e.NoiDung.TepDinhKem.map((f) => ({ component: f.MaThanhPhan, name: f.file_name })),
      };
    case 'RutHoSo':
      return { ...none, reason: e.NoiDung.LyDo };
    case 'ThanhToan':
      return { ...none, amount: e.NoiDung.SoTien, receiptNo: e.NoiDung.MaBienLai ?? null };
    case 'DanhGia':
      return { ...none, rating: e.NoiDung.MucDoHaiLong, reason: e.NoiDung.GopY ?? null };
    case 'TinNhan':
      return { ...none, text: e.NoiDung.NoiDung, sender: e.NoiDung.NguoiGui };
  }
}

/** The portal events of a dossier, in the portal's order. */
export async function citizenEventsOf(tx: Tx, dossierId: string): Promise<CitizenEventView[]> {
  const rows = await tx
    .selectFrom('portal_event')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    seq: r.seq,
    kind: r.kind,
    occurredAt: r.occurred_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    state: r.state,
    outcome: r.outcome,
    logSeq: r.log_seq,
    awaitsAnswer: r.attention && r.handled_at === null,
    handledAt: r.handled_at?.toISOString() ?? null,
    ...said(r.body as StoredEvent),
  }));
}

/** The messages of a dossier, oldest first. */
export async function messagesOf(tx: Tx, dossierId: string): Promise<DossierMessageView[]> {
  const rows = await tx
    .selectFrom('dossier_message')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    direction: r.direction,
    channels: r.channels,
    sender: r.sender,
    body: r.body,
    at: r.at.toISOString(),
  }));
}
