import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';
import { PortalCode, type PortalAnswer, type PortalClient } from './portalClient.js';
import { portalDossier, portalHistory } from './portalMessage.js';
import { readPortalSnapshot } from './portalFacts.js';

/**
 * Keeps the national portal's copy of each dossier current. A message says "the dossier changed";
 * the connector sends the dossier as it is now and the log entries the portal has not acknowledged,
 * so a backlog after an outage costs one call per dossier, not one per action, and the portal is
 * never sent a state older than one it already has.
 */
export class PortalConnector implements Connector {
  readonly destination = 'dvcqg';

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly client: PortalClient,
    /** The address documents are downloaded from (links in the dossier message). */
    private readonly publicUrl = '',
  ) {}

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    if (!m.dossierId) return { outcome: 'reject', error: 'message without a dossier' };
    const snap = await readPortalSnapshot(this.db, m.dossierId);
    if (!snap) return { outcome: 'reject', error: 'dossier not found' };
    const { dossier } = snap;
    if (dossier.seq <= snap.ackedSeq && snap.history.length === 0)
      return { outcome: 'sent', receipt: { coalesced: true, seq: snap.ackedSeq } };

    const { message, notes } = portalDossier(dossier, this.publicUrl);
    // The request id names the content: a retry that finds the dossier moved on sends new content
    // under a new id (the portal must apply it), a repeat of the same content the same id (dropped).
    const requestId = `${m.id}:${dossier.seq}`;
    let answer = await (snap.ackedSeq === 0
      ? this.client.createDossier(message, requestId)
      : this.client.updateDossier(message, requestId));
    // "Already exists" on create (an earlier attempt got through unacknowledged): update instead;
    // "not found" on update (the portal lost it): create it again.
    if (answer.kind === 'ack' && answer.code === PortalCode.exists)
      answer = await this.client.updateDossier(message, requestId);
    else if (answer.kind === 'ack' && answer.code === PortalCode.notFound)
      answer = await this.client.createDossier(message, requestId);
    const failed = refusal(answer);
    if (failed) {
      // A refused dossier shows as failed on its page; a transient failure keeps it pending.
      await this.recordSent(m.dossierId, dossier, failed.outcome === 'reject');
      return failed;
    }

    const history = portalHistory(dossier.code, snap.history);
    if (history.entries.length > 0) {
      const h = await this.client.addHistory(
        dossier.code,
        history.entries,
        `${m.id}:${snap.historyAcked}-${dossier.seq}`,
      );
      const historyFailed = refusal(h);
      if (historyFailed) return historyFailed;
    }
    await this.recordAck(m.id, m.dossierId, dossier, snap.history.at(-1)?.seq ?? snap.historyAcked);
    return {
      outcome: 'sent',
      receipt: {
        seq: dossier.seq,
        status: dossier.status,
        history: history.entries.length,
        notes: [...notes, ...history.notes],
      },
    };
  }

  private async recordSent(
    dossierId: string,
    d: { code: string; agencyCode: string; submittedAt: Date; seq: number; status: number },
    failed: boolean,
  ): Promise<void> {
    await sql`
      INSERT INTO portal_sync (dossier_id, code, agency_code, day, sent_seq, sent_status, sent_at)
      VALUES (${dossierId}, ${d.code}, ${d.agencyCode}, (${d.submittedAt}::timestamptz AT TIME ZONE INTERVAL '07:00')::date,
              ${d.seq}, ${d.status}, now())
      ON CONFLICT (dossier_id) DO UPDATE SET
        sent_seq = GREATEST(portal_sync.sent_seq, EXCLUDED.sent_seq), sent_status = EXCLUDED.sent_status,
        sent_at = now(), agency_code = EXCLUDED.agency_code`.execute(this.db);
    if (failed) await sql`UPDATE dossier SET sync = 'failed' WHERE id = ${dossierId}`.execute(this.db);
  }

  private async recordAck(
    messageId: string,
    dossierId: string,
    d: { code: string; agencyCode: string; submittedAt: Date; seq: number; status: number },
    historyAcked: number,
  ): Promise<void> {
    await sql`
      WITH s AS (
        INSERT INTO portal_sync (dossier_id, code, agency_code, day, sent_seq, sent_status, sent_at,
                                 acked_seq, acked_status, acked_at, history_acked)
        VALUES (${dossierId}, ${d.code}, ${d.agencyCode}, (${d.submittedAt}::timestamptz AT TIME ZONE INTERVAL '07:00')::date,
                ${d.seq}, ${d.status}, now(), ${d.seq}, ${d.status}, now(), ${historyAcked})
        ON CONFLICT (dossier_id) DO UPDATE SET
          sent_seq = GREATEST(portal_sync.sent_seq, EXCLUDED.sent_seq),
          sent_status = CASE WHEN EXCLUDED.sent_seq >= portal_sync.sent_seq THEN EXCLUDED.sent_status ELSE portal_sync.sent_status END,
          sent_at = now(),
          acked_status = CASE WHEN EXCLUDED.acked_seq >= portal_sync.acked_seq THEN EXCLUDED.acked_status ELSE portal_sync.acked_status END,
          acked_seq = GREATEST(portal_sync.acked_seq, EXCLUDED.acked_seq),
          acked_at = now(),
          history_acked = GREATEST(portal_sync.history_acked, EXCLUDED.history_acked),
          agency_code = EXCLUDED.agency_code
        RETURNING acked_seq)
      UPDATE dossier SET sync = 'synced'
      WHERE id = ${dossierId} AND NOT EXISTS (
        SELECT 1 FROM outbox_message o
        WHERE o.destination = 'dvcqg' AND o.dossier_id = ${dossierId} AND o.status <> 'sent' AND o.id <> ${messageId})`.execute(
      this.db,
    );
  }
}

/** The outbox outcome of an answer that is not a success, or null when it is one. */
function refusal(answer: PortalAnswer): DeliveryOutcome | null {
  if (answer.kind === 'failed')
    return answer.transient
      ? { outcome: 'retry', error: answer.error }
      : { outcome: 'reject', error: answer.error };
  if (answer.code === PortalCode.ok) return null;
  const error = `Cổng DVCQG từ chối (mã ${answer.code}): ${answer.message}`;
  return answer.code === PortalCode.invalid ? { outcome: 'reject', error } : { outcome: 'retry', error };
}
