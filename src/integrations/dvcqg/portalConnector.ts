import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import type { Connector, DeliveryOutcome, OutboxMessage } from '../outbox/connector.js';
import { PortalCode, type PortalAnswer, type PortalClient } from './portalClient.js';
import { readPortalSnapshots, type PortalSnapshot } from './portalFacts.js';
import { portalDossier, portalHistory, type DossierFacts } from './portalMessage.js';
import { LinkKeys } from '../http/linkKeys.js';
import { createHash } from 'node:crypto';

/** What one delivery left to record: acknowledged up to a log position, or refused. */
type Settled =
  | {
      kind: 'acked';
      dossierId: string;
      messageId: string;
      snap: PortalSnapshot;
      digest: string;
      historyAcked: number;
    }
  | { kind: 'failed'; dossierId: string; snap: PortalSnapshot; refused: boolean };

/**
 * Keeps the national portal's copy of each dossier current. A message says "the dossier changed";
 * the connector sends the dossier as it is now and the log entries the portal has not acknowledged,
 * so a backlog after an outage costs one call per dossier, not one per action, and the portal is
 * never sent a state older than one it already has. A batch of messages (each of its own dossier)
 * is read in one snapshot, sent concurrently and recorded in one statement.
 */
export class PortalConnector implements Connector {
  readonly destination = 'dvcqg';

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly client: PortalClient,
    /** The address documents are downloaded from (links in the dossier message). */
    private readonly publicUrl = '',
    /** The keys that sign those links (shared with the nodes that open them). */
    private readonly keys = new LinkKeys(db),
  ) {}

  async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    const [outcome] = await this.deliverBatch([m]);
    return outcome ?? { outcome: 'retry', error: 'no outcome' };
  }

  async deliverBatch(messages: readonly OutboxMessage[]): Promise<DeliveryOutcome[]> {
    const snaps = await readPortalSnapshots(
      this.db,
      messages.flatMap((m) => (m.dossierId ? [m.dossierId] : [])),
    );
    const settled: Settled[] = [];
    const sign = await this.keys.signer(new Date());
    const link = (path: string) => `${this.publicUrl}${sign(path)}`;
    const outcomes = await Promise.all(
      messages.map(async (m): Promise<DeliveryOutcome> => {
        const snap = m.dossierId ? snaps.get(m.dossierId) : undefined;
        if (!m.dossierId || !snap) return { outcome: 'reject', error: 'dossier not found' };
        return this.send(m, m.dossierId, snap, link, settled);
      }),
    );
    await this.record(settled);
    return outcomes;
  }

  private async send(
    m: OutboxMessage,
    dossierId: string,
    snap: PortalSnapshot,
    link: (path: string) => string,
    settled: Settled[],
  ): Promise<DeliveryOutcome> {
    const { dossier } = snap;
    const digest = messageDigest(dossier);
    // The portal already holds exactly this (an earlier delivery's snapshot saw this change).
    if (snap.ackedSeq > 0 && digest === snap.ackedDigest && snap.history.length === 0)
      return { outcome: 'sent', receipt: { coalesced: true, seq: snap.ackedSeq, rev: snap.ackedRev } };

    const { message, notes } = portalDossier(dossier, link);
    // The request id names the content: a retry that finds the dossier moved on sends new content
    // under a new id (the portal must apply it), a repeat of the same content the same id (dropped).
    const requestId = `${m.id}:${dossier.rev}:${digest.slice(0, 16)}`;
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
      settled.push({ kind: 'failed', dossierId, snap, refused: failed.outcome === 'reject' });
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
    settled.push({
      kind: 'acked',
      dossierId,
      messageId: m.id,
      snap,
      digest,
      historyAcked: snap.history.at(-1)?.seq ?? snap.historyAcked,
    });
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

  /**
   * What was sent and acknowledged, in `portal_sync` (never moving backwards, whatever order two
   * dispatchers finish in), and the dossiers' sync sub-state: synced when nothing else is waiting,
   * failed when the portal refused.
   */
  private async record(settled: readonly Settled[]): Promise<void> {
    if (settled.length === 0) return;
    const rows = settled.map((s) => ({
      dossier_id: s.dossierId,
      message_id: s.kind === 'acked' ? s.messageId : null,
      code: s.snap.dossier.code,
      agency_code: s.snap.dossier.agencyCode,
      submitted_at: s.snap.dossier.submittedAt.toISOString(),
      seq: s.snap.dossier.seq,
      status: s.snap.dossier.status,
      acked: s.kind === 'acked',
      history_acked: s.kind === 'acked' ? s.historyAcked : 0,
      refused: s.kind === 'failed' && s.refused,
      digest: s.kind === 'acked' ? s.digest : null,
      rev: s.snap.dossier.rev,
    }));
    await sql`
      WITH r AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
          dossier_id uuid, message_id uuid, code text, agency_code text, submitted_at timestamptz, seq int,
          status smallint, acked boolean, history_acked int, refused boolean, digest text, rev bigint)),
      s AS (
        INSERT INTO portal_sync AS p (dossier_id, code, agency_code, day, sent_seq, sent_status, sent_at,
                                      acked_seq, acked_status, acked_at, history_acked, acked_digest, acked_rev)
        SELECT dossier_id, code, agency_code, (submitted_at AT TIME ZONE INTERVAL '07:00')::date, seq, status, now(),
               CASE WHEN acked THEN seq ELSE 0 END, CASE WHEN acked THEN status END,
               CASE WHEN acked THEN now() END, history_acked, digest, CASE WHEN acked THEN rev ELSE 0 END
        FROM r
        ON CONFLICT (dossier_id) DO UPDATE SET
          sent_status = CASE WHEN EXCLUDED.sent_seq >= p.sent_seq THEN EXCLUDED.sent_status ELSE p.sent_status END,
          sent_seq = GREATEST(p.sent_seq, EXCLUDED.sent_seq),
          sent_at = now(),
          acked_status = CASE WHEN EXCLUDED.acked_seq >= p.acked_seq AND EXCLUDED.acked_status IS NOT NULL
                              THEN EXCLUDED.acked_status ELSE p.acked_status END,
          acked_at = CASE WHEN EXCLUDED.acked_at IS NOT NULL THEN EXCLUDED.acked_at ELSE p.acked_at END,
          acked_seq = GREATEST(p.acked_seq, EXCLUDED.acked_seq),
          history_acked = GREATEST(p.history_acked, EXCLUDED.history_acked),
          acked_digest = CASE WHEN EXCLUDED.acked_digest IS NOT NULL AND EXCLUDED.acked_rev >= p.acked_rev
                              THEN EXCLUDED.acked_digest ELSE p.acked_digest END,
          acked_rev = GREATEST(p.acked_rev, EXCLUDED.acked_rev),
          agency_code = EXCLUDED.agency_code)
      UPDATE dossier d SET sync = CASE WHEN r.acked THEN 'synced' ELSE 'failed' END
      FROM r
      WHERE d.id = r.dossier_id
        AND (r.refused OR (r.acked AND d.sync <> 'synced' AND NOT EXISTS (
          SELECT 1 FROM outbox_message o
          WHERE o.destination = 'dvcqg' AND o.dossier_id = r.dossier_id AND o.status <> 'sent'
            AND o.id <> r.message_id)))`.execute(this.db);
  }
}

/**
 * What the dossier message says, apart from its version and the links' signatures (which change
 * with time): equal digests, nothing new for the portal.
 */
export function messageDigest(dossier: DossierFacts): string {
  const { message } = portalDossier(dossier, (path) => path);
  return createHash('sha256')
    .update(JSON.stringify({ ...message, PhienBan: 0 }))
    .digest('hex');
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
