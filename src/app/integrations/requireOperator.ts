import type { Actor } from '../access/actor.js';
import { hasPermission, requireStaff, type StaffActor } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import { problem } from '../problems.js';

/** Operators of the integration hub: holders of `integration.manage` (system administrators). */
export async function requireOperator(ctx: AppContext, actor: Actor): Promise<StaffActor> {
  const staff = requireStaff(actor);
  const allowed = await inTransaction(ctx, (tx) => hasPermission(tx, staff, 'integration.manage', ctx.now()));
  if (!allowed) throw problem('forbidden');
  return staff;
}
