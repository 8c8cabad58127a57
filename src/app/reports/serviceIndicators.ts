import { sql } from 'kysely';
import { dayOfIso, isoOfDay } from '../../domain/calendar/localTime.js';
import {
  emptyTotals,
  indicatorsOf,
  sumTotals,
  totalsOf,
  type IndicatorTotals,
  type Indicators,
} from '../../domain/reports/indicators.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inSnapshot, inTransaction, type AppContext, type Tx } from '../context.js';
import { aggregateTotals, sumsWindow } from './aggregateIndicators.js';
import { localToday } from '../../domain/calendar/months.js';
import { indicatorRecords } from './indicatorRecords.js';
import { agencyProvinces, type AgencyProvinces } from './agencyProvinces.js';
import {
  dossierInScope,
  onScope,
  reportScope,
  scopeAgencyList,
  scopeRows,
  type DossierScope,
  type ScopeFilter,
} from './reportScope.js';
import { scoringOn } from './scoringVersions.js';
import { scoreOf, type Score } from '../../domain/reports/scoring.js';
import { problem } from '../problems.js';

/** Agencies' totals added up by province (agencies of no province stay on their own). */
function byProvince(
  totals: Map<string, IndicatorTotals>,
  geo: AgencyProvinces,
): Map<string, IndicatorTotals> {
  const out = new Map<string, IndicatorTotals[]>();
  for (const [agency, t] of totals) {
    const key = geo.provinceOf.get(agency) ?? agency;
    const group = out.get(key);
    if (group) group.push(t);
    else out.set(key, [t]);
  }
  return new Map([...out].map(([k, ts]) => [k, sumTotals(ts)]));
}

/**
 * A period (Vietnam's calendar days, inclusive), narrowed to the dossiers received by one agency,
 * by the agencies of one province, of the procedures of one ministry, of one procedure.
 */
export interface IndicatorQuery extends ScopeFilter {
  from: string;
  to: string;
}

/** Where the numbers came from: the running sums, or a recount of the log (other periods). */
export type IndicatorSource = 'sums' | 'recount';

export interface ScopedTotals {
  totals: Map<string, IndicatorTotals>;
  names: Map<string, string>;
  source: IndicatorSource;
  /** The provinces with at least one local agency in scope, with or without dossiers. */
  provinces: Set<string>;
}

/**
 * The totals of each receiving agency of the scope over the period (or of each province): from
 * the running sums when the period is whole months (or this month and the ones before it, up to
 * today), else recounted from the processing log. Both give the same numbers: that is what
 * `check-indicators` proves. The caller has decided the scope (an official's reach, or the nation
 * for the scheduled monthly report).
 */
export async function totalsOfScope(
  ctx: AppContext,
  tx: Tx,
  scope: DossierScope,
  q: { from: string; to: string },
  group: 'agency' | 'province' = 'agency',
): Promise<ScopedTotals> {
  if (q.to < q.from) throw problem('validation', 'from ≤ to');
  const now = ctx.now();
  const to = isoOfDay(dayOfIso(q.to) + 1);
  const window = await sumsWindow(tx, q.from, to, localToday(now));
  let totals: Map<string, IndicatorTotals>;
  let source: IndicatorSource;
  if (window) {
    totals = await aggregateTotals(tx, ctx.db, scope, window, group);
    source = 'sums';
  } else {
    const records = await indicatorRecords(
      tx,
      sql`${dossierInScope(scope)} AND d.submitted_at < ${new Date(`${to}T00:00:00+07:00`)}`,
    );
    const period = { from: dayOfIso(q.from) * 1440, to: dayOfIso(to) * 1440 };
    const groups = new Map<string, typeof records>();
    for (const r of records) {
      const group = groups.get(r.agency);
      if (group) group.push(r);
      else groups.set(r.agency, [r]);
    }
    totals = new Map([...groups].map(([agency, records]) => [agency, totalsOf(records, period)]));
    if (group === 'province') totals = byProvince(totals, await agencyProvinces(tx, ctx.db));
    source = 'recount';
  }
  const { rows } =
    group === 'agency'
      ? await sql<{ code: string; name: string }>`
          SELECT code, name FROM agency WHERE code = ANY(${[...totals.keys()]}::text[])`.execute(tx)
      : await sql<{ code: string; name: string }>`
          SELECT code, name FROM admin_unit WHERE level = 'province' AND valid_to IS NULL`.execute(tx);
  const geo = await agencyProvinces(tx, ctx.db);
  const provinces = new Set(scopeAgencyList(scope).flatMap((a) => geo.provinceOf.get(a) ?? []));
  return { totals, names: new Map(rows.map((r) => [r.code, r.name])), source, provinces };
}

/** The same over the agencies the official may see (dossier.read), narrowed as asked. */
function totalsByAgency(
  ctx: AppContext,
  actor: Actor,
  q: IndicatorQuery,
  group: 'agency' | 'province' = 'agency',
): Promise<ScopedTotals> {
  const staff = requireStaff(actor);
  return inSnapshot(ctx, async (tx) =>
    totalsOfScope(ctx, tx, await reportScope(tx, staff.accountId, ctx.now(), q), q, group),
  );
}

const dossiersOf = (i: Indicators) => i.carriedOver + i.received.total;

/**
 * The service-quality indicators of the dossiers an official may see (received by an agency within
 * their reach), for a period.
 */
