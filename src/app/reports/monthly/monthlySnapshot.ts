import { vi } from '../../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { dayOfIso, isoOfDay } from '../../../domain/calendar/localTime.js';
import { indicatorsOf, sumTotals, type Indicators } from '../../../domain/reports/indicators.js';
import type { FeedbackSummaryRow } from '../../../contracts/feedback.js';
import type { AppContext, Tx } from '../../context.js';
import { feedbackSummaryOf } from '../../feedback/feedbackQueries.js';
import { difficultiesByMinistry, type MinistryDifficulties } from '../../feedback/difficultyReport.js';
import { agencyProvinces } from '../agencyProvinces.js';
import { completionTableIn, type CompletionTableRow } from '../completionTable.js';
import { nextMonthOf } from '../../../domain/calendar/months.js';
import { scoringOn } from '../scoringVersions.js';
import { scoreOf, type Score } from '../../../domain/reports/scoring.js';
import {
  agencyRows,
  provinceRows,
  totalsOfScope,
  type AgencyIndicators,
  type ProvinceIndicators,
} from '../serviceIndicators.js';
import { problem } from '../../problems.js';

export interface ReportScope {
  kind: 'national' | 'province';
  /** The province's code; null for the nation. */
  code: string | null;
  name: string;
}

export interface LateRow {
  code: string;
  name: string;
  /** Finished in the month, of which late. */
  finished: number;
  finishedLate: number;
  /** Still in progress past due at the month's end. */
  openLate: number;
}

export interface MinistryRow {
  code: string;
  name: string;
  dossiers: number;
  indicators: Indicators;
}

/** Everything a monthly report says, as computed when it was generated: stored with the files. */
export interface MonthlySnapshot {
  /** 'YYYY-MM'. */
  month: string;
  scope: ReportScope;
  generatedAt: string;
  total: { dossiers: number; indicators: Indicators; score: Score };
  /** The nation: its 34 provinces ranked; a province: itself. */
  provinces: ProvinceIndicators[];
  /** A province: its receiving agencies; the nation: none (see the ministries). */
  agencies: AgencyIndicators[];
  /** Dossiers received by central bodies, by ministry (the nation only). */
  ministries: MinistryRow[];
  /** Seed 004's completion table at the month's end (national: the catalog is national). */
  completion: CompletionTableRow[];
  topLateProcedures: LateRow[];
  topLateAgencies: LateRow[];
  feedback: FeedbackSummaryRow[];
  /** Difficulties about each ministry's procedures (absent from reports made before issue 23). */
  difficultiesByMinistry?: MinistryDifficulties[];
}

const top = 10;

/** Central bodies' agencies grouped under the ministry above each. */
async function ministriesOver(tx: Tx, central: string[]) {
  const { rows: up } = await sql<{ code: string; ministry: string; name: string }>`
    WITH RECURSIVE up(code, ancestor, kind) AS (
      SELECT a.code, a.code, a.kind FROM agency a WHERE a.code = ANY(${central}::text[])
      UNION ALL
      SELECT up.code, p.code, p.kind FROM up
      JOIN agency x ON x.code = up.ancestor JOIN agency p ON p.code = x.parent_code
      WHERE up.kind <> 'ministry'
    )
    SELECT up.code, up.ancestor AS ministry, m.name FROM up JOIN agency m ON m.code = up.ancestor
    WHERE up.kind = 'ministry'`.execute(tx);
  const ministries = new Map<string, { name: string; agencies: string[] }>();
  for (const r of up) {
    const m = ministries.get(r.ministry) ?? { name: r.name, agencies: [] };
    m.agencies.push(r.code);
    ministries.set(r.ministry, m);
  }
  return ministries;
}

