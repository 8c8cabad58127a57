import { sql, type Kysely } from 'kysely';
import { vi } from '../../domain/i18n/vi.js';
import type { Schema } from '../../store/schema.js';
import type { DossierFacts, HistoryFacts, RatingLevel, SupplementFacts } from './portalMessage.js';

interface FactsRow {
  id: string;
  code: string;
  procedure_code: string;
  procedure_name: string;
  sector_code: string;
  channel: 1 | 2 | 3;
  applicant: DossierFacts['applicant'];
  summary: string | null;
  status: number;
  agency_code: string;
  agency_name: string;
  submitted_at: Date;
  received_at: Date | null;
  due_at: Date | null;
  delivery: string;
  payment: string;
  documents: DossierFacts['documents'];
  fees: DossierFacts['fees'];
  results: DossierFacts['results'];
  rating: { level: RatingLevel; at: string } | null;
  messages: { direction: 'from_applicant' | 'to_applicant'; sender: string; body: string; at: string }[];
  supplement_log: {
    type: string;
    at: string;
    due: string | null;
    data: { reason?: string; components?: string[] };
  }[];
  rev: string | number | null;
  acked_digest: string | null;
  acked_rev: string | number | null;
  last_seq: number;
  finished_at: Date | null;
  returned_at: Date | null;
  refused_at: Date | null;
  acked_seq: number | null;
  history_acked: number | null;
}

interface HistoryRow {
  seq: number;
  at: Date;
  actor_kind: string;
  actor_role: string | null;
  actor_name: string | null;
  agency_name: string;
  type: string;
  to_status: number;
  step_due_at: Date | null;
  data: { reason?: string; note?: string };
}

export interface PortalSnapshot {
  dossier: DossierFacts;
  /** Log entries the portal has not acknowledged yet. */
  history: HistoryFacts[];
  ackedSeq: number;
  historyAcked: number;
  /** The digest of the last dossier message the portal accepted, and its version. */
  ackedDigest: string | null;
  ackedRev: number;
}

/**
 * What the portal needs of some dossiers, in one snapshot (a repeatable-read transaction): one
 * statement for the dossiers, one for the log entries the portal has not acknowledged.
 */
export async function readPortalSnapshots(
  db: Kysely<Schema>,
  dossierIds: readonly string[],
): Promise<Map<string, PortalSnapshot>> {
  const out = new Map<string, PortalSnapshot>();
  if (dossierIds.length === 0) return out;
  const ids = sql.val(dossierIds);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const { rows } = await sql<FactsRow>`
        SELECT d.id, d.code, d.procedure_code, p.name AS procedure_name, p.sector_code, d.channel, d.applicant,
               d.summary, d.status, d.agency_code, a.name AS agency_name, d.submitted_at, d.received_at, d.due_at,
               d.delivery, d.payment, l.last_seq, l.finished_at, l.returned_at, l.refused_at,
               s.acked_seq, s.history_acked, s.acked_digest, s.acked_rev,
               (SELECT coalesce(json_agg(json_build_object('id', x.id, 'component', x.component_code,
                         'name', x.file_name, 'digitization', x.digitization) ORDER BY x.component_code), '[]')
                FROM (SELECT DISTINCT ON (component_code) id, component_code, file_name, digitization
                      FROM dossier_document WHERE dossier_id = d.id AND purged_at IS NULL
                      ORDER BY component_code, version DESC) x) AS documents,
               (SELECT coalesce(json_agg(json_build_object('amount', amount, 'status', status,
                         'receiptNo', CASE WHEN e_receipt_no IS NOT NULL THEN e_receipt_series || '-' || e_receipt_no
                                           ELSE receipt_no END)
                         ORDER BY created_at, id), '[]')
                FROM payment_request WHERE dossier_id = d.id) AS fees,
               (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'number', number,
                         'verificationCode', verification_code, 'sha256', sha256) ORDER BY created_at, id), '[]')
                FROM dossier_result WHERE dossier_id = d.id AND sha256 IS NOT NULL) AS results,
               (SELECT json_build_object('level', level, 'at', rated_at) FROM dossier_rating WHERE dossier_id = d.id) AS rating,
               (SELECT coalesce(json_agg(json_build_object('direction', m.direction, 'sender', m.sender,
                         'body', m.body, 'at', m.at) ORDER BY m.at, m.id), '[]')
                FROM (SELECT id, direction, sender, body, at FROM dossier_message WHERE dossier_id = d.id
                      ORDER BY at DESC, id DESC LIMIT 50) m) AS messages,
               (SELECT coalesce(json_agg(json_build_object('type', type, 'at', at, 'due', due_at, 'data', data)
                         ORDER BY seq), '[]')
                FROM dossier_action
                WHERE dossier_id = d.id AND type IN ('request_supplement', 'receive_supplement')) AS supplement_log,
               (SELECT max(position) FROM outbox_message
                WHERE destination = 'dvcqg' AND dossier_id = d.id AND status <> 'sent') AS rev
        FROM dossier d
        JOIN procedure p ON p.code = d.procedure_code
        JOIN agency a ON a.code = d.agency_code
        CROSS JOIN LATERAL (
          SELECT max(seq) AS last_seq,
                 max(at) FILTER (WHERE to_status IN (7, 8, 9)) AS finished_at,
                 max(at) FILTER (WHERE to_status = 10) AS returned_at,
                 max(at) FILTER (WHERE to_status = 3) AS refused_at
          FROM dossier_action WHERE dossier_id = d.id) l
        LEFT JOIN portal_sync s ON s.dossier_id = d.id
        WHERE d.id = ANY(${ids}::uuid[])`.execute(tx);
      const { rows: log } = await sql<HistoryRow & { dossier_id: string }>`
        SELECT x.dossier_id, x.seq, x.at, x.actor_kind, x.actor_role, acc.full_name AS actor_name,
               ag.name AS agency_name, x.type, x.to_status, x.step_due_at, x.data
        FROM dossier_action x
        JOIN agency ag ON ag.code = x.agency_code
        LEFT JOIN portal_sync s ON s.dossier_id = x.dossier_id
        LEFT JOIN account acc ON x.actor_kind = 'staff' AND acc.id::text = x.actor_id
        WHERE x.dossier_id = ANY(${ids}::uuid[]) AND x.seq > coalesce(s.history_acked, 0)
        ORDER BY x.dossier_id, x.seq`.execute(tx);
      const history = new Map<string, HistoryRow[]>();
      for (const e of log) history.set(e.dossier_id, [...(history.get(e.dossier_id) ?? []), e]);
      for (const r of rows) out.set(r.id, snapshotOf(r, history.get(r.id) ?? []));
      return out;
    });
}

