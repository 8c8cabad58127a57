import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { answerDue, feedbackCategories } from '../../domain/feedback/feedback.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import type { CitizenFeedbackBody, DifficultyBody, FeedbackReceipt } from '../../contracts/feedback.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { loadCalendar } from '../calendar/calendars.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { applicantDossier } from '../public/publicStatus.js';
import { problem } from '../problems.js';

/** Văn phòng Chính phủ: collects the difficulties of bodies outside any province (ministries). */
export const nationalDifficultyDesk = '000.00.00.G17';

/** A difficulty names a procedure of the catalog, or none. */
async function knownProcedure(tx: Tx, code: string): Promise<void> {
  const found = await tx.selectFrom('procedure').select('code').where('code', '=', code).executeTakeFirst();
  if (!found)
    throw problem('validation', undefined, [
      { field: 'body.procedure', message: vi.detail.noProcedure(code) },
    ]);
}

async function nextCode(tx: Tx, now: Date): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('feedback_number')::text AS n`.execute(tx);
  return `PA-${vietnamDate(now).slice(0, 4)}-${(rows[0]?.n ?? '0').padStart(6, '0')}`;
}

/**
 * A citizen's feedback on their dossier, to the agency that received it; answered within 10
 * working days on that agency's calendar.
 */
export function submitCitizenFeedback(
  ctx: AppContext,
  code: string,
  verify: string,
  body: CitizenFeedbackBody,
  meta: RequestMeta,
): Promise<FeedbackReceipt> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await applicantDossier(tx, code, verify);
    const due = answerDue(await loadCalendar(tx, d.received_by_agency), now);
    const feedbackCode = await nextCode(tx, now);
    await tx
      .insertInto('feedback')
      .values({
        code: feedbackCode,
        kind: 'citizen',
        category: body.category,
        subject: vi.detail.feedbackSubject(
          feedbackCategories.citizen[body.category as keyof typeof feedbackCategories.citizen],
          d.code,
        ),
        content: body.content,
        dossier_id: d.id,
        reporter_name: d.applicant_name,
        reporter_contact: body.contact || null,
        agency_code: d.received_by_agency,
        submitted_at: now,
        due_at: due,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'system',
        action: 'feedback.submit',
        targetKind: 'feedback',
        targetId: feedbackCode,
        agencyCode: d.received_by_agency,
        detail: { dossier: d.code, category: body.category },
      },
      now,
      meta,
    );
    return { code: feedbackCode, dueAt: due.toISOString() };
  });
}

/**
 * An official reports a difficulty with the system. It goes where seed 004 §2 sends it: to the
 * province's Trung tâm Phục vụ hành chính công (for the People's Committee), or for a body outside
 * any province to Văn phòng Chính phủ. The same idempotency key returns the first report.
 */
export function reportDifficulty(
  ctx: AppContext,
  actor: Actor,
  body: DifficultyBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
): Promise<FeedbackReceipt & { created: boolean }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const key = idempotencyKey ? `${staff.accountId}:${idempotencyKey}` : null;
    if (key) {
      const earlier = await tx
        .selectFrom('feedback')
        .select(['code', 'due_at'])
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      if (earlier) return { code: earlier.code, dueAt: earlier.due_at.toISOString(), created: false };
    }
    const me = await tx
      .selectFrom('account')
      .select(['full_name', 'agency_code'])
      .where('id', '=', staff.accountId)
      .executeTakeFirstOrThrow();
    const { rows } = await sql<{ code: string }>`
      SELECT c.code FROM agency_province p
      JOIN agency c ON c.kind = 'province_service_center' AND c.admin_unit_code = p.province AND c.valid_to IS NULL
      WHERE p.code = ${me.agency_code} ORDER BY c.code LIMIT 1`.execute(tx);
    const desk = rows[0]?.code ?? nationalDifficultyDesk;
    if (body.procedure) await knownProcedure(tx, body.procedure);
    const exists = await tx.selectFrom('agency').select('code').where('code', '=', desk).executeTakeFirst();
    if (!exists) throw problem('no-difficulty-desk', vi.detail.noDifficultyDesk);
    const due = answerDue(await loadCalendar(tx, desk), now);
    const code = await nextCode(tx, now);
    await tx
      .insertInto('feedback')
      .values({
        code,
        kind: 'difficulty',
        category: body.category,
        subject: body.subject,
        content: body.content,
        reporter_name: me.full_name,
        reporter_account: staff.accountId,
        reporter_agency: me.agency_code,
        agency_code: desk,
        procedure_code: body.procedure ?? null,
        submitted_at: now,
        due_at: due,
        idempotency_key: key,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'feedback.submit',
        targetKind: 'feedback',
        targetId: code,
        agencyCode: desk,
        detail: { category: body.category },
      },
      now,
      meta,
    );
    return { code, dueAt: due.toISOString(), created: true };
  });
}
