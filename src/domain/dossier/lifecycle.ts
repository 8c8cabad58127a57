import type { Role } from '../access/roles.js';
import {
  addWorkingMinutes,
  clockStart,
  dueAfter,
  verdict,
  workingMinutesBetween,
  type Verdict,
} from '../calendar/deadline.js';
import type { LocalMinute } from '../calendar/localTime.js';
import type { WorkCalendar } from '../calendar/workCalendar.js';
import type { ProcessingTime } from '../catalog/procedureVersion.js';
import type { WorkflowStep } from '../catalog/workflow.js';
import { Status, type DossierStatus } from './status.js';

/**
 * The dossier lifecycle as pure functions (DOMAIN §5.2): `decide(state, command, env)` answers the
 * action to append to the processing log, or a refusal; `evolve(state, action)` folds an action into
 * the derived state. The log is the truth; the state is what lists read.
 */

/** liên thông: a sub-task sent to another agency, with its own due time. */
export interface Consultation {
  id: string;
  stepCode: string;
  agencyCode: string;
  status: 'open' | 'accepted' | 'answered' | 'refused';
  due: LocalMinute;
}

export interface DossierState {
  status: DossierStatus;
  /** Actions applied so far: the optimistic-concurrency version. */
  version: number;
  stepCode: string | null;
  agencyCode: string;
  /** The official holding it, or null when it waits in the agency's queue. */
  assigneeId: string | null;
  due: LocalMinute | null;
  stepDue: LocalMinute | null;
  /** When the clock stopped for a supplement or a financial obligation. */
  pausedSince: LocalMinute | null;
  consultations: Consultation[];
  /** An apology and extension (Form 04) waiting for a leader. */
  proposedDue: LocalMinute | null;
  payment: 'none' | 'requested' | 'paid';
  delivery: 'none' | 'counter' | 'post' | 'electronic';
}

export type Command =
  | { type: 'receive' }
  | { type: 'refuse'; reason: string }
  | { type: 'forward'; toStep: string; agencyCode: string; assigneeId?: string | null }
  | { type: 'return_to_step'; toStep: string; agencyCode: string; reason: string }
  | { type: 'request_supplement'; reason: string; components: string[] }
  | { type: 'receive_supplement' }
  | { type: 'consult'; consultationId: string; toStep: string; agencyCode: string }
  | {
      type: 'consult_reply';
      consultationId: string;
      outcome: 'accepted' | 'answered' | 'refused';
      note: string;
    }
  | { type: 'request_payment'; amount: number; reason?: string | undefined }
  | { type: 'record_payment' }
  | { type: 'propose_extension'; newDue: LocalMinute; reason: string }
  | { type: 'approve_extension' }
  | { type: 'withdraw'; reason: string }
  | { type: 'stop'; reason: string }
  | { type: 'issue_result' }
  | { type: 'return_result'; method: 'counter' | 'post' | 'electronic'; reference: string }
  | { type: 'recall_result'; reason: string }
  | { type: 'assign'; assigneeId: string | null }
  /** Chuyển hồ sơ: a leader moves a dossier received at the wrong agency to the competent one. */
  | { type: 'transfer'; agencyCode: string; reason: string };
export type CommandType = Command['type'];

/** What `decide` needs besides the state: the clock, the calendar, the pinned workflow, who acts. */
export interface DecideEnv {
  now: LocalMinute;
  calendar: WorkCalendar;
  steps: readonly WorkflowStep[];
  legalTime: ProcessingTime;
  sameDayCutoff: boolean;
  /** The role the actor acts in (the app checks they hold it at the agency concerned). */
  role: Role;
  /** The most the version's fees and charges come to (integer đồng); unknown: not checked. */
  feesTotal?: number;
}

/** How far ahead an extension may set the due date (Form 04 is a promise, not an open end). */
export const maxExtensionMinutes = 366 * 24 * 60;

/** One entry of the processing log (Form 06): the command, and every consequence it fixed. */
export interface Action {
  type: CommandType;
  at: LocalMinute;
  fromStatus: DossierStatus;
  toStatus: DossierStatus;
  fromStep: string | null;
  toStep: string | null;
  agencyCode: string;
  assigneeId: string | null;
  due: LocalMinute | null;
  stepDue: LocalMinute | null;
  /** How the step being left stands against its due time. */
  stepVerdict: Verdict | null;
  /** The command's own data (reason, components, consultation…). */
  data: Record<string, unknown>;
}

