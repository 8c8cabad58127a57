import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Schema } from '../../store/schema.js';
import { acceptedOrOutcome, callJson } from '../http/callJson.js';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';

export interface PostalConfig {
  url: string;
  token: string;
  timeoutMs: number;
}

const Created = z.object({
  error_code: z.number().int(),
  message: z.string().optional(),
  SoHieuBuuGui: z.string().optional(),
});

/**
 * Creates pickup, delivery and agency-to-agency (originals) orders at the public postal service. The order's own id is the
 * carrier's order id, so a repeat after a lost answer returns the same tracking number.
 */
export class PostalConnector implements Connector {
  readonly destination = 'postal';

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly config: PostalConfig,
    private readonly callbackBase: () => string,
  ) {}

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    const orderId = (m.payload as { orderId?: string }).orderId;
    if (!orderId) return { outcome: 'reject', error: 'message without an order' };
    const o = await this.db
      .selectFrom('postal_order as o')
      .innerJoin('dossier as d', 'd.id', 'o.dossier_id')
      .select(['o.id', 'o.kind', 'o.status', 'o.tracking_no', 'o.recipient', 'd.code'])
      .where('o.id', '=', orderId)
      .executeTakeFirst();
    if (!o) return { outcome: 'reject', error: 'order not found' };
    if (o.status !== 'creating')
      return { outcome: 'sent', receipt: { tracking: o.tracking_no, already: true } };
    const r = o.recipient as {
      name: string;
      phone: string;
      address: string;
      communeCode: string;
      agencyCode?: string;
    };
    const res = await callJson<unknown>(`${this.config.url}/api/buudien/donhang`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.token}` },
      body: {
        MaDonHang: o.id,
        MaHoSo: o.code,
        ...(o.kind === 'originals'
          ? {
              LoaiDon: 'chuyen',
              NguoiNhan: { TenCoQuan: r.name, MaCoQuan: r.agencyCode ?? '', DiaChi: r.address },
            }
          : {
              LoaiDon: o.kind === 'delivery' ? 'giao' : 'nhan',
              NguoiNhan: { HoTen: r.name, SoDienThoai: r.phone, DiaChi: r.address, MaXa: r.communeCode },
            }),
        UrlCallback: `${this.callbackBase()}/api/v1/postal/callback`,
      },
      timeoutMs: this.config.timeoutMs,
    });
    const answer = acceptedOrOutcome(res, Created, 'Bưu chính');
    if (!('accepted' in answer)) return answer;
    const tracking = answer.accepted.SoHieuBuuGui;
    if (!tracking) return { outcome: 'retry', error: 'acknowledgement without a tracking number' };
    await this.db
      .updateTable('postal_order')
      .set({ tracking_no: tracking, status: 'accepted', updated_at: new Date() })
      .where('id', '=', o.id)
      .where('status', '=', 'creating')
      .execute();
    return { outcome: 'sent', receipt: { tracking } };
  }
}
