/**
 * Readiness criteria (tiêu chí sẵn sàng) of a procedure in a province. Built-in criteria are computed
 * from data — published: a version is published · workflow: it has a workflow · eform: an online
 * procedure has an e-form · bound: the province bound every step to its agencies · staffed: every
 * agency a step is bound to has an active official holding the step's role. Manual criteria are
 * ticked by an administrator with evidence. Only active criteria count.
 */
export const builtinCriteria = ['published', 'workflow', 'eform', 'bound', 'staffed'] as const;
export type BuiltinCriterion = (typeof builtinCriteria)[number];

export interface Criterion {
  code: string;
  kind: 'builtin' | 'manual';
  active: boolean;
}

export interface ReadinessCell {
  ready: boolean;
  /** Codes of the active criteria not met, in the criteria set's order. */
  failing: string[];
}

/**
 * The verdict for one cell: ready when every active criterion is met. A built-in criterion is met
 * when computed true; a manual one when its latest attestation says so.
 */
export function readiness(
  criteria: readonly Criterion[],
  builtin: Record<BuiltinCriterion, boolean>,
  attested: ReadonlySet<string>,
): ReadinessCell {
  const failing = criteria
    .filter((c) => c.active)
    .filter((c) =>
      c.kind === 'builtin' ? builtin[c.code as BuiltinCriterion] !== true : !attested.has(c.code),
    )
    .map((c) => c.code);
  return { ready: failing.length === 0, failing };
}