export class DossierError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** Which commands each status allows: the literal map the whole lifecycle hangs on. */
export const allowedIn: Record<DossierStatus, readonly CommandType[]> = {
  1: ['receive', 'refuse', 'withdraw', 'transfer'],
  2: ['forward', 'assign', 'request_supplement', 'refuse', 'withdraw', 'transfer'],
  3: [],
  4: [
    'forward',
    'assign',
    'return_to_step',
    'consult',
    'consult_reply',
    'request_supplement',
    'request_payment',
    'propose_extension',
    'approve_extension',
    'stop',
    'issue_result',
    'refuse',
    'withdraw',
    'transfer',
  ],
  5: ['receive_supplement', 'consult_reply', 'withdraw'],
  6: ['record_payment', 'consult_reply', 'withdraw'],
  7: [],
  8: [],
  9: ['return_result', 'recall_result'],
  10: [],
};

/** Who may give each command (beyond holding the step's role, which the app checks). */
export const rolesFor: Record<CommandType, readonly Role[]> = {
  receive: ['receiver'],
  refuse: ['receiver', 'leader'],
  forward: ['receiver', 'processor', 'leader'],
  return_to_step: ['processor', 'leader'],
  request_supplement: ['receiver', 'processor'],
  receive_supplement: ['receiver'],
  consult: ['processor', 'leader'],
  consult_reply: ['processor', 'leader'],
  // A leader may ask more than the version's fees, with a reason.
  request_payment: ['processor', 'receiver', 'leader'],
  record_payment: ['receiver'],
  propose_extension: ['processor'],
  approve_extension: ['leader'],
  withdraw: ['receiver'],
  stop: ['leader'],
  issue_result: ['leader'],
  return_result: ['receiver'],
  recall_result: ['leader'],
  // A leader hands out the agency's queue; an official takes a dossier from it (the app checks who).
  assign: ['leader', 'processor', 'receiver'],
  // Leaving the planned route is a leader's decision, given with a reason (audited by the app).
  transfer: ['leader'],
};

const hours = (h: number) => h * 60;

/** A fresh dossier submitted online (status 1) or at a counter before receipt. */
export function submitted(agencyCode: string): DossierState {
  return {
    status: Status.submitted,
    version: 0,
    stepCode: null,
    agencyCode,
    assigneeId: null,
    due: null,
    stepDue: null,
    pausedSince: null,
    consultations: [],
    proposedDue: null,
    payment: 'none',
    delivery: 'none',
  };
}

