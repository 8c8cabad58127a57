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
import { Status, type Channel, type DossierStatus } from './status.js';

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

/**
 * The dossier's command set, defined once: what an official (or the system) may ask of a dossier,
 * and what each command writes into the processing log. The API's action body is this command
 * plus `expectedVersion` (`contracts/dossiers.ts`), and the log entry's `data` is typed per command.
 */
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
  /** The applicant asks to withdraw (online, by mail, in writing): recorded, then accepted by `withdraw`. */
  | { type: 'request_withdrawal'; reason: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'stop'; reason: string }
  /** `agencyCode`: where the plan returns the result (the applicant's chosen counter); else here. */
  | { type: 'issue_result'; agencyCode?: string | null }
  | { type: 'return_result'; method: 'counter' | 'post' | 'electronic'; reference: string }
  | { type: 'recall_result'; reason: string }
  | { type: 'assign'; assigneeId: string | null }
  /** Chuyển hồ sơ: a leader moves a dossier received at the wrong agency to the competent one. */
  | { type: 'transfer'; agencyCode: string; reason: string };
export type CommandType = Command['type'];

/**
 * What the processing log records: every command, the submission that opens the log, and for a
 * dossier taken over from a provincial system its history there (`imported`) and the entry that
 * placed it here (`taken_over`).
 */
export type ActionType = CommandType | 'submit' | 'imported' | 'taken_over';

type Reason = { reason: string };

/** The data each kind of log entry carries besides the moves every entry records. */
export interface ActionData {
  submit: { channel: Channel };
  receive: Record<string, never>;
  refuse: Reason;
  request_withdrawal: Reason;
  withdraw: Reason;
  stop: Reason;
  forward: Record<string, never>;
  return_to_step: Reason;
  request_supplement: Reason & { components: string[] };
  request_payment: { amount: number; reason?: string };
  receive_supplement: { pausedMinutes: number };
  record_payment: { pausedMinutes: number };
  consult: { consultationId: string; stepCode: string; agencyCode: string; due: LocalMinute };
  consult_reply: {
    consultationId: string;
    outcome: 'accepted' | 'answered' | 'refused';
    note: string;
    verdict: Verdict | null;
  };
  propose_extension: Reason & { newDue: LocalMinute };
  approve_extension: { newDue: LocalMinute };
  issue_result: { dossierVerdict: Verdict | null };
  return_result: { method: 'counter' | 'post' | 'electronic'; reference: string };
  recall_result: Reason;
  assign: { assigneeId: string | null };
  transfer: Reason & { fromAgency: string };
  /** A row of the provincial system's history: its label and note as written, who wrote it. */
  imported: { label: string | null; note: string | null; by: string | null; sourceId: string | null };
  /** Placed here by a migration run, under the provincial system's code. */
  taken_over: { run: string; unit: string };
}

/** What every log entry fixes, whatever the command. */
export interface ActionMoves {
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
}

/** One entry of the processing log (Form 06): the command, and every consequence it fixed. */
export type Action = { [T in ActionType]: ActionMoves & { type: T; data: ActionData[T] } }[ActionType];

/** Why the domain refuses a command: each code has its Vietnamese text in `vi.dossierProblem`. */
export const dossierErrorCodes = [
  'not_allowed_in_status',
  'role_cannot',
  'not_a_next_step',
  'not_a_back_step',
  'not_a_consult_step',
  'result_needs_issue',
  'reason_required',
  'components_required',
  'amount_positive',
  'amount_over_fees',
  'consultation_exists',
  'no_such_consultation',
  'consultation_closed',
  'extension_must_be_later',
  'extension_after_due',
  'extension_too_far',
  'no_extension_proposed',
  'not_at_result_step',
  'consultations_open',
  'payment_outstanding',
  'reference_required',
  'result_not_signed',
  'no_receipt_step',
  'already_assigned',
  'assignee_not_at_step',
  'assignee_not_at_target',
  'transfer_same_agency',
] as const;
export type DossierErrorCode = (typeof dossierErrorCodes)[number];

