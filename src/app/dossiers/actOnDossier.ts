import { fromLocal, toLocal } from '../../domain/calendar/localTime.js';
import {
  decide,
  DossierError,
  evolve,
  rolesFor,
  type Command,
  type DossierState,
} from '../../domain/dossier/lifecycle.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import type { Role } from '../../domain/access/roles.js';
import { AppError } from '../errors.js';
import {
  appendActions,
  dossierNotFound,
  effectiveSteps,
  queueApplicantNotice,
  queuePaymentRequest,
  queueResultDraft,
  queueStatusSync,
  neededRole,
  rolesAt,
  stateColumns,
  type PlannedStep,
} from './dossierStore.js';
import { handlingConfig } from './handlingConfig.js';
import { moveTarget, transferTarget } from './moveTargets.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { countIndicators } from '../reports/countIndicators.js';
import { issueSignedResult } from '../results/issueSignedResult.js';

/** A command as the API takes it: the lifecycle command, the version it was decided on. */
export type ActionRequest = (
  | Exclude<Command, { type: 'forward' | 'return_to_step' | 'consult' | 'propose_extension' }>
  | {
      type: 'forward';
      toStep: string;
      agencyCode?: string | undefined;
      assigneeId?: string | null | undefined;
    }
  | { type: 'return_to_step'; toStep: string; reason: string }
  | { type: 'consult'; consultationId: string; toStep: string; agencyCode?: string | undefined }
  | { type: 'propose_extension'; newDue: string; reason: string }
) & { expectedVersion: number };

const refused = (e: DossierError) => {
  const message = vi.dossierProblem[e.code] ?? e.code;
  if (e.code === 'not_allowed_in_status') return new AppError('conflict', 'action-not-allowed', message);
  if (e.code === 'role_cannot') return new AppError('forbidden', 'role-cannot', message);
  return new AppError('bad_request', 'action-invalid', vi.problem.validation, message, [
    { field: 'body', message },
  ]);
};

type ActionResult = {
  code: string;
  status: number;
  version: number;
  stepCode: string | null;
  agencyCode: string;
  due: string | null;
  orphan: boolean;
};

type Applied = ActionResult & { transferredFrom: string };

/**
 * Who acts: an official (their role where the dossier is decides what they may do), or the system
 * on an external party's word (the payment platform's signed callback) in a role the caller names.
 */
type Acting = { kind: 'staff'; accountId: string } | { kind: 'system'; role: Role; source: string };

/**
 * Applies one lifecycle command to a dossier: decided by the domain on the state the caller saw
 * (a stale `expectedVersion` answers 409 and changes nothing), appended to the processing log,
 * the derived row updated, the portal's status sync queued — one transaction.
 */
export function actOnDossier(
  ctx: AppContext,
  actor: Actor,
  code: string,
  request: ActionRequest,
  meta: RequestMeta = { ip: null, requestId: null },
): Promise<ActionResult> {
  const staff = requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const result = await applyAction(ctx, tx, code, request, { kind: 'staff', accountId: staff.accountId });
    // Leaving the planned route is an administrative decision: on the audit trail of both agencies.
    if (request.type === 'transfer')
      await recordAudit(
        tx,
        {
          actorKind: 'staff',
          actorId: staff.accountId,
          action: 'dossier.transfer',
          targetKind: 'dossier',
          targetId: code,
          agencyCode: result.agencyCode,
          detail: { from: result.transferredFrom, to: result.agencyCode, reason: request.reason },
        },
        ctx.now(),
        meta,
      );
    const { transferredFrom: _from, ...answer } = result;
    return answer;
  });
}

/** The system acts inside the caller's transaction (e.g. recording a payment the platform confirmed). */
export function actAsSystem(
  ctx: AppContext,
  tx: Tx,
  code: string,
  request: ActionRequest,
  as: { role: Role; source: string },
): Promise<ActionResult> {
  return applyAction(ctx, tx, code, request, { kind: 'system', ...as });
}