export function decide(state: DossierState, command: Command, env: DecideEnv): Action {
  if (!allowedIn[state.status].includes(command.type)) throw new DossierError('not_allowed_in_status');
  if (!rolesFor[command.type].includes(env.role)) throw new DossierError('role_cannot');
  const step = (code: string | null) => env.steps.find((s) => s.code === code);
  const current = step(state.stepCode);
  const movesTo = (kind: 'next' | 'back' | 'consult', to: string) =>
    current?.moves.some((m) => m.kind === kind && m.to === to) ?? false;
  const base = {
    type: command.type,
    at: env.now,
    fromStatus: state.status,
    toStatus: state.status,
    fromStep: state.stepCode,
    toStep: state.stepCode,
    agencyCode: state.agencyCode,
    assigneeId: state.assigneeId,
    due: state.due,
    stepDue: state.stepDue,
    stepVerdict: null,
    data: {},
  } satisfies Action;
  const leaving = () => (state.stepDue === null ? null : verdict(env.now, state.stepDue));
  const stepDueOf = (s: WorkflowStep) => addWorkingMinutes(env.calendar, env.now, hours(s.hours));
  const needReason = (r: string) => {
    if (r.trim() === '') throw new DossierError('reason_required');
  };

  switch (command.type) {
    case 'receive': {
      const receipt = env.steps.find((s) => s.kind === 'receipt');
      if (!receipt) throw new DossierError('no_receipt_step');
      const start = clockStart(env.calendar, env.now, env.sameDayCutoff);
      return {
        ...base,
        toStatus: Status.received,
        toStep: receipt.code,
        due: dueAfter(env.calendar, start, env.legalTime),
        stepDue: addWorkingMinutes(env.calendar, start, hours(receipt.hours)),
      };
    }
    case 'refuse':
    case 'withdraw':
    case 'stop':
      needReason(command.reason);
      return {
        ...base,
        toStatus: { refuse: Status.refused, withdraw: Status.withdrawn, stop: Status.stopped }[command.type],
        stepVerdict: leaving(),
        data: { reason: command.reason },
      };
    case 'forward': {
      const target = step(command.toStep);
      if (!target || !movesTo('next', command.toStep)) throw new DossierError('not_a_next_step');
      if (target.kind === 'result') throw new DossierError('result_needs_issue');
      return {
        ...base,
        toStatus: Status.processing,
        toStep: target.code,
        agencyCode: command.agencyCode,
        assigneeId: command.assigneeId ?? null,
        stepDue: stepDueOf(target),
        stepVerdict: leaving(),
      };
    }
    case 'return_to_step': {
      needReason(command.reason);
      const target = step(command.toStep);
      if (!target || !movesTo('back', command.toStep)) throw new DossierError('not_a_back_step');
      return {
        ...base,
        toStep: target.code,
        agencyCode: command.agencyCode,
        assigneeId: null,
        stepDue: stepDueOf(target),
        stepVerdict: leaving(),
        data: { reason: command.reason },
      };
    }
    case 'request_supplement':
      needReason(command.reason);
      if (command.components.length === 0) throw new DossierError('components_required');
      return {
        ...base,
        toStatus: Status.supplement,
        data: { reason: command.reason, components: command.components },
      };
    case 'request_payment':
      if (!Number.isInteger(command.amount) || command.amount <= 0) throw new DossierError('amount_positive');
      // More than the published fees only on a leader's word, with the reason on the record.
      if (
        env.feesTotal !== undefined &&
        command.amount > env.feesTotal &&
        (env.role !== 'leader' || (command.reason ?? '').trim() === '')
      )
        throw new DossierError('amount_over_fees');
      return {
        ...base,
        toStatus: Status.financial,
        data: { amount: command.amount, ...(command.reason ? { reason: command.reason } : {}) },
      };
    case 'receive_supplement':
    case 'record_payment': {
      // The clock stood still while the applicant had the dossier: every due time moves by the pause.
      const paused = workingMinutesBetween(env.calendar, state.pausedSince ?? env.now, env.now);
      const shift = (t: LocalMinute | null) =>
        t === null ? null : addWorkingMinutes(env.calendar, t, paused);
      return {
        ...base,
        toStatus: Status.processing,
        due: shift(state.due),
        stepDue: shift(state.stepDue),
        data: { pausedMinutes: paused },
      };
    }
    case 'consult': {
      const target = step(command.toStep);
      if (!target || !movesTo('consult', command.toStep)) throw new DossierError('not_a_consult_step');
      if (state.consultations.some((c) => c.id === command.consultationId))
        throw new DossierError('consultation_exists');
      return {
        ...base,
        data: {
          consultationId: command.consultationId,
          stepCode: target.code,
          agencyCode: command.agencyCode,
          due: stepDueOf(target),
        },
      };
    }
    case 'consult_reply': {
      const c = state.consultations.find((x) => x.id === command.consultationId);
      if (!c) throw new DossierError('no_such_consultation');
      const ok = c.status === 'open' || (c.status === 'accepted' && command.outcome !== 'accepted');
      if (!ok) throw new DossierError('consultation_closed');
      if (command.outcome !== 'accepted') needReason(command.note);
      return {
        ...base,
        data: {
          consultationId: c.id,
          outcome: command.outcome,
          note: command.note,
          verdict: command.outcome === 'accepted' ? null : verdict(env.now, c.due),
        },
      };
    }
    case 'propose_extension':
      needReason(command.reason);
      if (state.due === null || command.newDue <= state.due)
        throw new DossierError('extension_must_be_later');
      // Form 04 is sent before the due time, not after the dossier is already late.
      if (env.now > state.due) throw new DossierError('extension_after_due');
      if (command.newDue > env.now + maxExtensionMinutes) throw new DossierError('extension_too_far');
      return { ...base, data: { newDue: command.newDue, reason: command.reason } };
    case 'approve_extension':
      if (state.proposedDue === null) throw new DossierError('no_extension_proposed');
      return { ...base, due: state.proposedDue, data: { newDue: state.proposedDue } };
    case 'issue_result': {
      const result = current?.moves
        .filter((m) => m.kind === 'next')
        .map((m) => step(m.to))
        .find((s) => s?.kind === 'result');
      if (!result) throw new DossierError('not_at_result_step');
      if (state.consultations.some((c) => c.status === 'open' || c.status === 'accepted'))
        throw new DossierError('consultations_open');
      if (state.payment === 'requested') throw new DossierError('payment_outstanding');
      return {
        ...base,
        toStatus: Status.resolved,
        toStep: result.code,
        assigneeId: null,
        stepDue: stepDueOf(result),
        stepVerdict: leaving(),
        data: { dossierVerdict: state.due === null ? null : verdict(env.now, state.due) },
      };
    }
    case 'return_result':
      if (command.method !== 'electronic' && command.reference.trim() === '')
        throw new DossierError('reference_required');
      return {
        ...base,
        toStatus: Status.returned,
        stepVerdict: leaving(),
        data: { method: command.method, reference: command.reference },
      };
    case 'assign':
      if (command.assigneeId === state.assigneeId) throw new DossierError('already_assigned');
      return { ...base, assigneeId: command.assigneeId, data: { assigneeId: command.assigneeId } };
    case 'transfer':
      needReason(command.reason);
      if (command.agencyCode === state.agencyCode) throw new DossierError('transfer_same_agency');
      return {
        ...base,
        agencyCode: command.agencyCode,
        assigneeId: null,
        data: { reason: command.reason, fromAgency: state.agencyCode },
      };
    case 'recall_result': {
      needReason(command.reason);
      const back = env.steps.find((s) => s.moves.some((m) => m.kind === 'next' && m.to === state.stepCode));
      if (!back) throw new DossierError('not_at_result_step');
      return {
        ...base,
        toStatus: Status.processing,
        toStep: back.code,
        assigneeId: null,
        stepDue: stepDueOf(back),
        data: { reason: command.reason },
      };
    }
  }
}

