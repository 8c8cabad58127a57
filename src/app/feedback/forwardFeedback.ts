import { sql } from 'kysely';
import { answerDue, feedbackCategories, forwardTo } from '../../domain/feedback/feedback.js';
import { vi } from '../../domain/i18n/vi.js';
import type { FeedbackItem, RecurringDifficulty } from '../../contracts/feedback.js';
import type { Actor } from '../access/actor.js';
import { reachList } from '../access/dossierVisibility.js';
import { agencyInReach, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { loadCalendar } from '../calendar/calendars.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';
import { feedbackVisible, findVisibleFeedback, getFeedback } from './feedbackQueries.js';
import { nationalDifficultyDesk } from './submitFeedback.js';

/** The agency that answers at the next level: the procedure's ministry, or the Government Office. */
async function nextDesk(tx: Tx, level: 'ministry' | 'government', procedure: string | null): Promise<string> {
  if (level === 'government' || !procedure) return nationalDifficultyDesk;
  const p = await tx
    .selectFrom('procedure')
    .select('ministry_code')
    .where('code', '=', procedure)
    .executeTakeFirstOrThrow();
  return p.ministry_code;
}

/**
 * Forwards a difficulty up a level, by a leader or monitor over the desk now answering it: from the
 * province to the ministry that owns its procedure (to the Government Office when it names none),
 * from the ministry to the Government Office. The new desk answers within 10 working days on its
 * own calendar; the level left keeps its due in the record; audited.
 */
export async function forwardFeedback(
  ctx: AppContext,
  actor: Actor,
  code: string,
  body: { note: string; expectedVersion: number },
  meta: RequestMeta,
): Promise<FeedbackItem> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  await inTransaction(ctx, async (tx) => {
    const f = await findVisibleFeedback(tx, staff.accountId, code, now);
    if (!(await agencyInReach(tx, staff, 'account.read', f.agency_code, now)))
      throw problem('forbidden', vi.detail.onlyLeadersForward);
    if (f.version !== body.expectedVersion) throw problem('stale-version', vi.detail.feedbackStale);
    const next = forwardTo({
      kind: f.kind,
      status: f.status,
      level: f.level,
      procedureCode: f.procedure_code,
    });
    if (next === 'already_answered') throw problem('already-answered', vi.detail.feedbackAnswered);
    if (next === 'not_a_difficulty' || next === 'top_level')
      throw problem('action-not-allowed', vi.detail.cannotForward[next]);
    const desk = await nextDesk(tx, next, f.procedure_code);
    const due = answerDue(await loadCalendar(tx, desk), now);
    const { n } = await tx
      .selectFrom('feedback_forward')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('feedback_id', '=', f.id)
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('feedback_forward')
      .values({
        feedback_id: f.id,
        seq: Number(n) + 1,
        from_agency: f.agency_code,
        from_due_at: f.due_at,
        to_agency: desk,
        to_level: next,
        due_at: due,
        note: body.note,
        forwarded_by: staff.accountId,
        forwarded_at: now,
      })
      .execute();
    const updated = await tx
      .updateTable('feedback')
      .set({
        agency_code: desk,
        level: next,
        due_at: due,
        status: 'new',
        assignee_id: null,
        version: f.version + 1,
      })
      .where('id', '=', f.id)
      .where('version', '=', f.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw problem('stale-version', vi.detail.feedbackStale);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'feedback.forward',
        targetKind: 'feedback',
        targetId: code,
        agencyCode: f.agency_code,
        detail: { to: desk, level: next },
      },
      now,
      meta,
    );
  });
  return getFeedback(ctx, actor, code, meta);
}

/**
 * Difficulties reported more than once within the official's view: grouped by procedure and
 * category, most reported first, with how many are still open and their codes.
 */
export function recurringDifficulties(ctx: AppContext, actor: Actor): Promise<RecurringDifficulty[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const reach = await reachList(tx, staff.accountId, now);
    const { rows } = await sql<{
      procedure_code: string | null;
      procedure_name: string | null;
      category: string;
      reports: number;
      open: number;
      codes: string[];
    }>`
      SELECT f.procedure_code, p.name AS procedure_name, f.category, count(*)::int AS reports,
        count(*) FILTER (WHERE f.status <> 'answered')::int AS open,
        array_agg(f.code ORDER BY f.submitted_at) AS codes
      FROM feedback f LEFT JOIN procedure p ON p.code = f.procedure_code
      WHERE f.kind = 'difficulty' AND ${feedbackVisible(reach)}
      GROUP BY f.procedure_code, p.name, f.category HAVING count(*) >= 2
      ORDER BY count(*) DESC, f.procedure_code NULLS LAST, f.category LIMIT 50`.execute(tx);
    return rows.map((r) => ({
      procedure: r.procedure_code ? { code: r.procedure_code, name: r.procedure_name ?? '' } : null,
      category: r.category,
      categoryName: (feedbackCategories.difficulty as Record<string, string>)[r.category] ?? r.category,
      reports: r.reports,
      open: r.open,
      codes: r.codes,
    }));
  });
}
