import type { Actor } from '../access/actor.js';
import { activeRoles, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import type { Resident } from '../../integrations/population/population.js';
import type { PopulationClient } from '../../integrations/population/populationClient.js';
import { problem } from '../problems.js';

/**
 * A counter official looks an applicant up in the national population database to prefill intake.
 * Only receivers may, and every lookup is audited (personal data, DOMAIN §8).
 */
export async function lookupResident(
  ctx: AppContext,
  actor: Actor,
  population: PopulationClient | undefined,
  idNumber: string,
  meta: RequestMeta,
): Promise<Resident> {
  const staff = requireStaff(actor);
  await inTransaction(ctx, async (tx) => {
    const roles = await activeRoles(tx, staff.accountId, ctx.now());
    if (!roles.includes('receiver')) throw problem('forbidden');
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'population.lookup',
        targetKind: 'citizen',
        targetId: idNumber,
      },
      ctx.now(),
      meta,
    );
  });
  if (!population) throw problem('not-configured');
  const result = await population.lookup(idNumber);
  if ('unavailable' in result) throw problem('external-unavailable', result.unavailable);
  if (!result.found) throw problem('resident-not-found');
  return result.resident;
}
