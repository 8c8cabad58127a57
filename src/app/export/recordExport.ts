import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';

/** An export of a table is a read of everything in it: one audit entry says who took what. */
export function recordExport(
  ctx: AppContext,
  actor: Actor,
  table: string,
  detail: Record<string, unknown>,
  meta: RequestMeta,
): Promise<void> {
  const staff = requireStaff(actor);
  return inTransaction(ctx, (tx) =>
    recordAudit(
      tx,
      { actorKind: 'staff', actorId: staff.accountId, action: `${table}.export`, targetKind: table, detail },
      ctx.now(),
      meta,
    ),
  );
}
