import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { decideFeedback } from '../../domain/feedback/feedback.js';
import type { FeedbackCommandBody, FeedbackItem } from '../../contracts/feedback.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { findVisibleFeedback, getFeedback } from './feedbackQueries.js';
import { accountInForce, grantInForce } from '../access/grantsInForce.js';
import { problem } from '../problems.js';

const stale = () => problem('stale-version', vi.detail.feedbackStale);
const forbidden = (detail: string) => problem('forbidden', detail);

/** Officials who may be given feedback addressed to an agency: active, holding a role there now. */
async function assignable(tx: Tx, agencyCode: string, now: Date): Promise<{ id: string; name: string }[]> {
  const { rows } = await sql<{ id: string; name: string }>`
    SELECT DISTINCT a.id, a.full_name AS name FROM account a JOIN role_grant g ON g.account_id = a.id
    WHERE g.agency_code = ${agencyCode} AND ${grantInForce('g', now)}
      AND g.role IN ('receiver', 'processor', 'leader', 'monitor')
      AND ${accountInForce('a', now)}
    ORDER BY a.full_name`.execute(tx);
  return rows;
}

/** Who the feedback can be assigned to (for those who may assign it). */
export function feedbackAssignees(
  ctx: AppContext,
  actor: Actor,
  code: string,
): Promise<{ id: string; name: string }[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const f = await findVisibleFeedback(tx, staff.accountId, code, now);
    if (!(await agencyInReach(tx, staff, 'account.read', f.agency_code, now)))
      throw forbidden(vi.detail.onlyLeadersAssignFeedback);
    return assignable(tx, f.agency_code, now);
  });
}

/**
 * Assigns feedback to an official of the agency it is addressed to (leaders and monitors above
 * that agency), or answers it (the assignee, or a leader or monitor above the agency). An answer is
 * final; the expected version guards against two people acting on the same stale view.
 */
export async function handleFeedback(
  ctx: AppContext,
  actor: Actor,
  code: string,
  command: FeedbackCommandBody,
  meta: RequestMeta,
): Promise<FeedbackItem> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  await inTransaction(ctx, async (tx) => {
    const f = await findVisibleFeedback(tx, staff.accountId, code, now);
    const handles = await agencyInReach(tx, staff, 'dossier.read', f.agency_code, now);
    const manages = handles && (await agencyInReach(tx, staff, 'account.read', f.agency_code, now));
    if (command.type === 'assign' && !manages) throw forbidden(vi.detail.onlyLeadersAssignFeedback);
    if (command.type === 'answer' && !(manages || (handles && f.assignee_id === staff.accountId)))
      throw forbidden(vi.detail.onlyAssigneeAnswers);
    if (f.version !== command.expectedVersion) throw stale();
    const next = decideFeedback(
      f.status,
      command.type === 'assign' ? command : { type: 'answer', answer: command.answer },
    );
    if (next === 'already_answered') throw problem('already-answered', vi.detail.feedbackAnswered);
    if (command.type === 'assign') {
      const candidates = await assignable(tx, f.agency_code, now);
      if (!candidates.some((c) => c.id === command.assigneeId))
        throw problem('validation', undefined, [
          {
            field: 'body.assigneeId',
            message: vi.detail.assigneeNotThere,
          },
        ]);
    }
    const updated = await tx
      .updateTable('feedback')
      .set(
        command.type === 'assign'
          ? { status: next, assignee_id: command.assigneeId, version: f.version + 1 }
          : {
              status: next,
              answer: command.answer,
              fixed_in_release: command.fixedInRelease ?? null,
              answered_at: now,
              answered_by: staff.accountId,
              version: f.version + 1,
            },
      )
      .where('id', '=', f.id)
      .where('version', '=', f.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw stale();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: `feedback.${command.type}`,
        targetKind: 'feedback',
        targetId: code,
        agencyCode: f.agency_code,
        detail: command.type === 'assign' ? { assignee: command.assigneeId } : {},
      },
      now,
      meta,
    );
  });
  return getFeedback(ctx, actor, code, meta);
}
