import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { actOnDossier } from './actOnDossier.js';
import { rolesAt } from '../access/rolesAt.js';
import { accountInForce, grantInForce } from '../access/grantsInForce.js';
import { problem } from '../problems.js';

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

export interface Assignee {
  id: string;
  fullName: string;
  roles: string[];
}

/**
 * The officials a leader may hand dossiers to: those holding a processing role at the leader's
 * agency now. Only a leader there may list them (names of colleagues, nothing else).
 */
export function assignableOfficials(ctx: AppContext, actor: Actor, agencyCode: string): Promise<Assignee[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    if (!(await rolesAt(tx, staff.accountId, agencyCode, now)).includes('leader'))
      throw problem('forbidden', vi.detail.onlyLeaderAssigns);
    const { rows } = await sql<{ id: string; full_name: string; roles: string[] }>`
      SELECT a.id, a.full_name, array_agg(DISTINCT g.role ORDER BY g.role) AS roles
      FROM role_grant g JOIN account a ON a.id = g.account_id
      WHERE g.agency_code = ${agencyCode} AND g.role IN ('receiver', 'processor', 'leader')
        AND ${grantInForce('g', now)} AND ${accountInForce('a', now)}
      GROUP BY a.id, a.full_name ORDER BY a.full_name`.execute(tx);
    return rows.map((r) => ({ id: r.id, fullName: r.full_name, roles: r.roles }));
  });
}
