import type { AgencyKind } from '../agencies/agency.js';
import type { WorkflowStep } from './workflow.js';

/** How a step is bound locally: to the agency of a kind in the dossier's place, or to one agency. */
export interface StepBinding {
  stepCode: string;
  agencyKind?: AgencyKind | undefined;
  agencyCode?: string | undefined;
  /** Shortened time; absent keeps the template's. */
  hours?: number | undefined;
}

export interface BindingProblem {
  field: string;
  code: string;
}

const communeKinds: readonly AgencyKind[] = ['commune_committee', 'commune_service_center'];
// A department cannot be bound by kind: a province has many; name the one that appraises.
const provinceKinds: readonly AgencyKind[] = ['province_committee', 'province_service_center'];

/**
 * A binding must name each step of the template once, by kind or by agency (not both), and may
 * shorten a step's time but never lengthen it. Commune overrides name agencies, not kinds.
 */
export function checkBinding(
  template: readonly WorkflowStep[],
  steps: readonly StepBinding[],
  level: 'province' | 'commune',
): BindingProblem[] {
  const out: BindingProblem[] = [];
  const byCode = new Map(template.map((s) => [s.code, s]));
  const seen = new Set<string>();
  steps.forEach((b, i) => {
    const t = byCode.get(b.stepCode);
    if (!t) out.push({ field: `steps[${i}].stepCode`, code: 'unknown_step' });
    if (seen.has(b.stepCode)) out.push({ field: `steps[${i}].stepCode`, code: 'duplicate_step' });
    seen.add(b.stepCode);
    if ((b.agencyKind === undefined) === (b.agencyCode === undefined))
      out.push({ field: `steps[${i}]`, code: 'kind_or_agency' });
    if (b.agencyKind !== undefined) {
      if (level === 'commune') out.push({ field: `steps[${i}].agencyKind`, code: 'override_names_agency' });
      else if (![...communeKinds, ...provinceKinds].includes(b.agencyKind))
        out.push({ field: `steps[${i}].agencyKind`, code: 'not_local_kind' });
    }
    if (b.hours !== undefined && t && (!Number.isInteger(b.hours) || b.hours < 1 || b.hours > t.hours)) {
      out.push({ field: `steps[${i}].hours`, code: 'never_lengthen' });
    }
  });
  if (level === 'province') {
    template.forEach((t) => {
      if (!seen.has(t.code)) out.push({ field: 'steps', code: 'step_unbound' });
    });
  }
  return out;
}

/** Whether a kind names an agency of the commune (else of the province). */
export function isCommuneKind(kind: AgencyKind): boolean {
  return communeKinds.includes(kind);
}
