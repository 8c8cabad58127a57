import type { Role } from '../access/roles.js';
import type { ProcessingTime } from './procedureVersion.js';

/**
 * Where a step is performed: the one-stop counter (bộ phận một cửa), the specialist department
 * that appraises, the leader who approves, or another agency consulted (liên thông).
 */
export const stepPlaces = ['counter', 'specialist', 'leader', 'consulted'] as const;
export type StepPlace = (typeof stepPlaces)[number];

export const moveKinds = ['next', 'back', 'consult'] as const;
export type MoveKind = (typeof moveKinds)[number];

export interface WorkflowStep {
  code: string;
  name: string;
  role: Role;
  place: StepPlace;
  /** Allotted working hours. */
  hours: number;
  /** The national-portal status (1–10) the dossier is in during this step. */
  dvcqgStatus: number;
  /** receipt: where a dossier enters (exactly one) · result: where the result is returned (one or more). */
  kind: 'receipt' | 'work' | 'result';
  moves: { to: string; kind: MoveKind }[];
}

export interface WorkflowProblem {
  field: string;
  code: string;
}

/** Which roles may perform a step at each place. */
export const rolesAt: Record<StepPlace, readonly Role[]> = {
  counter: ['receiver'],
  specialist: ['processor'],
  leader: ['leader'],
  consulted: ['processor', 'leader'],
};

/**
 * The working hours a legal time allows. Calendar days are counted conservatively as 5 working days
 * in 7 (the exact count depends on the holiday calendar, checked when deadlines are computed).
 */
export function legalWorkingHours(t: ProcessingTime): number {
  if (t.unit === 'working_hours') return t.amount;
  if (t.unit === 'working_days') return t.amount * 8;
  return Math.floor((t.amount * 5) / 7) * 8;
}

/** The time a workflow must fit: the stricter of the two channels' legal times. */
export function stricterTime(time: { direct: ProcessingTime; online: ProcessingTime }): ProcessingTime {
  return legalWorkingHours(time.direct) <= legalWorkingHours(time.online) ? time.direct : time.online;
}

/** Hours of the main path: consultations run beside it, so they do not add to the dossier's time. */
export function allottedHours(steps: readonly WorkflowStep[]): number {
  return steps.filter((s) => s.place !== 'consulted').reduce((sum, s) => sum + s.hours, 0);
}

/**
 * The rules of a workflow template: one receipt, at least one result step, unique codes, moves to
 * existing steps (back only to an earlier step), every step reachable from receipt and able to
 * reach a result, roles that can act at their place, and no more time than the law allows.
 */
export function checkWorkflow(steps: readonly WorkflowStep[], legal: ProcessingTime): WorkflowProblem[] {
  const out: WorkflowProblem[] = [];
  const index = new Map<string, number>();
  steps.forEach((s, i) => {
    if (index.has(s.code)) out.push({ field: `steps[${i}].code`, code: 'duplicate_code' });
    else index.set(s.code, i);
    if (s.name.trim() === '') out.push({ field: `steps[${i}].name`, code: 'required' });
    if (!Number.isInteger(s.hours) || s.hours < 1)
      out.push({ field: `steps[${i}].hours`, code: 'whole_hours_positive' });
    if (!Number.isInteger(s.dvcqgStatus) || s.dvcqgStatus < 1 || s.dvcqgStatus > 10)
      out.push({ field: `steps[${i}].dvcqgStatus`, code: 'status_range' });
    if (!rolesAt[s.place].includes(s.role))
      out.push({ field: `steps[${i}].role`, code: 'role_cannot_act_here' });
    if (s.kind !== 'work' && s.place !== 'counter')
      out.push({ field: `steps[${i}].place`, code: 'receipt_result_at_counter' });
  });
  const receipts = steps.filter((s) => s.kind === 'receipt');
  if (receipts.length !== 1) out.push({ field: 'steps', code: 'one_receipt' });
  if (!steps.some((s) => s.kind === 'result')) out.push({ field: 'steps', code: 'result_required' });
  steps.forEach((s, i) => {
    s.moves.forEach((m, j) => {
      const target = index.get(m.to);
      if (target === undefined) out.push({ field: `steps[${i}].moves[${j}].to`, code: 'unknown_step' });
      else if (m.kind === 'back' && target >= i)
        out.push({ field: `steps[${i}].moves[${j}]`, code: 'back_must_go_earlier' });
      else if (m.kind === 'consult' && steps[target]?.place !== 'consulted')
        out.push({ field: `steps[${i}].moves[${j}]`, code: 'consult_target' });
    });
    if (s.kind !== 'result' && s.moves.length === 0)
      out.push({ field: `steps[${i}].moves`, code: 'dead_end' });
  });
  if (out.length > 0) return out;

  const reach = (from: number[], edges: (i: number) => number[]): Set<number> => {
    const seen = new Set(from);
    const todo = [...from];
    while (todo.length > 0) {
      const i = todo.pop() as number;
      for (const j of edges(i)) {
        if (seen.has(j)) continue;
        seen.add(j);
        todo.push(j);
      }
    }
    return seen;
  };
  const forward = (i: number) => (steps[i]?.moves ?? []).map((m) => index.get(m.to) as number);
  const fromReceipt = reach([index.get(receipts[0]?.code ?? '') as number], forward);
  steps.forEach((s, i) => {
    if (!fromReceipt.has(i)) out.push({ field: `steps[${i}]`, code: 'unreachable' });
  });
  const backward = (i: number) =>
    steps.flatMap((s, k) => (s.moves.some((m) => m.to === steps[i]?.code) ? [k] : []));
  const toResult = reach(
    steps.flatMap((s, i) => (s.kind === 'result' ? [i] : [])),
    backward,
  );
  steps.forEach((s, i) => {
    if (s.place !== 'consulted' && !toResult.has(i))
      out.push({ field: `steps[${i}]`, code: 'no_way_to_result' });
  });
  const total = allottedHours(steps);
  const allowed = legalWorkingHours(legal);
  if (total > allowed) out.push({ field: 'steps', code: 'over_legal_time' });
  return out;
}
