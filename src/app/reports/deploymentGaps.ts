import { sql } from 'kysely';
import type { Role } from '../../domain/access/roles.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import { deploymentFacts } from '../readiness/readinessBoard.js';
import { agencyProvinces } from './agencyProvinces.js';
import { reportScope, scopeTest, type ScopeFilter } from './reportScope.js';

export interface StaffingGap {
  agency: { code: string; name: string };
  /** Roles a step of a published workflow needs there that no active account holds. */
  missing: Role[];
  /** Procedures whose dossiers would wait there. */
  procedures: number;
  /** Dossiers there now, not finished. */
  open: number;
}

export interface ProvinceReadiness {
  province: { code: string; name: string };
  ready: number;
  notReady: number;
  /** How many procedures fail each criterion, most failed first. */
  failing: { criterion: string; name: string; count: number }[];
}

export interface DeploymentGaps {
  staffing: StaffingGap[];
  readiness: ProvinceReadiness[];
}

const roleOrder: Role[] = ['receiver', 'processor', 'leader'];

/**
 * What stops the procedures in the official's scope from being handled: agencies a workflow sends
 * work to with nobody to do it (each would leave dossiers where nobody can receive them), and the
 * procedures not ready in each province, by failing criterion.
 */
export function deploymentGaps(ctx: AppContext, actor: Actor, q: ScopeFilter): Promise<DeploymentGaps> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const scope = await reportScope(tx, staff.accountId, now, q);
    const inScope = scopeTest(scope);
    const { board, unstaffed } = await deploymentFacts(tx, now);

    const gaps = new Map<string, { missing: Set<Role>; procedures: Set<string> }>();
    for (const [key, procedures] of unstaffed) {
      const [agency = '', role] = key.split('/') as [string, Role];
      const held = [...procedures].filter((p) => inScope(agency, p));
      if (held.length === 0) continue;
      let g = gaps.get(agency);
      if (!g) gaps.set(agency, (g = { missing: new Set(), procedures: new Set() }));
      g.missing.add(role);
      for (const p of held) g.procedures.add(p);
    }
    const codes = [...gaps.keys()];
    const { rows: facts } = await sql<{ code: string; name: string; open: number }>`
      SELECT a.code, a.name,
        (SELECT count(*)::int FROM dossier d WHERE d.agency_code = a.code AND NOT d.practice AND d.status IN (1, 2, 4, 5, 6, 8)) AS open
      FROM agency a WHERE a.code = ANY(${codes}::text[])`.execute(tx);
    const staffing = facts
      .map((f) => {
        const g = gaps.get(f.code) as { missing: Set<Role>; procedures: Set<string> };
        return {
          agency: { code: f.code, name: f.name },
          missing: [...g.missing].sort((a, b) => roleIndex(a) - roleIndex(b)),
          procedures: g.procedures.size,
          open: f.open,
        };
      })
      .sort(
        (a, b) =>
          b.open - a.open || b.procedures - a.procedures || a.agency.name.localeCompare(b.agency.name, 'vi'),
      );

    const geo = await agencyProvinces(tx, ctx.db);
    // Each province's procedures: those of the slices holding its agencies (null: every one).
    const proceduresIn = new Map<string, Set<string> | null>();
    for (const slice of scope)
      for (const p of new Set(slice.agencies.flatMap((a) => geo.provinceOf.get(a) ?? []))) {
        const known = proceduresIn.get(p);
        if (known === null) continue;
        if (slice.procedures === null) proceduresIn.set(p, null);
        else proceduresIn.set(p, new Set([...(known ?? []), ...slice.procedures]));
      }
    const names = new Map(board.criteria.map((c) => [c.code, c.name]));
    const readiness = board.provinces
      .filter((p) => proceduresIn.has(p.code))
      .map((p) => {
        const only = proceduresIn.get(p.code);
        const rows = only ? board.rows.filter((r) => only.has(r.code)) : board.rows;
        let ready = 0;
        const failing = new Map<string, number>();
        for (const row of rows) {
          const cell = row.cells[p.code];
          if (!cell) continue;
          if (cell.ready) ready++;
          for (const c of cell.failing) failing.set(c, (failing.get(c) ?? 0) + 1);
        }
        return {
          province: p,
          ready,
          notReady: rows.length - ready,
          failing: [...failing]
            .map(([criterion, count]) => ({ criterion, name: names.get(criterion) ?? criterion, count }))
            .sort((a, b) => b.count - a.count),
        };
      })
      .sort((a, b) => b.notReady - a.notReady || a.province.name.localeCompare(b.province.name, 'vi'));
    return { staffing, readiness };
  });
}

const roleIndex = (r: Role) => {
  const i = roleOrder.indexOf(r);
  return i < 0 ? roleOrder.length : i;
};
