import { vi } from '../../domain/i18n/vi.js';
import { sql, type Expression, type SqlBool } from 'kysely';
import { feedbackCategories, isLate, type FeedbackKind } from '../../domain/feedback/feedback.js';
import type { FeedbackItem, FeedbackListQuery, FeedbackSummaryRow } from '../../contracts/feedback.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { reachList } from '../access/dossierVisibility.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import { problem } from '../problems.js';

/**
 * THE visibility rule for feedback: addressed to an agency the official reaches with dossier.read,
 * reported from one (a province sees what its communes reported), or forwarded from one (the
 * province's desk follows what it sent to the ministry).
 */
export const feedbackVisible = (reach: string[]): Expression<SqlBool> =>
  sql<SqlBool>`(f.agency_code = ANY(${reach}::text[]) OR f.reporter_agency = ANY(${reach}::text[])
    OR EXISTS (SELECT 1 FROM feedback_forward ff WHERE ff.feedback_id = f.id AND ff.from_agency = ANY(${reach}::text[])))`;

export const categoryName = (kind: FeedbackKind, category: string): string =>
  (feedbackCategories[kind] as Record<string, string>)[category] ?? category;

function feedbackRows(tx: Tx) {
  return tx
    .selectFrom('feedback as f')
    .innerJoin('agency as a', 'a.code', 'f.agency_code')
    .leftJoin('agency as ra', 'ra.code', 'f.reporter_agency')
    .leftJoin('account as asg', 'asg.id', 'f.assignee_id')
    .leftJoin('dossier as d', 'd.id', 'f.dossier_id')
    .leftJoin('procedure as p', 'p.code', 'f.procedure_code')
    .select([
      'f.level',
      'f.procedure_code',
      'p.name as procedure_name',
      'p.ministry_code',
      'f.fixed_in_release',
      'f.id',
      'f.code',
      'f.kind',
      'f.category',
      'f.subject',
      'f.content',
      'd.code as dossier_code',
      'f.reporter_name',
      'f.reporter_contact',
      'f.reporter_agency',
      'ra.name as reporter_agency_name',
      'f.agency_code',
      'a.name as agency_name',
      'f.assignee_id',
      'asg.full_name as assignee_name',
      'f.status',
      'f.submitted_at',
      'f.due_at',
      'f.answer',
      'f.answered_at',
      'f.version',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof feedbackRows>['executeTakeFirstOrThrow']>>;

type Forwards = Map<string, FeedbackItem['forwards']>;

/** The forwards of the listed feedback, each list in order. */
async function forwardsOf(tx: Tx, ids: string[]): Promise<Forwards> {
  const out: Forwards = new Map();
  if (ids.length === 0) return out;
  const rows = await tx
    .selectFrom('feedback_forward as ff')
    .innerJoin('agency as fa', 'fa.code', 'ff.from_agency')
    .innerJoin('agency as ta', 'ta.code', 'ff.to_agency')
    .select([
      'ff.feedback_id',
      'ff.from_agency',
      'fa.name as from_name',
      'ff.from_due_at',
      'ff.to_agency',
      'ta.name as to_name',
      'ff.to_level',
      'ff.due_at',
      'ff.note',
      'ff.forwarded_at',
    ])
    .where('ff.feedback_id', 'in', ids)
    .orderBy('ff.seq')
    .execute();
  for (const r of rows)
    out.set(r.feedback_id, [
      ...(out.get(r.feedback_id) ?? []),
      {
        from: { code: r.from_agency, name: r.from_name },
        fromDueAt: r.from_due_at.toISOString(),
        to: { code: r.to_agency, name: r.to_name },
        level: r.to_level,
        dueAt: r.due_at.toISOString(),
        note: r.note,
        at: r.forwarded_at.toISOString(),
      },
    ]);
  return out;
}

function toItem(r: Row, now: Date, forwards: Forwards): FeedbackItem {
  return {
    level: r.level,
    procedure:
      r.procedure_code !== null
        ? { code: r.procedure_code, name: r.procedure_name ?? '', ministry: r.ministry_code ?? '' }
        : null,
    fixedInRelease: r.fixed_in_release,
    forwards: forwards.get(r.id) ?? [],
    code: r.code,
    kind: r.kind,
    category: r.category,
    categoryName: categoryName(r.kind, r.category),
    subject: r.subject,
    content: r.content,
    dossierCode: r.dossier_code,
    reporter: {
      name: r.reporter_name,
      contact: r.reporter_contact,
      agency:
        r.reporter_agency !== null ? { code: r.reporter_agency, name: r.reporter_agency_name ?? '' } : null,
    },
    agency: { code: r.agency_code, name: r.agency_name },
    assignee: r.assignee_id !== null ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    status: r.status,
    submittedAt: r.submitted_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    late: isLate({ dueAt: r.due_at, answeredAt: r.answered_at }, now),
    answer: r.answer,
    answeredAt: r.answered_at?.toISOString() ?? null,
    version: r.version,
  };
}

/** Feedback the official may see, newest first; open ones past their answer due when `late`. */
export function listFeedback(
  ctx: AppContext,
  actor: Actor,
  q: FeedbackListQuery,
): Promise<Page<FeedbackItem>> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const reach = await reachList(tx, staff.accountId, now);
    let query = feedbackRows(tx).where(feedbackVisible(reach));
    if (q.kind) query = query.where('f.kind', '=', q.kind);
    if (q.status) query = query.where('f.status', '=', q.status);
    if (q.late) query = query.where('f.status', '<>', 'answered').where('f.due_at', '<', now);
    if (q.cursor) {
      const [at, code] = decodeCursor(q.cursor, 'timeAndCode').split('|');
      query = query.where(sql<SqlBool>`(f.submitted_at, f.code) < (${new Date(at ?? '')}, ${code ?? ''})`);
    }
    const rows = await query
      .orderBy('f.submitted_at', 'desc')
      .orderBy('f.code', 'desc')
      .limit(q.limit + 1)
      .execute();
    const forwards = await forwardsOf(
      tx,
      rows.map((r) => r.id),
    );
    return toPage(
      rows.map((r) => toItem(r, now, forwards)),
      q.limit,
      (i) => `${i.submittedAt}|${i.code}`,
    );
  });
}