export async function serviceIndicators(
  ctx: AppContext,
  actor: Actor,
  q: IndicatorQuery,
): Promise<{
  dossiers: number;
  indicators: Indicators;
  score: Score;
  source: IndicatorSource;
  ministry: { code: string; name: string } | null;
}> {
  const { totals, source } = await totalsByAgency(ctx, actor, q, 'province');
  const result = indicatorsOf(sumTotals(totals.values()));
  const { scoring, ministry } = await inTransaction(ctx, async (tx) => ({
    scoring: await scoringOn(tx, q.to),
    ministry: q.ministry
      ? ((await tx
          .selectFrom('agency')
          .select(['code', 'name'])
          .where('code', '=', q.ministry)
          .executeTakeFirst()) ?? null)
      : null,
  }));
  return {
    dossiers: dossiersOf(result),
    indicators: result,
    score: scoreOf(result, scoring),
    source,
    ministry,
  };
}

export interface AgencyIndicators {
  agency: string;
  agencyName: string;
  dossiers: number;
  indicators: Indicators;
  /** Received in the period for another, competent agency (counted there): the receipt's credit. */
  receivedForOthers: number;
}

/** The same, one row per competent agency: those with late dossiers first, then by name. */
export async function indicatorsByAgency(
  ctx: AppContext,
  actor: Actor,
  q: IndicatorQuery,
): Promise<AgencyIndicators[]> {
  const staff = requireStaff(actor);
  return inSnapshot(ctx, async (tx) => {
    const scope = await reportScope(tx, staff.accountId, ctx.now(), q);
    return agencyRows(await totalsOfScope(ctx, tx, scope, q), await receivedForOthers(tx, scope, q));
  });
}

/**
 * How many dossiers each agency of the scope received in the period (Vietnam's days, inclusive)
 * for another, competent agency: counted in the indicators there, credited here for the receipt.
 */
export async function receivedForOthers(
  tx: Tx,
  scope: DossierScope,
  q: { from: string; to: string },
): Promise<Map<string, { name: string; n: number }>> {
  const to = isoOfDay(dayOfIso(q.to) + 1);
  const { rows } = await sql<{ code: string; name: string; n: number }>`
    SELECT d.received_by_agency AS code, a.name, count(*)::int AS n
    FROM dossier d JOIN agency a ON a.code = d.received_by_agency
    WHERE d.competent_agency <> d.received_by_agency AND NOT d.practice
      AND d.received_at >= ${new Date(`${q.from}T00:00:00+07:00`)} AND d.received_at < ${new Date(`${to}T00:00:00+07:00`)}
      AND EXISTS (SELECT 1 FROM ${scopeRows(scope)} s WHERE ${onScope('d.received_by_agency')})
    GROUP BY d.received_by_agency, a.name`.execute(tx);
  return new Map(rows.map((r) => [r.code, { name: r.name, n: r.n }]));
}

/** Rows of agencies with dossiers or receipts for others: those with late dossiers first, then by name. */
export function agencyRows(
  { totals, names }: ScopedTotals,
  forOthers: ReadonlyMap<string, { name: string; n: number }> = new Map(),
): AgencyIndicators[] {
  const agencies = new Set([...totals.keys(), ...forOthers.keys()]);
  const rows = [...agencies].flatMap((agency) => {
    const result = indicatorsOf(totals.get(agency) ?? emptyTotals());
    const dossiers = dossiersOf(result);
    const receivedForOthers = forOthers.get(agency)?.n ?? 0;
    const agencyName = names.get(agency) ?? forOthers.get(agency)?.name ?? agency;
    return dossiers === 0 && receivedForOthers === 0
      ? []
      : [{ agency, agencyName, dossiers, indicators: result, receivedForOthers }];
  });
  const late = (r: AgencyIndicators) => r.indicators.finished.late + r.indicators.inProgress.late;
  return rows.sort((a, b) => late(b) - late(a) || a.agencyName.localeCompare(b.agencyName, 'vi'));
}

export interface ProvinceIndicators {
  province: string;
  provinceName: string;
  /** 1 = the best on-time rate in the period. */
  rank: number;
  dossiers: number;
  indicators: Indicators;
}

/**
 * One row per province in the official's scope (a national monitor: all 34), ranked by on-time
 * rate (provinces without finished dossiers last), then by fewer late dossiers, then by more dossiers. Agencies of no
 * province (ministries) are not in it.
 */
export async function indicatorsByProvince(
  ctx: AppContext,
  actor: Actor,
  q: IndicatorQuery,
): Promise<ProvinceIndicators[]> {
  return provinceRows(await totalsByAgency(ctx, actor, q, 'province'));
}

/** One row per province in scope (totals grouped by province), ranked as above. */
export function provinceRows({ totals, names, provinces }: ScopedTotals): ProvinceIndicators[] {
  const rows = [...provinces].map((province) => {
    const result = indicatorsOf(totals.get(province) ?? emptyTotals());
    return {
      province,
      provinceName: names.get(province) ?? province,
      rank: 0,
      dossiers: dossiersOf(result),
      indicators: result,
    };
  });
  const late = (r: ProvinceIndicators) => r.indicators.finished.late + r.indicators.inProgress.late;
  rows.sort(
    (a, b) =>
      (b.indicators.rates.onTime ?? -1) - (a.indicators.rates.onTime ?? -1) ||
      late(a) - late(b) ||
      b.dossiers - a.dossiers ||
      a.provinceName.localeCompare(b.provinceName, 'vi'),
  );
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}
