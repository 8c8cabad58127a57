import type { AgencyRevision } from '../../contracts/agencies.js';
import type { AppContext } from '../context.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { getAgency } from './getAgency.js';

/**
 * An agency's revisions, newest first: what it was called, where it sat, when it closed, who changed
 * it. For signed-in officials: the register is public, the names of those who change it are not.
 */
export async function agencyHistory(ctx: AppContext, actor: Actor, code: string): Promise<AgencyRevision[]> {
  requireStaff(actor);
  await getAgency(ctx, code);
  const rows = await ctx.db
    .selectFrom('agency_revision as r')
    .leftJoin('account as a', 'a.id', 'r.changed_by')
    .select([
      'r.revision',
      'r.change',
      'r.name',
      'r.parent_code',
      'r.valid_from',
      'r.valid_to',
      'r.successor_code',
      'r.effective_on',
      'r.changed_at',
      'a.username',
      'r.source',
    ])
    .where('r.code', '=', code)
    .orderBy('r.revision', 'desc')
    .execute();
  const day = (d: unknown) => (d === null ? null : String(d).slice(0, 10));
  return rows.map((r) => ({
    revision: r.revision,
    change: r.change,
    name: r.name,
    parentCode: r.parent_code,
    validFrom: day(r.valid_from) ?? '',
    validTo: day(r.valid_to),
    successorCode: r.successor_code,
    effectiveOn: day(r.effective_on) ?? '',
    changedAt: r.changed_at.toISOString(),
    changedBy: r.username ?? null,
    source: r.source,
  }));
}