/** The state after an action: the only way the derived row changes. */
export function evolve(state: DossierState, a: Action): DossierState {
  const next: DossierState = {
    ...state,
    version: state.version + 1,
    status: a.toStatus,
    stepCode: a.toStep,
    agencyCode: a.agencyCode,
    assigneeId: a.assigneeId,
    due: a.due,
    stepDue: a.stepDue,
  };
  switch (a.type) {
    case 'request_supplement':
      return { ...next, pausedSince: a.at };
    case 'request_payment':
      return { ...next, pausedSince: a.at, payment: 'requested' };
    case 'receive_supplement':
      return { ...next, pausedSince: null };
    case 'record_payment':
      return { ...next, pausedSince: null, payment: 'paid' };
    // Ending a dossier ends its pause: a withdrawn or stopped dossier has no clock left to resume.
    case 'withdraw':
    case 'stop':
    case 'refuse':
      return { ...next, pausedSince: null };
    case 'consult':
      return {
        ...next,
        consultations: [
          ...state.consultations,
          {
            id: a.data['consultationId'] as string,
            stepCode: a.data['stepCode'] as string,
            agencyCode: a.data['agencyCode'] as string,
            status: 'open',
            due: a.data['due'] as LocalMinute,
          },
        ],
      };
    case 'consult_reply':
      return {
        ...next,
        consultations: state.consultations.map((c) =>
          c.id === a.data['consultationId']
            ? { ...c, status: a.data['outcome'] as Consultation['status'] }
            : c,
        ),
      };
    case 'propose_extension':
      return { ...next, proposedDue: a.data['newDue'] as LocalMinute };
    case 'approve_extension':
      return { ...next, proposedDue: null };
    case 'return_result':
      return { ...next, delivery: a.data['method'] as DossierState['delivery'] };
    default:
      return next;
  }
}
