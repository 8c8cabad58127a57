import { sql } from 'kysely';
import { toLocal } from '../../domain/calendar/localTime.js';
import type { DossierStatus } from '../../domain/dossier/status.js';
import {
  indicators,
  type DossierRecord,
  type Indicators,
  type Period,
} from '../../domain/reports/indicators.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import { reachList } from '../dossiers/dossierQueries.js';
import { AppError } from '../errors.js';
import { vi } from '../../domain/i18n/vi.js';

export interface IndicatorQuery {
  /** First and last day of the period (Vietnam's calendar days, inclusive). */
  from: string;
  to: string;
  /** Narrow to the dossiers received by one agency, or handled in one province. */
  agency?: string | undefined;
  province?: string | undefined;
}

interface Row {
  id: string;
  agency: string;
  agency_name: string;
  channel: 1 | 2 | 3;
  online_level: string;
  digitized: boolean;
  reused: boolean;
  result_digitized: boolean;
  fee_bearing: boolean;
  paid_online: boolean;
  rating: DossierRecord['rating'];
  log: { at: string; to_status: DossierStatus; due_at: string | null }[];
}

/** The dossiers in scope, as the indicators read them, with the agency that received each. */
async function loadRecords(
  ctx: AppContext,
  actor: Actor,
  q: IndicatorQuery,
): Promise<{ records: (DossierRecord & { agency: string; agencyName: string })[]; period: Period }> {
  const staff = requireStaff(actor);
  if (q.to < q.from) throw new AppError('bad_request', 'validation', vi.problem.validation, 'from ≤ to');
  const from = new Date(`${q.from}T00:00:00+07:00`);
  const to = new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 86_400_000);
  return inTransaction(ctx, async (tx) => {
    const reach = await reachList(tx, staff.accountId, ctx.now());
    const { rows } = await sql<Row>`
      SELECT d.id, d.received_by_agency AS agency, ag.name AS agency_name, d.channel, v.online_level,
        EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id) AS digitized,
        EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id AND x.digitization IN (2, 3)) AS reused,
        EXISTS (SELECT 1 FROM dossier_result r WHERE r.dossier_id = d.id AND r.status = 'signed') AS result_digitized,
        EXISTS (SELECT 1 FROM payment_request p WHERE p.dossier_id = d.id) AS fee_bearing,
        EXISTS (SELECT 1 FROM payment_request p WHERE p.dossier_id = d.id AND p.status = 'paid') AS paid_online,
        (SELECT level FROM dossier_rating r WHERE r.dossier_id = d.id) AS rating,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('at', a.at, 'to_status', a.to_status, 'due_at', a.due_at) ORDER BY a.seq), '[]')
         FROM dossier_action a WHERE a.dossier_id = d.id AND a.at < ${to}) AS log
      FROM dossier d
      JOIN procedure_version v ON v.procedure_code = d.procedure_code AND v.version_no = d.version_no
      JOIN agency ag ON ag.code = d.received_by_agency
      WHERE d.received_by_agency = ANY(${reach}::text[])
        AND d.submitted_at < ${to}
        ${q.agency ? sql`AND d.received_by_agency = ${q.agency}` : sql``}
        ${q.province ? sql`AND d.commune_code IN (SELECT code FROM admin_unit WHERE parent_code = ${q.province})` : sql``}`.execute(
      tx,
    );
    const records = rows.map((r) => ({
      agency: r.agency,
      agencyName: r.agency_name,
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
    }));
    return { records, period: { from: toLocal(from), to: toLocal(to) } };
  });
}

/**
 * The service-quality indicators of the dossiers an official may see (received by an agency within
 * their reach), for a period, recounted from the processing log. The incrementally maintained
 * aggregates for national scale come next (issue 8); this is the recount they will be checked
 * against.
 */
export async function serviceIndicators(
  ctx: AppContext,
  actor: Actor,
  q: IndicatorQuery,
): Promise<{ dossiers: number; indicators: Indicators }> {
  const { records, period } = await loadRecords(ctx, actor, q);
  const result = indicators(records, period);
  return { dossiers: result.carriedOver + result.received.total, indicators: result };
}

export interface AgencyIndicators {
  agency: string;
  agencyName: string;
  dossiers: number;
  indicators: Indicators;
}

/** The same, one row per receiving agency: those with late dossiers first, then by name. */
export async function indicatorsByAgency(
  ctx: AppContext,
  actor: Actor,
  q: IndicatorQuery,
): Promise<AgencyIndicators[]> {
  const { records, period } = await loadRecords(ctx, actor, q);
  const groups = new Map<string, typeof records>();
  for (const r of records) groups.set(r.agency, [...(groups.get(r.agency) ?? []), r]);
  const rows = [...groups.values()].flatMap((group) => {
    const first = group[0];
    if (!first) return [];
    const result = indicators(group, period);
    const dossiers = result.carriedOver + result.received.total;
    return dossiers === 0
      ? []
      : [{ agency: first.agency, agencyName: first.agencyName, dossiers, indicators: result }];
  });
  const late = (r: AgencyIndicators) => r.indicators.finished.late + r.indicators.inProgress.late;
  return rows.sort((a, b) => late(b) - late(a) || a.agencyName.localeCompare(b.agencyName, 'vi'));
}