/** The procedures or agencies with the most late dossiers of the month (finished late or still open late). */
async function topLate(
  tx: Tx,
  level: 'procedure' | 'agency',
  first: string,
  agencies: string[],
): Promise<LateRow[]> {
  const key = level === 'procedure' ? sql.ref('procedure_code') : sql.ref('agency_code');
  const ofLevel = level === 'procedure' ? sql`procedure_code <> '*'` : sql`procedure_code = '*'`;
  const { rows } = await sql<{ code: string; finished: number; finished_late: number; open_late: number }>`
    WITH f AS (
      SELECT ${key} AS code,
        sum(n) FILTER (WHERE measure IN ('finished_before_due', 'finished_on_time', 'finished_late'))::bigint AS finished,
        sum(n) FILTER (WHERE measure = 'finished_late')::bigint AS finished_late
      FROM indicator_cell
      WHERE ${ofLevel} AND month = ${first}::date AND changed_month <= ${first}::date
        AND agency_code = ANY(${agencies}::text[])
      GROUP BY 1
    ), o AS (
      SELECT ${key} AS code, sum(in_progress_late)::bigint AS open_late FROM indicator_month_end
      WHERE ${ofLevel} AND month = ${first}::date AND agency_code = ANY(${agencies}::text[])
      GROUP BY 1
    )
    SELECT coalesce(f.code, o.code) AS code, coalesce(f.finished, 0) AS finished,
      coalesce(f.finished_late, 0) AS finished_late, coalesce(o.open_late, 0) AS open_late
    FROM f FULL JOIN o ON o.code = f.code
    WHERE coalesce(f.finished_late, 0) + coalesce(o.open_late, 0) > 0
    ORDER BY coalesce(f.finished_late, 0) + coalesce(o.open_late, 0) DESC, 1
    LIMIT ${top}`.execute(tx);
  const codes = rows.map((r) => r.code);
  const { rows: names } =
    level === 'procedure'
      ? await sql<{ code: string; name: string }>`
          SELECT code, name FROM procedure WHERE code = ANY(${codes}::text[])`.execute(tx)
      : await sql<{ code: string; name: string }>`
          SELECT code, name FROM agency WHERE code = ANY(${codes}::text[])`.execute(tx);
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  return rows.map((r) => ({
    code: r.code,
    name: nameOf.get(r.code) ?? r.code,
    finished: Number(r.finished),
    finishedLate: Number(r.finished_late),
    openLate: Number(r.open_late),
  }));
}

/**
 * The month's report for the receiving agencies of a scope, read from the running sums of the
 * closed month (so it answers in seconds at national scale); a month not closed yet is refused.
 */
export async function monthlySnapshot(
  ctx: AppContext,
  tx: Tx,
  month: string,
  scope: ReportScope,
  agencies: string[],
): Promise<MonthlySnapshot> {
  const first = `${month}-01`;
  const next = nextMonthOf(first);
  const closed = await tx
    .selectFrom('indicator_month_closed')
    .select('month')
    .where('month', '=', first)
    .executeTakeFirst();
  if (!closed) throw problem('month-not-closed', vi.detail.monthNotClosed(month));
  const period = { from: first, to: isoOfDay(dayOfIso(next) - 1) };
  const all = [{ agencies, procedures: null }];
  const byProvince = await totalsOfScope(ctx, tx, all, period, 'province');
  const byAgency = await totalsOfScope(ctx, tx, all, period, 'agency');
  const total = indicatorsOf(sumTotals(byProvince.totals.values()));
  const geo = await agencyProvinces(tx, ctx.db);

  const ministries = await ministriesOver(
    tx,
    [...byAgency.totals.keys()].filter((x) => !geo.provinceOf.has(x)),
  );

  const late = (level: 'procedure' | 'agency') => topLate(tx, level, first, agencies);

  const end = new Date(new Date(`${next}T00:00:00+07:00`).getTime() - 1);
  return {
    month,
    scope,
    generatedAt: ctx.now().toISOString(),
    total: {
      dossiers: total.carriedOver + total.received.total,
      indicators: total,
      score: scoreOf(total, await scoringOn(tx, period.to)),
    },
    provinces: provinceRows(byProvince),
    agencies: scope.kind === 'province' ? agencyRows(byAgency) : [],
    ministries: [...ministries]
      .map(([code, m]) => {
        const indicators = indicatorsOf(sumTotals(m.agencies.flatMap((a) => byAgency.totals.get(a) ?? [])));
        return {
          code,
          name: m.name,
          dossiers: indicators.carriedOver + indicators.received.total,
          indicators,
        };
      })
      .sort((a, b) => a.code.localeCompare(b.code)),
    completion: await completionTableIn(tx, end),
    topLateProcedures: await late('procedure'),
    topLateAgencies: await late('agency'),
    feedback: await feedbackSummaryOf(tx, agencies, period, ctx.now()),
    difficultiesByMinistry: await difficultiesByMinistry(tx, agencies, period),
  };
}
