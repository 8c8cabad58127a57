import { sql, type SqlBool } from 'kysely';
import { reachList, visibleTo } from '../access/dossierVisibility.js';
import { addWorkingMinutes } from '../../domain/calendar/deadline.js';
import { fromLocal, toLocal } from '../../domain/calendar/localTime.js';
import type { DossierSummary } from '../../contracts/dossiers.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { grantInForce } from '../access/grantsInForce.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import { worklists, type Worklist } from '../../contracts/dossiers.js';
import { visibleQueue, type VisibleQueue } from './visibleQueues.js';
import { handlingConfig } from './handlingConfig.js';
import { inProgress } from '../../store/literals.js';
import { summaryColumns, type After, type ListQuery, type Selection } from './worklistRows.js';

/** Agencies where the official holds a role now (the worklists that are theirs to act on). */
async function myAgencies(tx: Tx, accountId: string, now: Date, role?: string): Promise<string[]> {
  const { rows } = await sql<{ agency_code: string }>`SELECT DISTINCT agency_code FROM role_grant g
    WHERE account_id = ${accountId}::uuid AND ${grantInForce('g', now)}
      ${role ? sql`AND role = ${role}` : sql``}`.execute(tx);
  return rows.map((r) => r.agency_code);
}

type Filters = Omit<ListQuery, 'limit' | 'cursor'>;

/**
 * The queues of the official's own agencies (and their own assignments), read from the dossier
 * table's own indexes: a dossier is always visible to the agency holding it, and those agencies
 * are intersected with the reach. One agency (the usual case) compares with `=`, which lets the
 * page come off an index in order.
 */
async function ownQueue(tx: Tx, me: string, now: Date, reach: string[], q: Filters): Promise<Selection> {
  const own = async (role?: string) => {
    const r = new Set(reach);
    const mine = (await myAgencies(tx, me, now, role)).filter((a) => r.has(a));
    return mine.length > 0 ? mine : ['-'];
  };
  let base = dossierFrom(tx);
  switch (q.queue) {
    case 'to_receive':
      base = base.where('d.status', '=', 1).where('d.agency_code', 'in', await own('receiver'));
      break;
    case 'mine':
      base = base.where(visibleTo(reach)).where('d.assignee_id', '=', me).where('d.status', 'in', inProgress);
      break;
    case 'agency':
      base = base.where('d.status', 'in', inProgress).where('d.agency_code', 'in', await own());
      break;
    case 'consultation': {
      const mine = await myAgencies(tx, me, now);
      base = base
        .where(visibleTo(reach))
        .where(visibleTo(mine))
        .where(
          sql<SqlBool>`EXISTS (SELECT 1 FROM jsonb_array_elements(d.state->'consultations') c
          WHERE c->>'status' IN ('open', 'accepted') AND c->>'agencyCode' = ANY(${mine}::text[]))`,
        );
      break;
    }
    case 'to_return':
      // Returned where the result waits: a dossier received across boundaries at the counter the
      // applicant chose, not at every agency that handled it.
      base = base.where('d.status', '=', 9).where('d.agency_code', 'in', await own());
      break;
    default:
      base = base
        .where(visibleTo(reach))
        .where('d.agency_code', 'in', await own())
        .where(
          sql<SqlBool>`EXISTS (SELECT 1 FROM portal_event e
          WHERE e.dossier_id = d.id AND e.attention AND e.handled_at IS NULL)`,
        );
  }
  if (q.procedure) base = base.where('d.procedure_code', '=', q.procedure);
  if (q.channel) base = base.where('d.channel', '=', q.channel);
  if (q.status) base = base.where('d.status', '=', q.status);
  if (q.applicant) base = base.where('d.applicant_id_number', '=', q.applicant);
  if (q.from) base = base.where('d.submitted_at', '>=', new Date(q.from));
  if (q.to) base = base.where('d.submitted_at', '<', new Date(q.to));
  return ownRows(base);
}

const dossierFrom = (tx: Tx) => tx.selectFrom('dossier as d');

function ownRows(base: ReturnType<typeof dossierFrom>): Selection {
  return {
    count: async () =>
      Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    page: (limit: number, after?: After) =>
      (after ? base.where(sql<SqlBool>`(d.submitted_at, d.id) < (${after.at}, ${after.id}::uuid)`) : base)
        .select(summaryColumns)
        .orderBy('d.submitted_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(limit)
        .execute(),
  };
}

const visibilityWide: Record<string, VisibleQueue> = {
  overdue: 'overdue',
  due_soon: 'due_soon',
  supplement: 'supplement',
  all: 'all',
};

/** The rows of one worklist for an official, filters applied: the list and its count share it. */
async function worklistSelection(
  ctx: AppContext,
  tx: Tx,
  me: string,
  now: Date,
  reach: string[],
  q: Filters,
): Promise<Selection> {
  const wide = visibilityWide[q.queue];
  if (!wide) return ownQueue(tx, me, now, reach, q);
  let dueUntil: Date | undefined;
  if (wide === 'due_soon') {
    // The calendar from the process's configuration cache: reading and building it took 6-8 ms.
    const calendar = await (await handlingConfig(ctx, tx)).calendar();
    dueUntil = fromLocal(addWorkingMinutes(calendar, toLocal(now), (q.withinHours ?? 8) * 60));
  }
  return visibleQueue(tx, reach, { ...q, queue: wide, now, dueUntil });
}

/** How many dossiers each worklist holds, for the menu's counters (the same rules as the lists). */
export function worklistCounts(ctx: AppContext, actor: Actor): Promise<Record<Worklist, number>> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const reach = await reachList(tx, staff.accountId, now);
    const out = {} as Record<Worklist, number>;
    for (const queue of worklists) {
      out[queue] = await (await worklistSelection(ctx, tx, staff.accountId, now, reach, { queue })).count();
    }
    return out;
  });
}

export function listDossiers(ctx: AppContext, actor: Actor, q: ListQuery): Promise<Page<DossierSummary>> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const selection = await worklistSelection(
      ctx,
      tx,
      staff.accountId,
      now,
      await reachList(tx, staff.accountId, now),
      q,
    );
    // Counted once, on the first page: a later page (and an export walking every page) does not
    // count the whole selection again.
    const total = q.cursor ? undefined : await selection.count();
    // Newest first; the cursor carries the last row's submission time and id.
    let after: After | undefined;
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, 'timeAndId').split('|') as [string, string];
      after = { at: new Date(at), id };
    }
    const rows = await selection.page(q.limit + 1, after, total);
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
