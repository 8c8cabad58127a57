import type { Role } from '../access/roles.js';
import type { WorkflowStep } from '../catalog/workflow.js';
import type { DossierState } from './lifecycle.js';
import { Channel, Status } from './status.js';

/** Who performs a step of this dossier: pinned at receipt from the local binding. */
export interface PlannedStep {
  stepCode: string;
  agencyCode: string | null;
  hours: number;
}

/** The template's steps with the hours the binding shortened them to: what the dossier runs on. */
export function effectiveSteps(steps: readonly WorkflowStep[], plan: readonly PlannedStep[]): WorkflowStep[] {
  return steps.map((s) => ({ ...s, hours: plan.find((p) => p.stepCode === s.code)?.hours ?? s.hours }));
}

/** The role the dossier waits for: its step's, or a receiver's while it is not yet received. */
export function neededRole(state: DossierState, steps: readonly WorkflowStep[]): Role | null {
  if (state.status === Status.submitted) return 'receiver';
  return steps.find((s) => s.code === state.stepCode)?.role ?? null;
}

/**
 * The legal processing time that applies to a dossier: the counter's, or the online one for a
 * dossier submitted online (and by post, which like online is received without the applicant).
 */
export function legalTimeOf<T>(channel: Channel, time: { direct: T; online: T }): T {
  return channel === Channel.counter ? time.direct : time.online;
}