/** One piece of feedback the official may see (404 otherwise); the read is audited. */
export async function findVisibleFeedback(tx: Tx, accountId: string, code: string, now: Date) {
  const reach = await reachList(tx, accountId, now);
  const row = await feedbackRows(tx)
    .where('f.code', '=', code)
    .where(feedbackVisible(reach))
    .executeTakeFirst();
  if (!row) throw problem('not-found', vi.detail.noFeedback(code));
  return row;
}

export function getFeedback(
  ctx: AppContext,
  actor: Actor,
  code: string,
  meta: RequestMeta,
): Promise<FeedbackItem> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const row = await findVisibleFeedback(tx, staff.accountId, code, now);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'feedback.read',
        targetKind: 'feedback',
        targetId: code,
        agencyCode: row.agency_code,
      },
      now,
      meta,
    );
    return toItem(row, now, await forwardsOf(tx, [row.id]));
  });
}

/**
 * Feedback received in a period within the official's view, by kind and category: received,
 * answered (late), still open (past due): the monthly report's summary and the screen's.
 */
export function feedbackSummary(
  ctx: AppContext,
  actor: Actor,
  q: { from: string; to: string },
): Promise<FeedbackSummaryRow[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) =>
    feedbackSummaryOf(tx, await reachList(tx, staff.accountId, now), q, now),
  );
}

/** The same for feedback addressed to or reported from `agencies` (a report's scope). */
export async function feedbackSummaryOf(
  tx: Tx,
  agencies: string[],
  q: { from: string; to: string },
  now: Date,
): Promise<FeedbackSummaryRow[]> {
  const from = new Date(`${q.from}T00:00:00+07:00`);
  const to = new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 86_400_000);
  const { rows } = await sql<{
    kind: FeedbackKind;
    category: string;
    received: number;
    answered: number;
    answered_late: number;
    open: number;
    open_late: number;
  }>`
    SELECT kind, category, count(*)::int AS received,
      count(*) FILTER (WHERE status = 'answered')::int AS answered,
      count(*) FILTER (WHERE status = 'answered' AND answered_at > due_at)::int AS answered_late,
      count(*) FILTER (WHERE status <> 'answered')::int AS open,
      count(*) FILTER (WHERE status <> 'answered' AND due_at < ${now})::int AS open_late
    FROM feedback f
    WHERE f.submitted_at >= ${from} AND f.submitted_at < ${to} AND ${feedbackVisible(agencies)}
    GROUP BY kind, category ORDER BY kind, count(*) DESC, category`.execute(tx);
  return rows.map((r) => ({
    kind: r.kind,
    category: r.category,
    categoryName: categoryName(r.kind, r.category),
    received: r.received,
    answered: r.answered,
    answeredLate: r.answered_late,
    open: r.open,
    openLate: r.open_late,
  }));
}
