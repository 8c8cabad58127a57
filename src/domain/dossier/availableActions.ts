import type { Role } from '../access/roles.js';
import type { WorkflowStep } from '../catalog/workflow.js';
import { type CommandType, allowedIn, rolesFor, type DossierState } from './lifecycle.js';

/** What the offer of actions needs besides the state and the roles. */
export interface OfferFacts {
  /** The workflow the dossier runs on. */
  steps: readonly WorkflowStep[];
}

/** The roles an official holds where the dossier is, and at the agencies consulted on it. */
export interface RolesAround {
  here: readonly Role[];
  consulted: readonly Role[];
}

/**
 * The commands an official holding `roles` could give now (a consultation's reply is given where
 * the consultation went; everything else where the dossier is): the status allows
 * them, a role allows them, and the preconditions that need no input hold (a move the workflow has,
 * an extension proposed, nothing outstanding before a result). The dossier page shows exactly these
 * buttons; `decide` still judges the command's own data (the reason, the amount, the target).
 */
export function availableActions(state: DossierState, around: RolesAround, facts: OfferFacts): CommandType[] {
  const roles = around.here;
  const step = (code: string | null) => facts.steps.find((s) => s.code === code);
  const current = step(state.stepCode);
  const next = current?.moves.filter((m) => m.kind === 'next').map((m) => step(m.to)) ?? [];
  const has = (kind: 'back' | 'consult') => current?.moves.some((m) => m.kind === kind) ?? false;
  const unanswered = state.consultations.some((c) => c.status === 'open' || c.status === 'accepted');
  const holder = current !== undefined && roles.includes(current.role);
  const holds: Partial<Record<CommandType, boolean>> = {
    receive: facts.steps.some((s) => s.kind === 'receipt'),
    forward: next.some((s) => s !== undefined && s.kind !== 'result'),
    return_to_step: has('back'),
    consult: has('consult'),
    consult_reply: unanswered,
    propose_extension: state.due !== null,
    approve_extension: state.proposedDue !== null,
    issue_result: next.some((s) => s?.kind === 'result') && !unanswered && state.payment !== 'requested',
    recall_result: facts.steps.some((s) => s.moves.some((m) => m.kind === 'next' && m.to === state.stepCode)),
    assign: roles.includes('leader') || holder,
  };
  const rolesActing = (type: CommandType) => (type === 'consult_reply' ? around.consulted : roles);
  return allowedIn[state.status].filter(
    (type) => rolesFor[type].some((r) => rolesActing(type).includes(r)) && holds[type] !== false,
  );
}
