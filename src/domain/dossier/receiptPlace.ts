import type { ReceiptReach } from '../catalog/procedureVersion.js';
import type { WorkflowStep } from '../catalog/workflow.js';
import type { PlannedStep } from './plan.js';

/** An agency as the receipt rule sees it: its code and its province (null for a central body). */
export interface PlacedAgency {
  code: string;
  province: string | null;
}

/**
 * Whether `receiving` may receive a dossier that `competent` is competent for (DOMAIN §5.3):
 * the competent agency always; another agency only as far as the procedure's reach allows —
 * within the competent agency's province, or anywhere in the country.
 */
export function mayReceive(reach: ReceiptReach, receiving: PlacedAgency, competent: PlacedAgency): boolean {
  if (receiving.code === competent.code) return true;
  if (reach === 'country') return true;
  if (reach === 'province') return receiving.province !== null && receiving.province === competent.province;
  return false;
}

/**
 * The plan of a dossier received outside its competent agency: the competent place's plan, with
 * its receipt steps done by the receiving agency and its result steps by the agency where the
 * applicant chose to collect the result. The steps between run where the competent place's plan
 * puts them: moving there is the transfer.
 */
export function crossBoundaryPlan(
  plan: readonly PlannedStep[],
  steps: readonly WorkflowStep[],
  receivingAgency: string,
  returnAgency: string,
): PlannedStep[] {
  const kindOf = new Map(steps.map((s) => [s.code, s.kind]));
  return plan.map((p) => {
    const kind = kindOf.get(p.stepCode);
    if (kind === 'receipt') return { ...p, agencyCode: receivingAgency };
    if (kind === 'result') return { ...p, agencyCode: returnAgency };
    return p;
  });
}