export class DossierError extends Error {
  constructor(readonly code: DossierErrorCode) {
    super(code);
  }
}

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
  /** What the app looked up for this command and actor. */
  facts: CommandFacts;
}

/** Facts beyond the dossier a rule needs, looked up by the app before deciding. */
export interface CommandFacts {
  /** The official who acts, or null when the system acts on an external party's word. */
  actorId: string | null;
  /** The roles the command's named assignee holds at the agency the command puts them at. */
  assigneeRoles: readonly Role[];
  /** Whether the dossier holds a result signed electronically. */
  signedResult: boolean;
}

/** How far ahead an extension may set the due date (Form 04 is a promise, not an open end). */
export const maxExtensionMinutes = 366 * 24 * 60;

/** Which commands each status allows: the literal map the whole lifecycle hangs on. */
export const allowedIn: Record<DossierStatus, readonly CommandType[]> = {
  [Status.submitted]: ['receive', 'refuse', 'request_withdrawal', 'withdraw', 'transfer'],
  [Status.received]: [
    'forward',
    'assign',
    'request_supplement',
    'refuse',
    'request_withdrawal',
    'withdraw',
    'transfer',
  ],
  [Status.refused]: [],
  [Status.processing]: [
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
    'request_withdrawal',
    'withdraw',
    'transfer',
  ],
  [Status.supplement]: ['receive_supplement', 'consult_reply', 'request_withdrawal', 'withdraw'],
  [Status.financial]: ['record_payment', 'consult_reply', 'request_withdrawal', 'withdraw'],
  [Status.withdrawn]: [],
  [Status.stopped]: [],
  [Status.resolved]: ['return_result', 'recall_result'],
  [Status.returned]: [],
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
  request_withdrawal: ['receiver'],
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

/**
 * The first entry of every processing log: the dossier handed in (online, at a counter, by post),
 * waiting for a receiver at `agencyCode`.
 */
export function submission(agencyCode: string, channel: Channel, at: LocalMinute): Action {
  return {
    type: 'submit',
    at,
    fromStatus: Status.submitted,
    toStatus: Status.submitted,
    fromStep: null,
    toStep: null,
    agencyCode,
    assigneeId: null,
    due: null,
    stepDue: null,
    stepVerdict: null,
    data: { channel },
  };
}

export function decide(state: DossierState, command: Command, env: DecideEnv): Action {
  if (!allowedIn[state.status].includes(command.type)) throw new DossierError('not_allowed_in_status');
  if (!rolesFor[command.type].includes(env.role)) throw new DossierError('role_cannot');
  const step = (code: string | null) => env.steps.find((s) => s.code === code);
  const current = step(state.stepCode);
  const movesTo = (kind: 'next' | 'back' | 'consult', to: string) =>
    current?.moves.some((m) => m.kind === kind && m.to === to) ?? false;
  const base: ActionMoves = {
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
  };
  const leaving = () => (state.stepDue === null ? null : verdict(env.now, state.stepDue));
  const stepDueOf = (s: WorkflowStep) => addWorkingMinutes(env.calendar, env.now, hours(s.hours));
  const needReason = (r: string) => {
    if (r.trim() === '') throw new DossierError('reason_required');
  };
  const { facts } = env;

  switch (command.type) {
    case 'receive': {
      const receipt = env.steps.find((s) => s.kind === 'receipt');
      if (!receipt) throw new DossierError('no_receipt_step');
      const start = clockStart(env.calendar, env.now, env.sameDayCutoff);
      return {
        ...base,
        type: 'receive',
        toStatus: Status.received,
        toStep: receipt.code,
        due: dueAfter(env.calendar, start, env.legalTime),
        stepDue: addWorkingMinutes(env.calendar, start, hours(receipt.hours)),
        data: {},
      };
    }
    case 'refuse':
    case 'withdraw':
    case 'stop':
      needReason(command.reason);
      return {
        ...base,
        type: command.type,
        toStatus: { refuse: Status.refused, withdraw: Status.withdrawn, stop: Status.stopped }[command.type],
        stepVerdict: leaving(),
        data: { reason: command.reason },
      };
    case 'request_withdrawal':
      needReason(command.reason);
      return { ...base, type: 'request_withdrawal', data: { reason: command.reason } };
    case 'forward': {
      const target = step(command.toStep);
      if (!target || !movesTo('next', command.toStep)) throw new DossierError('not_a_next_step');
      if (target.kind === 'result') throw new DossierError('result_needs_issue');
      // Handed to a named official: one who holds the step's role at the agency it goes to.
      if (command.assigneeId && !facts.assigneeRoles.includes(target.role))
        throw new DossierError('assignee_not_at_target');
      return {
        ...base,
        type: 'forward',
        toStatus: Status.processing,
        toStep: target.code,
        agencyCode: command.agencyCode,
        assigneeId: command.assigneeId ?? null,
        stepDue: stepDueOf(target),
        stepVerdict: leaving(),
        data: {},
      };
    }
    case 'return_to_step': {
      needReason(command.reason);
      const target = step(command.toStep);
      if (!target || !movesTo('back', command.toStep)) throw new DossierError('not_a_back_step');
      return {
        ...base,
        type: 'return_to_step',
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
        type: 'request_supplement',
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
        type: 'request_payment',
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
        type: command.type,
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
        type: 'consult',
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
        type: 'consult_reply',
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
      return { ...base, type: 'propose_extension', data: { newDue: command.newDue, reason: command.reason } };
    case 'approve_extension':
      if (state.proposedDue === null) throw new DossierError('no_extension_proposed');
      return {
        ...base,
        type: 'approve_extension',
        due: state.proposedDue,
        data: { newDue: state.proposedDue },
      };
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
        type: 'issue_result',
        toStatus: Status.resolved,
        toStep: result.code,
        agencyCode: command.agencyCode ?? state.agencyCode,
        assigneeId: null,
        stepDue: stepDueOf(result),
        stepVerdict: leaving(),
        data: { dossierVerdict: state.due === null ? null : verdict(env.now, state.due) },
      };
    }
    case 'return_result':
      if (command.method !== 'electronic' && command.reference.trim() === '')
        throw new DossierError('reference_required');
      // An electronic result is the signed file itself: without one there is nothing to hand over.
      if (command.method === 'electronic' && !facts.signedResult) throw new DossierError('result_not_signed');
      return {
        ...base,
        type: 'return_result',
        toStatus: Status.returned,
        stepVerdict: leaving(),
        data: { method: command.method, reference: command.reference },
      };
    case 'assign': {
      const { assigneeId } = command;
      if (assigneeId && (!current || !facts.assigneeRoles.includes(current.role)))
        throw new DossierError('assignee_not_at_step');
      // Others take a dossier for themselves from the queue, or put back their own; leaders hand out.
      const self = facts.actorId;
      const selfService =
        current?.role === env.role &&
        self !== null &&
        (assigneeId === self || (assigneeId === null && state.assigneeId === self));
      if (env.role !== 'leader' && !selfService) throw new DossierError('role_cannot');
      if (assigneeId === state.assigneeId) throw new DossierError('already_assigned');
      return { ...base, type: 'assign', assigneeId, data: { assigneeId } };
    }
    case 'transfer':
      needReason(command.reason);
      if (command.agencyCode === state.agencyCode) throw new DossierError('transfer_same_agency');
      return {
        ...base,
        type: 'transfer',
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
        type: 'recall_result',
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
    case 'consult': {
      const { consultationId, stepCode, agencyCode, due } = a.data;
      return {
        ...next,
        consultations: [
          ...state.consultations,
          { id: consultationId, stepCode, agencyCode, status: 'open', due },
        ],
      };
    }
    case 'consult_reply':
      return {
        ...next,
        consultations: state.consultations.map((c) =>
          c.id === a.data.consultationId ? { ...c, status: a.data.outcome } : c,
        ),
      };
    case 'propose_extension':
      return { ...next, proposedDue: a.data.newDue };
    case 'approve_extension':
      return { ...next, proposedDue: null };
    case 'return_result':
      return { ...next, delivery: a.data.method };
    default:
      return next;
  }
}