/** Each supplement request with its receipt (the next one after it), and the due time before and after. */
export function supplementsOf(log: FactsRow['supplement_log']): SupplementFacts[] {
  const out: SupplementFacts[] = [];
  for (const e of log) {
    const open = out.at(-1);
    if (e.type === 'request_supplement')
      out.push({
        requestedAt: new Date(e.at),
        reason: e.data.reason ?? '',
        components: e.data.components ?? [],
        dueBefore: e.due ? new Date(e.due) : null,
        receivedAt: null,
        dueAfter: null,
      });
    else if (open && open.receivedAt === null) {
      open.receivedAt = new Date(e.at);
      open.dueAfter = e.due ? new Date(e.due) : null;
    }
  }
  return out;
}

function snapshotOf(r: FactsRow, log: HistoryRow[]): PortalSnapshot {
  const ackedRev = Number(r.acked_rev ?? 0);
  return {
    ackedSeq: r.acked_seq ?? 0,
    historyAcked: r.history_acked ?? 0,
    ackedDigest: r.acked_digest,
    ackedRev,
    dossier: {
      code: r.code,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      sectorCode: r.sector_code,
      channel: r.channel,
      applicant: r.applicant,
      summary: r.summary,
      status: r.status,
      agencyCode: r.agency_code,
      agencyName: r.agency_name,
      submittedAt: r.submitted_at,
      receivedAt: r.received_at,
      dueAt: r.due_at,
      finishedAt: r.finished_at,
      returnedAt: r.returned_at,
      refusedAt: r.refused_at,
      delivery: r.delivery,
      payment: r.payment,
      documents: r.documents,
      fees: r.fees.map((p) => ({ ...p, amount: Number(p.amount) })),
      supplements: supplementsOf(r.supplement_log),
      results: r.results,
      rating: r.rating ? { level: r.rating.level, at: new Date(r.rating.at) } : null,
      messages: r.messages.map((m) => ({ ...m, at: new Date(m.at) })),
      // Online dossiers come from the portal, where citizens sign in through VNeID.
      vneidAuthenticated: r.channel === 2,
      seq: r.last_seq,
      // Never below what the portal holds (a change committed out of order still replaces it), nor
      // below the log position, which earlier versions and a provincial system's last message carried.
      rev: Math.max(Number(r.rev ?? 0), ackedRev, r.last_seq),
    },
    history: log.map((e) => ({
      seq: e.seq,
      at: e.at,
      actorName: e.actor_name ?? (e.actor_kind === 'client' ? 'Cổng Dịch vụ công quốc gia' : 'Hệ thống'),
      actorTitle: e.actor_role ? (vi.role[e.actor_role as keyof typeof vi.role] ?? e.actor_role) : '',
      agencyName: e.agency_name,
      content: [vi.actionName[e.type] ?? e.type, e.data.reason ?? e.data.note].filter(Boolean).join(': '),
      toStatus: e.to_status,
      stepStartedAt: e.at,
      stepDueAt: e.step_due_at,
    })),
  };
}
