import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Schema } from '../../store/schema.js';
import { acceptedOrOutcome, callJson } from '../http/callJson.js';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';

const Accepted = z.object({
  error_code: z.number().int(),
  message: z.string().optional(),
  MaHoSo: z.string().min(1).max(100).optional(),
});

export interface ExchangeConfig {
  url: string;
  token: string;
  /** Verifies the callbacks the systems send back through the platform. */
  secret: string;
  timeoutMs: number;
}

/**
 * The generic exchange connector (liên thông): sends a linked dossier or a consultation to another
 * system through the national data-exchange platform, addressed by the system's code. The request's
 * own id is the platform's request id, so a repeat after a lost answer is the same request; the
 * system's acknowledgement (its own dossier code) is the receipt. Answers come back by callback.
 */
export class ExchangeConnector implements Connector {
  readonly destination = 'exchange';

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly config: ExchangeConfig,
    private readonly callbackBase: () => string,
  ) {}

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    const requestId = (m.payload as { requestId?: string }).requestId;
    if (!requestId) return { outcome: 'reject', error: 'message without a request' };
    const x = await this.db
      .selectFrom('exchange_request as x')
      .innerJoin('dossier as d', 'd.id', 'x.dossier_id')
      .innerJoin('agency as a', 'a.code', 'd.agency_code')
      .select([
        'x.id',
        'x.kind',
        'x.system',
        'x.status',
        'x.remote_code',
        'x.procedure_code',
        'x.procedure_name',
        'x.question',
        'x.due_at',
        'd.code',
        'd.applicant',
        'd.eform',
        'a.code as agency',
        'a.name as agency_name',
      ])
      .where('x.id', '=', requestId)
      .executeTakeFirst();
    if (!x) return { outcome: 'reject', error: 'request not found' };
    if (x.status !== 'queued') return { outcome: 'sent', receipt: { code: x.remote_code, already: true } };
    const applicant = x.applicant as { name: string; idNumber: string; address?: { detail?: string } };
    const res = await callJson<unknown>(`${this.config.url}/api/lienthong/gui`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.token}` },
      body: {
        MaYeuCau: x.id,
        HeThongNhan: x.system,
        Loai: x.kind === 'linked' ? 'HoSoLienThong' : 'LayYKien',
        MaHoSoGoc: x.code,
        ...(x.procedure_code ? { MaThuTuc: x.procedure_code, TenThuTuc: x.procedure_name ?? '' } : {}),
        CoQuanGui: { Ma: x.agency, Ten: x.agency_name },
        NguoiNop: {
          HoTen: applicant.name,
          SoDinhDanh: applicant.idNumber,
          DiaChi: applicant.address?.detail ?? '',
        },
        ThongTin: (x.eform ?? {}) as Record<string, unknown>,
        ...(x.question ? { NoiDung: x.question } : {}),
        ...(x.due_at ? { HanTraLoi: x.due_at.toISOString() } : {}),
        UrlCallback: `${this.callbackBase()}/api/v1/exchange/callback`,
      },
      timeoutMs: this.config.timeoutMs,
    });
    const answer = acceptedOrOutcome(res, Accepted, 'Nền tảng liên thông');
    if (!('accepted' in answer)) return answer;
    const code = answer.accepted.MaHoSo;
    if (!code) return { outcome: 'retry', error: 'acknowledgement without a dossier code' };
    await this.db
      .updateTable('exchange_request')
      .set({ remote_code: code, status: 'sent', updated_at: new Date() })
      .where('id', '=', x.id)
      .where('status', '=', 'queued')
      .execute();
    return { outcome: 'sent', receipt: { code } };
  }
}
