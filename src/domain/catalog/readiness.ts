/**
 * Built-in readiness criteria (tiêu chí sẵn sàng) for a procedure in a province, computed from data:
 * published: a version is published · workflow: it has a workflow · eform: an online procedure
 * has an e-form · bound: the province bound every step to its agencies · staffed: every agency a
 * step is bound to has an active official holding the step's role.
 */
export const readinessCriteria = ['published', 'workflow', 'eform', 'bound', 'staffed'] as const;
export type ReadinessCriterion = (typeof readinessCriteria)[number];

export interface ReadinessCell {
  ready: boolean;
  failing: ReadinessCriterion[];
}

export function readiness(passed: Record<ReadinessCriterion, boolean>): ReadinessCell {
  const failing = readinessCriteria.filter((c) => !passed[c]);
  return { ready: failing.length === 0, failing };
}