async function applyAction(
  ctx: AppContext,
  tx: Tx,
  code: string,
  request: ActionRequest,
  acting: Acting,
): Promise<Applied> {
  const now = ctx.now();
  const row = await tx.selectFrom('dossier').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw dossierNotFound(code);
  const state = row.state as DossierState;
  const consultation =
    request.type === 'consult_reply'
      ? state.consultations.find((c) => c.id === request.consultationId)
      : undefined;
  const actingAgency = consultation?.agencyCode ?? state.agencyCode;
  const held =
    acting.kind === 'staff' ? await rolesAt(tx, acting.accountId, actingAgency, now) : [acting.role];
  // Someone with no role where the dossier is cannot learn that it exists.
  if (held.length === 0) throw dossierNotFound(code);
  const role = held.find((r) => rolesFor[request.type].includes(r));
  if (!role) throw refused(new DossierError('role_cannot'));
  if (request.expectedVersion !== row.version)
    throw new AppError(
      'conflict',
      'stale-version',
      vi.problem.staleVersion,
      `Phiên bản hiện tại: ${row.version}`,
    );

  const plan = row.plan as PlannedStep[];
  const config = await handlingConfig(ctx, tx);
  const templateSteps = await config.templateSteps(
    row.procedure_code,
    row.version_no,
    row.case_code,
    row.workflow_revision,
  );
  const steps = effectiveSteps(templateSteps, plan);
  const content = await config.versionContent(row.procedure_code, row.version_no);
  const kase = content.cases.find((c) => c.code === row.case_code);
  const time = kase?.time ?? content.time;

  const moves = {
    procedureCode: row.procedure_code,
    versionNo: row.version_no,
    caseCode: row.case_code,
    communeCode: row.commune_code,
    plan,
    steps: templateSteps,
    interAgencyPartners: content.interAgencyPartners ?? [],
  };
  const { expectedVersion, ...rest } = request;
  let command: Command;
  switch (rest.type) {
    case 'forward':
      command = {
        ...rest,
        agencyCode: await moveTarget(config, moves, 'forward', rest.toStep, rest.agencyCode, now),
        assigneeId: rest.assigneeId ?? null,
      };
      break;
    case 'return_to_step':
      command = {
        ...rest,
        agencyCode: await moveTarget(config, moves, 'return_to_step', rest.toStep, undefined, now),
      };
      break;
    case 'consult':
      command = {
        ...rest,
        agencyCode: await moveTarget(config, moves, 'consult', rest.toStep, rest.agencyCode, now),
      };
      break;
    case 'propose_extension':
      command = { ...rest, newDue: toLocal(new Date(rest.newDue)) };
      break;
    case 'transfer':
      command = {
        ...rest,
        agencyCode: await transferTarget(tx, rest.agencyCode, neededRole(state, steps), now, {
          communeCode: row.commune_code,
          competentKinds: content.competentAgencyKinds,
          crossBoundary: content.crossBoundary,
        }),
      };
      break;
    default:
      command = rest;
  }
  if (command.type === 'assign') {
    const current = steps.find((x) => x.code === state.stepCode);
    const { assigneeId } = command;
    if (
      assigneeId &&
      (!current || !(await rolesAt(tx, assigneeId, state.agencyCode, now)).includes(current.role))
    )
      throw new AppError('bad_request', 'assignee-cannot', vi.problem.validation, undefined, [
        { field: 'body.assigneeId', message: 'Người được giao không giữ vai trò của bước tại cơ quan này' },
      ]);
    // Others take a dossier for themselves from the queue, or put back their own; leaders hand out.
    const self = acting.kind === 'staff' ? acting.accountId : null;
    const selfService =
      current?.role === role && (assigneeId === self || (assigneeId === null && state.assigneeId === self));
    if (role !== 'leader' && !selfService) throw refused(new DossierError('role_cannot'));
  }
  if (command.type === 'return_result' && command.method === 'electronic') {
    // An electronic result is the signed file itself: none, nothing to hand over.
    const signed = await tx
      .selectFrom('dossier_result')
      .select('id')
      .where('dossier_id', '=', row.id)
      .where('status', '=', 'signed')
      .executeTakeFirst();
    if (!signed)
      throw new AppError(
        'conflict',
        'result-not-signed',
        'Kết quả chưa có bản điện tử đã ký số',
        'Chỉ trả kết quả điện tử khi tệp kết quả đã được ký số; có thể trả bản giấy tại quầy hoặc qua bưu chính',
      );
  }
  if (command.type === 'forward' && command.assigneeId) {
    const target = steps.find((s) => s.code === command.toStep);
    const theirs = await rolesAt(tx, command.assigneeId, command.agencyCode, now);
    if (!target || !theirs.includes(target.role))
      throw new AppError(
        'bad_request',
        'assignee-cannot',
        vi.problem.validation,
        'Người được giao không giữ vai trò của bước tại cơ quan đó',
        [
          {
            field: 'body.assigneeId',
            message: 'Người được giao không giữ vai trò của bước tại cơ quan đó',
          },
        ],
      );
  }

  const calendar = await config.calendar(actingAgency);
  let action;
  try {
    action = decide(state, command, {
      now: toLocal(now),
      calendar,
      steps,
      legalTime: row.channel === 2 ? time.online : time.direct,
      sameDayCutoff: content.sameDayCutoff,
      role,
      feesTotal: content.fees.reduce((sum, f) => sum + f.amount, 0),
    });
  } catch (e) {
    if (e instanceof DossierError) throw refused(e);
    throw e;
  }
  const next = evolve(state, action);
  const updated = await tx
    .updateTable('dossier')
    .set({
      ...stateColumns(next, steps, row.visible_to, now),
      ...(action.type === 'receive' ? { received_at: now, calendar_version: calendar.version } : {}),
      // A status change waits for the portal's acknowledgement again.
      ...(action.toStatus !== action.fromStatus ? { sync: 'pending' } : {}),
    })
    .where('id', '=', row.id)
    .where('version', '=', expectedVersion)
    .returning('orphan')
    .executeTakeFirst();
  if (!updated) throw new AppError('conflict', 'stale-version', vi.problem.staleVersion);
  const seq = next.version + 1;
  await appendActions(
    tx,
    row.id,
    seq,
    [{ action, calendarVersion: calendar.version }],
    acting.kind === 'staff' ? { kind: 'staff', id: acting.accountId, role } : { kind: 'system' },
  );
  if (action.toStatus !== action.fromStatus) await queueStatusSync(tx, row.id, code, action, seq, now);
  if (command.type === 'request_payment') await queuePaymentRequest(tx, row.id, command.amount, now);
  if (command.type === 'issue_result') {
    if (ctx.eResults && acting.kind === 'staff')
      await issueSignedResult(tx, ctx.eResults, row, content, acting.accountId, now);
    else await queueResultDraft(tx, row, now);
  }
  await queueApplicantNotice(
    tx,
    row,
    action.type,
    next.due === null ? null : fromLocal(next.due),
    ctx.settings.publicUrl,
    now,
  );
  await countIndicators(tx, row.id);
  return {
    code,
    status: next.status,
    version: next.version,
    stepCode: next.stepCode,
    agencyCode: next.agencyCode,
    due: next.due === null ? null : fromLocal(next.due).toISOString(),
    orphan: updated.orphan,
    transferredFrom: state.agencyCode,
  };
}
