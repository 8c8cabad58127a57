import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Schema } from '../../store/schema.js';
import { acceptedOrOutcome, callJson } from '../http/callJson.js';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';

const Accepted = z.object({
  error_code: z.number().int(),
  message: z.string().optional(),
  MaVanBan: z.string().optional(),
});

/**
 * Sends a result draft to the document-management and signing system. The result's own id is the
 * system's transaction id, so a repeat after a lost answer is the same document.
 */
export class DocmgmtConnector implements Connector {
  readonly destination = 'docmgmt';

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly config: { url: string; token: string; timeoutMs: number },
    private readonly callbackBase: () => string,
  ) {}

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    const resultId = (m.payload as { resultId?: string }).resultId;
    if (!resultId) return { outcome: 'reject', error: 'message without a result' };
    const r = await this.db
      .selectFrom('dossier_result as r')
      .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
      .innerJoin('agency as a', 'a.code', 'r.issuing_agency')
      .select([
        'r.id',
        'r.status',
        'r.external_ref',
        'r.title',
        'd.code',
        'a.code as agency',
        'a.name as agency_name',
      ])
      .where('r.id', '=', resultId)
      .executeTakeFirst();
    if (!r) return { outcome: 'reject', error: 'result not found' };
    if (r.status !== 'drafted') return { outcome: 'sent', receipt: { ref: r.external_ref, already: true } };
    const res = await callJson<unknown>(`${this.config.url}/api/vanban/du-thao`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.token}` },
      body: {
        MaGiaoDich: r.id,
        MaHoSo: r.code,
        TrichYeu: r.title,
        CoQuanBanHanh: { Ma: r.agency, Ten: r.agency_name },
        UrlCallback: `${this.callbackBase()}/api/v1/docmgmt/callback`,
      },
      timeoutMs: this.config.timeoutMs,
    });
    const answer = acceptedOrOutcome(res, Accepted, 'Hệ thống quản lý văn bản');
    if (!('accepted' in answer)) return answer;
    const ref = answer.accepted.MaVanBan;
    if (!ref) return { outcome: 'retry', error: 'acknowledgement without a document id' };
    await this.db
      .updateTable('dossier_result')
      .set({ external_ref: ref, status: 'sent', updated_at: new Date() })
      .where('id', '=', r.id)
      .where('status', '=', 'drafted')
      .execute();
    return { outcome: 'sent', receipt: { ref } };
  }
}
