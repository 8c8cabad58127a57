import type { Actor } from '../access/actor.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { actOnDossier } from './actOnDossier.js';

export interface AssignOutcome {
  code: string;
  ok: boolean;
  problem: string | null;
}

/**
 * A leader hands out several dossiers of the agency's queue at once. Each is its own command (on
 * the version current when it is reached), so one that moved meanwhile is reported, not lost, and
 * the others are assigned.
 */
export async function bulkAssign(
  ctx: AppContext,
  actor: Actor,
  codes: string[],
  assigneeId: string | null,
): Promise<AssignOutcome[]> {
  const out: AssignOutcome[] = [];
  for (const code of codes) {
    try {
      const row = await ctx.db
        .selectFrom('dossier')
        .select('version')
        .where('code', '=', code)
        .executeTakeFirst();
      await actOnDossier(ctx, actor, code, {
        type: 'assign',
        assigneeId,
        expectedVersion: row?.version ?? -1,
      });
      out.push({ code, ok: true, problem: null });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      out.push({ code, ok: false, problem: e.detail ?? e.title });
    }
  }
  return out;
}
