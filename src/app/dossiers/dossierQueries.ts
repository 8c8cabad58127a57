import { visibleDossier } from '../access/dossierVisibility.js';
import { sql } from 'kysely';
import { fromLocal } from '../../domain/calendar/localTime.js';
import type { DossierState, ActionType } from '../../domain/dossier/lifecycle.js';
import type { Actor } from '../access/actor.js';
import { reachableAgencies } from '../access/reach.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import type { Selectable } from 'kysely';
import type { DossierActionTable } from '../../store/schema.js';
import { offeredActions } from './offeredActions.js';
import { citizenEventsOf, messagesOf } from './citizenEventViews.js';
import { crossBoundaryOf } from './crossBoundaryView.js';
import { exchangesOf } from './exchangeViews.js';

/** A processing log entry as the API shows it. */
const logEntryView = (a: Selectable<DossierActionTable>) => ({
  seq: a.seq,
  type: a.type as ActionType,
  at: a.at.toISOString(),
  actorKind: a.actor_kind,
  actorId: a.actor_id,
  actorRole: a.actor_role,
  fromStatus: a.from_status,
  toStatus: a.to_status,
  fromStep: a.from_step,
  toStep: a.to_step,
  agencyCode: a.to_agency,
  dueAt: a.due_at?.toISOString() ?? null,
  stepDueAt: a.step_due_at?.toISOString() ?? null,
  stepVerdict: a.step_verdict,
  calendarVersion: a.calendar_version,
  data: a.data as Record<string, unknown>,
});

/** One dossier with its processing log; every read by an official is audited. */
export function getDossier(ctx: AppContext, actor: Actor, code: string, meta: RequestMeta) {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, now);
    const log = await tx
      .selectFrom('dossier_action')
      .selectAll()
      .where('dossier_id', '=', d.id)
      .orderBy('seq')
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'dossier.read',
        targetKind: 'dossier',
        targetId: code,
        agencyCode: d.agency_code,
        detail: {},
      },
      now,
      meta,
    );
    const state = d.state as DossierState;
    return {
      code: d.code,
      channel: d.channel,
      procedureCode: d.procedure_code,
      version: d.version,
      versionNo: d.version_no,
      caseCode: d.case_code,
      status: d.status,
      stepCode: d.step_code,
      agencyCode: d.agency_code,
      receivedByAgency: d.received_by_agency,
      competentAgency: d.competent_agency,
      crossBoundary: await crossBoundaryOf(ctx, tx, d),
      assigneeId: d.assignee_id,
      applicant: d.applicant as Record<string, unknown>,
      representative: (d.representative as Record<string, unknown> | null) ?? null,
      components: d.components as unknown[],
      eform: d.eform as Record<string, unknown>,
      summary: d.summary,
      submittedAt: d.submitted_at.toISOString(),
      receivedAt: d.received_at?.toISOString() ?? null,
      dueAt: d.due_at?.toISOString() ?? null,
      stepDueAt: d.step_due_at?.toISOString() ?? null,
      calendarVersion: d.calendar_version,
      payment: d.payment,
      delivery: d.delivery,
      sync: d.sync,
      orphan: d.orphan,
      practice: d.practice,
      consultations: state.consultations.map((c) => ({ ...c, due: fromLocal(c.due).toISOString() })),
      log: log.map(logEntryView),
      citizenEvents: await citizenEventsOf(tx, d.id),
      messages: await messagesOf(tx, d.id),
      exchanges: await exchangesOf(tx, d.id),
      available: await offeredActions(ctx, tx, d, staff.accountId, now),
    };
  });
}

export interface OrphanGroup {
  agency: { code: string; name: string };
  /** The role nobody holds there. */
  role: string;
  count: number;
  /** When the longest-waiting of them arrived. */
  waitingSince: string;
  codes: string[];
}

/**
 * Dossiers waiting where nobody can receive or process them (the Hà Nội 270 case of seed 004),
 * grouped by agency and missing role, for the administrators, leaders and monitors above them.
 * Only the codes: what to staff, not what the dossiers say.
 */
export function listOrphans(ctx: AppContext, actor: Actor): Promise<OrphanGroup[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { rows } = await sql<{
      agency_code: string;
      agency_name: string;
      step_role: string;
      n: number;
      since: Date;
      codes: string[];
    }>`
      SELECT d.agency_code, a.name AS agency_name, d.step_role, count(*)::int AS n, min(d.updated_at) AS since,
             (array_agg(d.code ORDER BY d.updated_at))[1:50] AS codes
      FROM dossier d JOIN agency a ON a.code = d.agency_code
      WHERE d.orphan AND d.agency_code IN ${reachableAgencies(staff.accountId, 'account.read', now)}
      GROUP BY d.agency_code, a.name, d.step_role
      ORDER BY min(d.updated_at), d.agency_code`.execute(tx);
    return rows.map((r) => ({
      agency: { code: r.agency_code, name: r.agency_name },
      role: r.step_role,
      count: r.n,
      waitingSince: new Date(r.since).toISOString(),
      codes: r.codes,
    }));
  });
}
