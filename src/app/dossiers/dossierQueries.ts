import { reachList, visibleDossier, visibleTo } from '../access/dossierVisibility.js';
import { sql, type SqlBool } from 'kysely';
import { addWorkingMinutes } from '../../domain/calendar/deadline.js';
import { fromLocal, toLocal } from '../../domain/calendar/localTime.js';
import type { DossierSummary } from '../../contracts/dossiers.js';
import type { DossierState, ActionType } from '../../domain/dossier/lifecycle.js';
import type { Actor } from '../access/actor.js';
import { reachableAgencies } from '../access/reach.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { loadCalendar } from '../calendar/calendars.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { Selectable } from 'kysely';
import type { DossierActionTable } from '../../store/schema.js';
import { offeredActions } from './offeredActions.js';
import { grantInForce } from '../access/grantsInForce.js';
import { citizenEventsOf, messagesOf } from './citizenEventViews.js';
import { crossBoundaryOf } from './crossBoundaryView.js';
import { exchangesOf } from './exchangeViews.js';

import { worklists, type Worklist } from '../../contracts/dossiers.js';

/** Agencies where the official holds a role now (the worklists that are theirs to act on). */
async function myAgencies(tx: Tx, accountId: string, now: Date, role?: string): Promise<string[]> {
  const { rows } = await sql<{ agency_code: string }>`SELECT DISTINCT agency_code FROM role_grant g
    WHERE account_id = ${accountId}::uuid AND ${grantInForce('g', now)}
      ${role ? sql`AND role = ${role}` : sql``}`.execute(tx);
  return rows.map((r) => r.agency_code);
}

export interface ListQuery {
  queue: Worklist;
  procedure?: string | undefined;
  channel?: number | undefined;
  status?: number | undefined;
  applicant?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** due_soon: within this many working hours (default 8). */
  withinHours?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The rows of one worklist for an official, filters applied: the list and its count share it. */
async function worklistQuery(
  tx: Tx,
  me: string,
  now: Date,
  reach: string[],
  q: Omit<ListQuery, 'limit' | 'cursor'>,
) {
  // The queues of the official's own agencies need no visibility test: a dossier is always
  // visible to the agency holding it, and those agencies are intersected with the reach. One
  // agency (the usual case) compares with `=`, which lets the page come off an index in order.
  const own = async (role?: string) => {
    const r = new Set(reach);
    const mine = (await myAgencies(tx, me, now, role)).filter((a) => r.has(a));
    return mine.length > 0 ? mine : ['-'];
  };
  const scoped = q.queue === 'to_receive' || q.queue === 'agency' || q.queue === 'to_return';
  let base = scoped ? tx.selectFrom('dossier as d') : tx.selectFrom('dossier as d').where(visibleTo(reach));
  switch (q.queue) {
    case 'to_receive':
      base = base.where('d.status', '=', 1).where('d.agency_code', 'in', await own('receiver'));
      break;
    case 'mine':
      base = base.where('d.assignee_id', '=', me).where('d.status', 'in', [2, 4]);
      break;
    case 'agency':
      base = base.where('d.status', 'in', [2, 4]).where('d.agency_code', 'in', await own());
      break;
    case 'overdue':
      base = base.where('d.status', 'in', [2, 4]).where('d.due_at', '<', now);
      break;
    case 'due_soon': {
      const calendar = await loadCalendar(tx);
      const until = fromLocal(addWorkingMinutes(calendar, toLocal(now), (q.withinHours ?? 8) * 60));
      base = base.where('d.status', 'in', [2, 4]).where('d.due_at', '>=', now).where('d.due_at', '<=', until);
      break;
    }
    case 'supplement':
      base = base.where('d.status', '=', 5);
      break;
    case 'consultation': {
      const mine = await myAgencies(tx, me, now);
      base = base.where(
        sql<SqlBool>`d.visible_to && ${mine}::text[] AND EXISTS (SELECT 1 FROM jsonb_array_elements(d.state->'consultations') c
          WHERE c->>'status' IN ('open', 'accepted') AND c->>'agencyCode' = ANY(${mine}::text[]))`,
      );
      break;
    }
    case 'to_return':
      // Returned where the result waits: a dossier received across boundaries at the counter the
      // applicant chose, not at every agency that handled it.
      base = base.where('d.status', '=', 9).where('d.agency_code', 'in', await own());
      break;
    case 'citizen_requests':
      base = base.where('d.agency_code', 'in', await own()).where(
        sql<SqlBool>`EXISTS (SELECT 1 FROM portal_event e
          WHERE e.dossier_id = d.id AND e.attention AND e.handled_at IS NULL)`,
      );
      break;
    case 'all':
      break;
  }
  if (q.procedure) base = base.where('d.procedure_code', '=', q.procedure);
  if (q.channel) base = base.where('d.channel', '=', q.channel);
  if (q.status) base = base.where('d.status', '=', q.status);
  if (q.applicant) base = base.where('d.applicant_id_number', '=', q.applicant);
  if (q.from) base = base.where('d.submitted_at', '>=', new Date(q.from));
  if (q.to) base = base.where('d.submitted_at', '<', new Date(q.to));
  return base;
}

/** How many dossiers each worklist holds, for the menu's counters (the same rules as the lists). */
export function worklistCounts(ctx: AppContext, actor: Actor): Promise<Record<Worklist, number>> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const reach = await reachList(tx, staff.accountId, now);
    const out = {} as Record<Worklist, number>;
    for (const queue of worklists) {
      const base = await worklistQuery(tx, staff.accountId, now, reach, { queue });
      out[queue] = Number(
        (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      );
    }
    return out;
  });
}

export function listDossiers(ctx: AppContext, actor: Actor, q: ListQuery): Promise<Page<DossierSummary>> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const base = await worklistQuery(tx, staff.accountId, now, await reachList(tx, staff.accountId, now), q);
    // Counted once, on the first page: a later page (and an export walking every page) does not
    // count the whole selection again.
    const total = q.cursor
      ? undefined
      : Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    // Newest first; the cursor carries the last row's submission time and id.
    let page = base;
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, 'timeAndId').split('|') as [string, string];
      page = page.where(sql<SqlBool>`(d.submitted_at, d.id) < (${new Date(at)}, ${id}::uuid)`);
    }
    const rows = await page
      .select([
        'd.id',
        'd.code',
        'd.channel',
        'd.procedure_code',
        'd.status',
        'd.step_code',
        'd.agency_code',
        'd.assignee_id',
        'd.applicant_name',
        'd.applicant_id_number',
        'd.submitted_at',
        'd.due_at',
        'd.step_due_at',
        'd.orphan',
        'd.version',
      ])
      .orderBy('d.submitted_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const items = rows.map((r) => ({
      key: `${r.submitted_at.toISOString()}|${r.id}`,
      code: r.code,
      channel: r.channel,
      procedureCode: r.procedure_code,
      status: r.status,
      stepCode: r.step_code,
      agencyCode: r.agency_code,
      assigneeId: r.assignee_id,
      applicantName: r.applicant_name,
      applicantIdNumber: r.applicant_id_number,
      submittedAt: r.submitted_at.toISOString(),
      dueAt: r.due_at?.toISOString() ?? null,
      stepDueAt: r.step_due_at?.toISOString() ?? null,
      orphan: r.orphan,
      version: r.version,
    }));
    const p = toPage(items, q.limit, (i) => i.key, total);
    return { ...p, items: p.items.map(({ key, ...rest }) => rest) };
  });
}

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
