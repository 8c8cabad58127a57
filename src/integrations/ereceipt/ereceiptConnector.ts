import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import { acceptedOrOutcome, callJson } from '../http/callJson.js';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';

export interface EReceiptConfig {
  url: string;
  token: string;
  timeoutMs: number;
}

const Receipt = z.object({
  error_code: z.number().int(),
  message: z.string().optional(),
  SoBienLai: z.string().min(1),
  KyHieu: z.string().min(1),
  MaTraCuu: z.string().min(1),
  DuongDanTraCuu: z.string().url(),
  TrangThai: z.string(),
});

/**
 * The e-receipt provider: a receipt for each paid fee (the payment's id is the request id, so a
 * repeat after a lost answer gets the same receipt), its cancellation when the fee is refunded, its
 * replacement when an official corrects it (the old one marked replaced by the provider). What
 * the provider answers is kept on the payment, and the national portal is told (its fee list
 * carries the receipt number).
 */
export class EReceiptConnector implements Connector {
  readonly destination = 'ereceipt';

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly config: EReceiptConfig,
  ) {}

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    const { paymentId, reason } = m.payload as { paymentId?: string; reason?: string };
    if (!paymentId) return { outcome: 'reject', error: 'message without a payment' };
    const p = await this.db
      .selectFrom('payment_request as p')
      .innerJoin('dossier as d', 'd.id', 'p.dossier_id')
      .innerJoin('agency as a', 'a.code', 'd.agency_code')
      .select([
        'p.id',
        'p.dossier_id',
        'p.amount',
        'p.fee_lines',
        'p.e_receipt_no',
        'p.e_receipt_series',
        'p.e_receipt_status',
        'p.e_receipt_replacing',
        'd.code',
        'd.applicant_name',
        'a.name as agency_name',
      ])
      .where('p.id', '=', paymentId)
      .executeTakeFirst();
    if (!p) return { outcome: 'reject', error: 'payment not found' };
    if (m.kind === 'receipt.cancel') {
      if (!p.e_receipt_no || p.e_receipt_status === 'cancelled')
        return { outcome: 'sent', receipt: { nothingToCancel: true } };
      return this.call(p.id, p.dossier_id, `/api/bienlai/${encodeURIComponent(p.e_receipt_no)}/huy`, {
        LyDo: reason ?? 'Hoàn trả khoản đã nộp',
      });
    }
    const lines = (p.fee_lines as { TenPhi?: string }[] | null) ?? [];
    const issue = (requestId: string, payer: string) => ({
      MaYeuCau: requestId,
      MaHoSo: p.code,
      TenNguoiNop: payer,
      SoTien: Number(p.amount),
      NoiDung:
        lines
          .map((l) => l.TenPhi)
          .filter(Boolean)
          .join('; ') || `Phí, lệ phí hồ sơ ${p.code}`,
      DonViThu: p.agency_name,
    });
    if (m.kind === 'receipt.replace') {
      const asked = p.e_receipt_replacing as {
        requestId: string;
        reason: string;
        payerName: string | null;
      } | null;
      if (!asked || !p.e_receipt_no || p.e_receipt_status !== 'issued')
        return { outcome: 'sent', receipt: { nothingToReplace: true } };
      // The replacement's own request id: a repeat after a lost answer gets the same new receipt.
      return this.call(
        p.id,
        p.dossier_id,
        `/api/bienlai/${encodeURIComponent(p.e_receipt_no)}/thay-the`,
        { ...issue(asked.requestId, asked.payerName ?? p.applicant_name), LyDo: asked.reason },
        { e_receipt_replaces: `${p.e_receipt_series ?? ''}-${p.e_receipt_no}`, e_receipt_replacing: null },
      );
    }
    if (p.e_receipt_no) return { outcome: 'sent', receipt: { number: p.e_receipt_no, already: true } };
    return this.call(p.id, p.dossier_id, '/api/bienlai', issue(p.id, p.applicant_name));
  }

  /** One call to the provider; its answer kept on the payment, and the portal told, together. */
  private async call(
    paymentId: string,
    dossierId: string,
    path: string,
    body: object,
    also: { e_receipt_replaces?: string; e_receipt_replacing?: null } = {},
  ): Promise<DeliveryOutcome> {
    const r = await callJson<unknown>(`${this.config.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.token}` },
      body,
      timeoutMs: this.config.timeoutMs,
    });
    const answer = acceptedOrOutcome(r, Receipt, 'Nhà cung cấp biên lai điện tử');
    if (!('accepted' in answer)) return answer;
    const a = answer.accepted;
    const now = new Date();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('payment_request')
        .set({
          e_receipt_no: a.SoBienLai,
          e_receipt_series: a.KyHieu,
          e_receipt_lookup: a.MaTraCuu,
          e_receipt_url: a.DuongDanTraCuu,
          e_receipt_status: a.TrangThai === 'da_huy' ? 'cancelled' : 'issued',
          ...also,
          updated_at: now,
        })
        .where('id', '=', paymentId)
        .execute();
      await tx
        .insertInto('outbox_message')
        .values({
          dossier_id: dossierId,
          destination: 'dvcqg',
          kind: 'dossier.changed',
          payload: JSON.stringify({ change: 'payment' }),
          created_at: now,
        })
        .execute();
    });
    return { outcome: 'sent', receipt: { number: a.SoBienLai, status: a.TrangThai } };
  }
}
