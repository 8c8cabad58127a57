import { sql } from 'kysely';
import type { ReadinessBoard } from '../../contracts/readiness.js';
import { gapMessage, strandingGaps, type StrandingGap } from '../catalog/goLiveGate.js';
import type { Tx } from '../context.js';

const gapText = (g: StrandingGap) => ({ agencyCode: g.agencyCode, message: gapMessage(g) });

/**
 * The switches to central reception the board watches: those ahead, with the gaps they would have
 * on their day as the grants stand now, and those a ministry leader decided over the go-live gate
 * (with the reason and the gaps accepted then).
 */
export async function routeSwitches(tx: Tx, now: Date): Promise<ReadinessBoard['switches']> {
  const rows = await tx
    .selectFrom('deployment_route as r')
    .innerJoin('procedure as p', 'p.code', 'r.procedure_code')
    .leftJoin('account as a', 'a.id', 'r.override_by')
    .select([
      'r.procedure_code',
      'p.name',
      'r.province_code',
      'r.effective_from',
      'r.override_reason',
      'r.override_gaps',
      'a.username',
    ])
    .where('r.mode', '=', 'central')
    // Ahead within 60 days (what the daily alert watches: each costs a binding resolution per
    // commune), and every decision taken over the gate.
    .where((eb) =>
      eb.or([
        eb.and([
          eb('r.effective_from', '>', now),
          eb('r.effective_from', '<=', new Date(now.getTime() + 60 * 86_400_000)),
        ]),
        eb('r.override_reason', 'is not', null),
      ]),
    )
    .orderBy('r.effective_from')
    .limit(200)
    .execute();
  const out: ReadinessBoard['switches'] = [];
  for (const r of rows) {
    const upcoming = r.effective_from > now;
    const gaps = upcoming
      ? await strandingGaps(tx, r.procedure_code, r.province_code, r.effective_from)
      : ((r.override_gaps ?? []) as StrandingGap[]);
    out.push({
      procedureCode: r.procedure_code,
      procedureName: r.name,
      provinceCode: r.province_code,
      effectiveFrom: r.effective_from.toISOString(),
      upcoming,
      gaps: gaps.map(gapText),
      override: r.override_reason ? { reason: r.override_reason, by: r.username ?? null } : null,
    });
  }
  return out;
}

/** By province, the agencies where some bound step's role is held by nobody now ("agency/role" keys). */
export async function strandedByProvince(
  tx: Tx,
  unstaffed: ReadonlyMap<string, unknown>,
): Promise<Record<string, number>> {
  const agencies = [...new Set([...unstaffed.keys()].map((k) => k.split('/')[0] as string))];
  if (agencies.length === 0) return {};
  const { rows } = await sql<{ province: string; n: number }>`
    SELECT province, count(*)::int AS n FROM agency_province WHERE code = ANY(${agencies}::text[]) GROUP BY province`.execute(
    tx,
  );
  return Object.fromEntries(rows.map((r) => [r.province, Number(r.n)]));
}
