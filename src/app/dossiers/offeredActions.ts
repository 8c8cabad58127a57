import type { Role } from '../../domain/access/roles.js';
import type { CommandType, DossierState } from '../../domain/dossier/lifecycle.js';
import { availableActions } from '../../domain/dossier/availableActions.js';
import { effectiveSteps, type PlannedStep } from '../../domain/dossier/plan.js';
import { rolesAt } from '../access/rolesAt.js';
import type { AppContext, Tx } from '../context.js';
import { handlingConfig, type DossierPin } from './handlingConfig.js';

/** The commands the official could give this dossier now: the buttons its page shows. */
export async function offeredActions(
  ctx: AppContext,
  tx: Tx,
  d: DossierPin & { state: unknown; plan: unknown },
  accountId: string,
  now: Date,
): Promise<CommandType[]> {
  const state = d.state as DossierState;
  const here = await rolesAt(tx, accountId, state.agencyCode, now);
  const consultedAt = [...new Set(state.consultations.map((c) => c.agencyCode))];
  const consulted: Role[] = [];
  for (const agency of consultedAt) consulted.push(...(await rolesAt(tx, accountId, agency, now)));
  if (here.length === 0 && consulted.length === 0) return [];
  const config = await handlingConfig(ctx, tx);
  const template = await config.templateSteps(d);
  const steps = effectiveSteps(template, d.plan as PlannedStep[]);
  return availableActions(state, { here, consulted }, { steps });
}
