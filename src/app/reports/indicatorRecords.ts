import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { toLocal } from '../../domain/calendar/localTime.js';
import type { DossierStatus } from '../../domain/dossier/status.js';
import type { DossierRecord } from '../../domain/reports/indicators.js';
import type { Tx } from '../context.js';

/** A dossier as the indicators read it, with what it is counted under. */
export interface IndicatorRecord extends DossierRecord {
  id: string;
  /** The agency that received it, and its procedure: the keys of the aggregates. */
  agency: string;
  agencyName: string;
  procedure: string;
  /**
   * The rows last counted for it (`dossier_indicator`), when asked for: what a count compares
   * with, read in the same statement. Null when never counted.
   */
  counted?: unknown;
}

interface Row {
  id: string;
  agency: string;
  agency_name: string;
  procedure: string;
  channel: 1 | 2 | 3;
  online_level: string;
  digitized: boolean;
  reused: boolean;
  result_digitized: boolean;
  fee_bearing: boolean;
  paid_online: boolean;
  rating: DossierRecord['rating'];
  log: { at: string; to_status: DossierStatus; due_at: string | null }[];
  counted?: unknown;
}

/**
 * The dossiers `d` that match `where`, each with its whole processing log and the facts kept beside
 * it — the one reading both the recount and the running sums start from. A payment refunded was
 * still paid online; a rating replaced counts as the new level.
 */
export async function indicatorRecords(
  tx: Tx,
  where: RawBuilder<SqlBool>,
  orderAndLimit: RawBuilder<unknown> = sql``,
  withCounted = false,
): Promise<IndicatorRecord[]> {
  const counted = withCounted
    ? sql`, (SELECT i.rows FROM dossier_indicator i WHERE i.dossier_id = d.id) AS counted`
    : sql``;
  const { rows } = await sql<Row>`
    SELECT d.id, d.competent_agency AS agency, ag.name AS agency_name, d.procedure_code AS procedure,
      d.channel, v.online_level,
      EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id AND x.digitization >= 1) AS digitized,
      EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id AND x.digitization IN (2, 3)) AS reused,
      EXISTS (SELECT 1 FROM dossier_result r WHERE r.dossier_id = d.id AND r.status = 'signed') AS result_digitized,
      EXISTS (SELECT 1 FROM payment_request p WHERE p.dossier_id = d.id) AS fee_bearing,
      EXISTS (SELECT 1 FROM payment_request p WHERE p.dossier_id = d.id AND p.status IN ('paid', 'refunding', 'refunded')) AS paid_online,
      (SELECT level FROM dossier_rating r WHERE r.dossier_id = d.id) AS rating,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('at', a.at, 'to_status', a.to_status, 'due_at', a.due_at) ORDER BY a.seq), '[]')
       FROM dossier_action a WHERE a.dossier_id = d.id) AS log ${counted}
    FROM dossier d
    JOIN procedure_version v ON v.procedure_code = d.procedure_code AND v.version_no = d.version_no
    JOIN agency ag ON ag.code = d.competent_agency
    WHERE NOT d.practice AND ${where} ${orderAndLimit}`.execute(tx);
  return rows.map((r) => ({
    id: r.id,
    agency: r.agency,
    agencyName: r.agency_name,
    procedure: r.procedure,
    channel: r.channel,
    onlineEligible: r.online_level === 'toan_trinh' || r.online_level === 'mot_phan',
    digitized: r.digitized,
    reused: r.reused,
    resultDigitized: r.result_digitized,
    feeBearing: r.fee_bearing,
    paidOnline: r.paid_online,
    rating: r.rating,
    log: r.log.map((e) => ({
      at: toLocal(new Date(e.at)),
      toStatus: e.to_status,
      due: e.due_at === null ? null : toLocal(new Date(e.due_at)),
    })),
    ...(withCounted ? { counted: r.counted ?? null } : {}),
  }));
}
