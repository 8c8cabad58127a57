import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import { acceptedOrOutcome, callJson } from '../http/callJson.js';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';

export interface PaymentConfig {
  url: string;
  token: string;
  timeoutMs: number;
}

const Refunded = z.object({
  error_code: z.number().int(),
  message: z.string().optional(),
  TrangThai: z.string().optional(),
});

const Created = z.object({
  error_code: z.number().int(),
  message: z.string().optional(),
  MaThanhToan: z.string().optional(),
  DuongDanThanhToan: z.string().optional(),
});

/**
 * Creates payment requests at the national payment platform. The request's own id is the
 * platform's transaction id, so a repeat after a lost answer returns the same payment.
 */
export class PaymentConnector implements Connector {
  readonly destination = 'payment';

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly config: PaymentConfig,
    /** This system's address as the platform reaches it (for the callback). */
    private readonly callbackBase: () => string,
  ) {}

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    const paymentId = (m.payload as { paymentId?: string }).paymentId;
    if (!paymentId) return { outcome: 'reject', error: 'message without a payment' };
    if (m.kind === 'payment.refund') return this.refund(paymentId);
    const p = await this.db
      .selectFrom('payment_request as p')
      .innerJoin('dossier as d', 'd.id', 'p.dossier_id')
      .innerJoin('agency as a', 'a.code', 'd.agency_code')
      .select([
        'p.id',
        'p.amount',
        'p.fee_lines',
        'p.status',
        'p.provider_ref',
        'd.code',
        'a.code as agency',
        'a.name as agency_name',
      ])
      .where('p.id', '=', paymentId)
      .executeTakeFirst();
    if (!p) return { outcome: 'reject', error: 'payment not found' };
    if (p.status !== 'creating') return { outcome: 'sent', receipt: { ref: p.provider_ref, already: true } };
    const r = await callJson<unknown>(`${this.config.url}/api/thanhtoan`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.token}` },
      body: {
        MaGiaoDich: p.id,
        MaHoSo: p.code,
        SoTien: Number(p.amount),
        DanhSachPhi: p.fee_lines,
        DonViThuHuong: { MaDonVi: p.agency, TenDonVi: p.agency_name },
        UrlCallback: `${this.callbackBase()}/api/v1/payments/callback`,
      },
      timeoutMs: this.config.timeoutMs,
    });
    const answer = acceptedOrOutcome(r, Created, 'Nền tảng thanh toán');
    if (!('accepted' in answer)) return answer;
    const { MaThanhToan: ref, DuongDanThanhToan: payUrl } = answer.accepted;
    if (!ref || !payUrl) return { outcome: 'retry', error: 'acknowledgement without a payment reference' };
    await this.db
      .updateTable('payment_request')
      .set({
        provider_ref: ref,
        pay_url: payUrl,
        status: 'waiting',
        updated_at: new Date(),
      })
      .where('id', '=', p.id)
      .where('status', '=', 'creating')
      .execute();
    return { outcome: 'sent', receipt: { ref } };
  }

  /** Asks the platform to refund a paid request; its "refunded" callback settles it. */
  private async refund(paymentId: string): Promise<DeliveryOutcome> {
    const p = await this.db
      .selectFrom('payment_request')
      .select(['provider_ref', 'status'])
      .where('id', '=', paymentId)
      .executeTakeFirst();
    if (!p?.provider_ref) return { outcome: 'reject', error: 'payment not found' };
    if (p.status === 'refunded') return { outcome: 'sent', receipt: { already: true } };
    const r = await callJson<unknown>(
      `${this.config.url}/api/thanhtoan/${encodeURIComponent(p.provider_ref)}/hoan-tien`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${this.config.token}` },
        body: {},
        timeoutMs: this.config.timeoutMs,
      },
    );
    const answer = acceptedOrOutcome(r, Refunded, 'Nền tảng thanh toán');
    return 'accepted' in answer
      ? { outcome: 'sent', receipt: { refund: answer.accepted.TrangThai ?? null } }
      : answer;
  }
}
