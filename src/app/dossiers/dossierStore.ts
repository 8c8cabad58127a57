import { sql, type RawBuilder } from 'kysely';
import type { Role } from '../../domain/access/roles.js';
import { fromLocal } from '../../domain/calendar/localTime.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import type { Action, DossierState } from '../../domain/dossier/lifecycle.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Applicant } from '../../domain/dossier/intakeRules.js';
import { composeNotice, noticeOfAction, smsParts } from '../../domain/notifications/applicantNotice.js';
import { statusPagePath } from '../../contracts/public.js';
import type { Tx } from '../context.js';
import { AppError } from '../errors.js';

/** The roles an official holds at one agency now. */
export async function rolesAt(tx: Tx, accountId: string, agencyCode: string, now: Date): Promise<Role[]> {
  const { rows } = await sql<{ role: Role }>`
    SELECT role FROM role_grant WHERE account_id = ${accountId}::uuid AND agency_code = ${agencyCode}
      AND revoked_at IS NULL AND valid_from <= ${now} AND (valid_to IS NULL OR valid_to > ${now})`.execute(
    tx,
  );
  return rows.map((r) => r.role);
}

/** Who performs a step of this dossier: pinned at receipt from the local binding. */
export interface PlannedStep {
  stepCode: string;
  agencyCode: string | null;
  hours: number;
}

export type ActorRef =
  { kind: 'staff'; id: string; role: Role } | { kind: 'client'; id: string } | { kind: 'system' };

const iso = (m: number | null) => (m === null ? null : fromLocal(m));

/** The template's steps with the hours the binding shortened them to: what the dossier runs on. */
export function effectiveSteps(steps: readonly WorkflowStep[], plan: readonly PlannedStep[]): WorkflowStep[] {
  return steps.map((s) => ({ ...s, hours: plan.find((p) => p.stepCode === s.code)?.hours ?? s.hours }));
}

/** Whether someone active holds `role` at `agency` now, as SQL. */
export const someoneHolds = (agency: RawBuilder<string>, role: RawBuilder<string | null>, now: Date) =>
  sql<boolean>`EXISTS (
  SELECT 1 FROM role_grant g JOIN account a ON a.id = g.account_id
  WHERE g.agency_code = ${agency} AND g.role = ${role} AND g.revoked_at IS NULL
    AND g.valid_from <= ${now} AND (g.valid_to IS NULL OR g.valid_to > ${now}) AND a.active)`;

/**
 * Orphan (mồ côi): a dossier waiting at an agency where nobody active holds the role its step
 * needs. The SQL of it, for a dossier in `status` needing `role` at `agency`.
 */
const orphanWhen = (
  status: RawBuilder<number>,
  agency: RawBuilder<string>,
  role: RawBuilder<string | null>,
  now: Date,
) =>
  sql<boolean>`(${status} IN (1, 2, 4) AND ${role} IS NOT NULL AND NOT ${someoneHolds(agency, role, now)})`;

/** Whether a stored dossier (alias `d`) is an orphan now. */
const nobodyHolds = (now: Date) => orphanWhen(sql`d.status`, sql`d.agency_code`, sql`d.step_role`, now);

/**
 * Re-evaluates the orphan flag of the dossiers at some agencies after a grant or an account
 * changed, writing only the rows whose flag changes: a grant clears its agency's orphans at once.
 */
export async function refreshOrphans(tx: Tx, agencyCodes: readonly string[], now: Date): Promise<void> {
  if (agencyCodes.length === 0) return;
  await sql`
    UPDATE dossier d SET orphan = ${nobodyHolds(now)}
    WHERE d.agency_code = ANY(${[...agencyCodes]}::text[]) AND (d.orphan OR d.status IN (1, 2, 4))
      AND d.orphan IS DISTINCT FROM ${nobodyHolds(now)}`.execute(tx);
}

/** The role the dossier waits for: its step's, or a receiver's while it is not yet received. */
export function neededRole(state: DossierState, steps: readonly WorkflowStep[]): Role | null {
  if (state.status === 1) return 'receiver';
  return steps.find((s) => s.code === state.stepCode)?.role ?? null;
}

/**
 * The columns that mirror the derived state, for lists and filters. `visibleTo` only grows: an
 * agency that received, held or was consulted on a dossier keeps seeing it.
 */
export function stateColumns(
  state: DossierState,
  steps: readonly WorkflowStep[],
  visibleBefore: readonly string[],
  now: Date,
) {
  return {
    status: state.status,
    step_code: state.stepCode,
    step_role: neededRole(state, steps),
    agency_code: state.agencyCode,
    assignee_id: state.assigneeId,
    version: state.version,
    due_at: iso(state.due),
    step_due_at: iso(state.stepDue),
    payment: state.payment,
    delivery: state.delivery,
    state: JSON.stringify(state),
    visible_to: [
      ...new Set([...visibleBefore, state.agencyCode, ...state.consultations.map((c) => c.agencyCode)]),
    ],
    updated_at: now,
    // Decided in the same statement that moves the dossier: an orphan is visible at once.
    orphan: orphanWhen(
      sql`${state.status}::int`,
      sql`${state.agencyCode}::text`,
      sql`${neededRole(state, steps)}::text`,
      now,
    ),
  };
}

