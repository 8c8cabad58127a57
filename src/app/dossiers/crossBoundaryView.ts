import type { Selectable } from 'kysely';
import type { PlannedStep } from '../../domain/dossier/plan.js';
import type { DossierTable } from '../../store/schema.js';
import type { AppContext, Tx } from '../context.js';
import { handlingConfig } from './handlingConfig.js';

export interface CrossBoundaryView {
  receivedBy: { code: string; name: string };
  competent: { code: string; name: string };
  /** Where the applicant collects the result: the receiving counter or the competent agency. */
  returnAt: { code: string; name: string } | null;
}

/**
 * For a dossier received outside its competent agency (phi địa giới): where it was received, the
 * agency competent for it, and where its result is returned (the plan's result step); else null.
 */
export async function crossBoundaryOf(
  ctx: AppContext,
  tx: Tx,
  d: Pick<
    Selectable<DossierTable>,
    | 'received_by_agency'
    | 'competent_agency'
    | 'plan'
    | 'procedure_code'
    | 'version_no'
    | 'case_code'
    | 'workflow_revision'
  >,
): Promise<CrossBoundaryView | null> {
  if (d.competent_agency === d.received_by_agency) return null;
  // The pinned workflow, through the process's configuration cache (as every action reads it).
  const steps = await (await handlingConfig(ctx, tx)).templateSteps(d);
  const result = steps.find((s) => s.kind === 'result')?.code;
  const returnCode = (d.plan as PlannedStep[]).find((p) => p.stepCode === result)?.agencyCode ?? null;
  const codes = [d.received_by_agency, d.competent_agency, ...(returnCode ? [returnCode] : [])];
  const names = new Map(
    (await tx.selectFrom('agency').select(['code', 'name']).where('code', 'in', codes).execute()).map((a) => [
      a.code,
      a.name,
    ]),
  );
  const named = (code: string) => ({ code, name: names.get(code) ?? code });
  return {
    receivedBy: named(d.received_by_agency),
    competent: named(d.competent_agency),
    returnAt: returnCode ? named(returnCode) : null,
  };
}