/** Appends actions to the processing log, numbered on from `firstSeq`, in one statement. */
export async function appendActions(
  tx: Tx,
  dossierId: string,
  firstSeq: number,
  entries: { action: Action | (Omit<Action, 'type'> & { type: string }); calendarVersion: string | null }[],
  actor: ActorRef,
): Promise<void> {
  await tx
    .insertInto('dossier_action')
    .values(
      entries.map(({ action, calendarVersion }, i) => ({
        dossier_id: dossierId,
        seq: firstSeq + i,
        type: action.type,
        at: fromLocal(action.at),
        actor_kind: actor.kind,
        actor_id: actor.kind === 'system' ? null : actor.id,
        actor_role: actor.kind === 'staff' ? actor.role : null,
        agency_code: action.agencyCode,
        from_status: action.fromStatus,
        to_status: action.toStatus,
        from_step: action.fromStep,
        to_step: action.toStep,
        to_agency: action.agencyCode,
        assignee_id: action.assigneeId,
        due_at: iso(action.due),
        step_due_at: iso(action.stepDue),
        step_verdict: action.stepVerdict,
        calendar_version: calendarVersion,
        data: JSON.stringify(action.data),
      })),
    )
    .execute();
}

/**
 * What the national portal must learn of, written in the same transaction as the change (delivered
 * by the integration hub). Status changes only: the portal never needs the internal moves.
 */
export async function queueStatusSync(
  tx: Tx,
  dossierId: string,
  code: string,
  action: { toStatus: number; at: number; type: string },
  seq: number,
  now: Date,
) {
  await tx
    .insertInto('outbox_message')
    .values({
      dossier_id: dossierId,
      destination: 'dvcqg',
      kind: 'dossier.status',
      payload: JSON.stringify({
        code,
        status: action.toStatus,
        action: action.type,
        seq,
        at: fromLocal(action.at).toISOString(),
      }),
      created_at: now,
    })
    .execute();
}

/**
 * Tells the applicant (SMS to their phone, e-mail to their address, whichever they gave) when an
 * action is one they must learn of: pending messages for the integration hub, in the same
 * transaction as the action.
 */
export async function queueApplicantNotice(
  tx: Tx,
  dossier: { id: string; code: string; applicant: unknown },
  actionType: string,
  due: Date | null,
  publicUrl: string | undefined,
  now: Date,
): Promise<void> {
  const event = noticeOfAction[actionType];
  if (!event) return;
  const applicant = dossier.applicant as Applicant;
  const statusUrl = publicUrl ? `${publicUrl}${statusPagePath(dossier.code)}` : null;
  const notice = composeNotice(event, { code: dossier.code, due, statusUrl });
  const rows = [
    ...(applicant.phone
      ? [{ destination: 'sms', payload: { to: applicant.phone, text: notice.sms, ...smsParts(notice.sms) } }]
      : []),
    ...(applicant.email ? [{ destination: 'email', payload: { to: applicant.email, ...notice.email } }] : []),
  ];
  if (rows.length === 0) return;
  await tx
    .insertInto('outbox_message')
    .values(
      rows.map((r) => ({
        dossier_id: dossier.id,
        destination: r.destination,
        kind: `applicant.${event}`,
        payload: JSON.stringify(r.payload),
        created_at: now,
      })),
    )
    .execute();
}

/**
 * A financial obligation becomes a payment request at the national payment platform: the row and
 * its outbox message are written in the action's own transaction.
 */
export async function queuePaymentRequest(
  tx: Tx,
  dossierId: string,
  amount: number,
  now: Date,
): Promise<void> {
  const feeLines = [{ TenPhi: 'Phí, lệ phí giải quyết thủ tục hành chính', SoTien: amount }];
  const { id } = await tx
    .insertInto('payment_request')
    .values({
      dossier_id: dossierId,
      amount,
      fee_lines: JSON.stringify(feeLines),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('outbox_message')
    .values({
      dossier_id: dossierId,
      destination: 'payment',
      kind: 'payment.request',
      payload: JSON.stringify({ paymentId: id }),
      created_at: now,
    })
    .execute();
}

/**
 * An issued result goes to the document-management system to be numbered and signed: the result
 * record and its outbox message, in the action's transaction.
 */
export async function queueResultDraft(
  tx: Tx,
  dossier: { id: string; code: string; agency_code: string; procedure_code: string },
  now: Date,
): Promise<void> {
  const procedure = await tx
    .selectFrom('procedure')
    .select('name')
    .where('code', '=', dossier.procedure_code)
    .executeTakeFirst();
  const { id } = await tx
    .insertInto('dossier_result')
    .values({
      dossier_id: dossier.id,
      title:
        `Kết quả giải quyết thủ tục ${procedure?.name ?? dossier.procedure_code}, hồ sơ ${dossier.code}`.slice(
          0,
          1000,
        ),
      issuing_agency: dossier.agency_code,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('outbox_message')
    .values({
      dossier_id: dossier.id,
      destination: 'docmgmt',
      kind: 'result.draft',
      payload: JSON.stringify({ resultId: id }),
      created_at: now,
    })
    .execute();
}

export const dossierNotFound = (code: string) =>
  new AppError('not_found', 'not-found', vi.problem.notFound, `Không có hồ sơ mã ${code}`);
