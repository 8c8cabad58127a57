import { sql } from 'kysely';
import { dayOfIso } from '../../domain/calendar/localTime.js';
import { indicatorRows, rowChange, type Measure } from '../../domain/reports/indicatorRows.js';
import type { AppContext, Tx } from '../context.js';
import { countUncounted, fromStored, storedRows, type Stored } from './countIndicators.js';
import { foldAllIndicators } from './foldIndicators.js';
import { indicatorRecords } from './indicatorRecords.js';
import { IndicatorSums } from './indicatorSums.js';
import { nextMonthOf } from '../../domain/calendar/months.js';

export interface TableComparison {
  table: string;
  /** Non-zero entries the recount expects. */
  expected: number;
  differing: number;
  /** A few differences: key, expected, found. */
  examples: string[];
}

export interface IndicatorCheckReport {
  dossiers: number;
  /** Dossiers whose counted rows are not what their log and facts give now. */
  dossiersDiffering: number;
  tables: TableComparison[];
  equal: boolean;
}

const batchSize = 2000;
const firstId = '00000000-0000-0000-0000-000000000000';

/** Receiving agencies of no province checked together. */
const agenciesPerPass = 40;

/**
 * The aggregate check: recounts every dossier from its log and facts and compares with the
 * running sums (plus what is queued and not folded yet), table by table, in one repeatable-read
 * snapshot, a few receiving agencies at a time so that memory stays bounded at national scale.
 * Equal means every indicator the sums answer is the one the recount gives.
 */
export function checkIndicators(ctx: AppContext): Promise<IndicatorCheckReport> {
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const closed = (
        await tx.selectFrom('indicator_month_closed').select('month').orderBy('month').execute()
      ).map((r) => r.month);
      const recentFrom = closed.length > 0 ? nextMonthOf(closed.at(-1) as string) : '0001-01-01';
      // One province at a time (its agencies and its own sums), then the agencies of no province.
      const { rows: agencyRows } = await sql<{ code: string; province: string | null }>`
        SELECT s.code, p.province FROM (
          SELECT competent_agency AS code FROM dossier
          UNION SELECT agency_code FROM indicator_cell UNION SELECT agency_code FROM indicator_open
          UNION SELECT agency_code FROM indicator_month_end UNION SELECT agency_code FROM indicator_change
        ) s LEFT JOIN agency_province p ON p.code = s.code
        WHERE s.code NOT LIKE '*%'`.execute(tx);
      const groups = new Map<string, string[]>();
      for (const r of agencyRows) {
        const key = r.province ?? '';
        const group = groups.get(key);
        if (group) group.push(r.code);
        else groups.set(key, [r.code]);
      }
      const report: IndicatorCheckReport = {
        dossiers: 0,
        dossiersDiffering: 0,
        tables: ['indicator_cell', 'indicator_open', 'indicator_open_change', 'indicator_month_end'].map(
          (table) => ({ table, expected: 0, differing: 0, examples: [] }),
        ),
        equal: true,
      };
      const provinceOf = new Map(agencyRows.map((r) => [r.code, r.province]));
      for (const [province, agencies] of groups) {
        // A province's agencies together, with its own sums; agencies of no province a few at a time.
        if (province) await checkAgencies(tx, agencies, provinceOf, province, closed, recentFrom, report);
        else
          for (let i = 0; i < agencies.length; i += agenciesPerPass)
            await checkAgencies(
              tx,
              agencies.slice(i, i + agenciesPerPass),
              provinceOf,
              null,
              closed,
              recentFrom,
              report,
            );
      }
      report.equal = report.dossiersDiffering === 0 && report.tables.every((t) => t.differing === 0);
      return report;
    });
}

async function checkAgencies(
  tx: Tx,
  agencies: string[],
  provinceOf: Map<string, string | null>,
  province: string | null,
  closed: string[],
  recentFrom: string,
  report: IndicatorCheckReport,
): Promise<void> {
  const expected = new IndicatorSums(closed, recentFrom);
  const pending = new IndicatorSums(closed, recentFrom);
  await recount(tx, agencies, provinceOf, { expected, pending }, report);
  // What the tables hold, plus the changes still queued, folded the same way.
  const { rows: queued } = await sql<{
    agency_code: string;
    procedure_code: string;
    measure: Measure;
    ref_day: string;
    day: string;
    n: number;
  }>`SELECT agency_code, procedure_code, measure, ref_day, day, n FROM indicator_change
     WHERE agency_code = ANY(${agencies}::text[])`.execute(tx);
  for (const q of queued)
    pending.add(
      q.agency_code,
      q.procedure_code,
      [{ measure: q.measure, ref: dayOfIso(q.ref_day), day: dayOfIso(q.day), n: q.n }],
      provinceOf.get(q.agency_code),
    );
  const found = await tables(tx, province ? [...agencies, `*${province}`] : agencies);
  const plus = <V>(a: Map<string, V>, b: Map<string, V>, add: (x: V, y: V) => V) => {
    for (const [k, v] of b) a.set(k, a.has(k) ? add(a.get(k) as V, v) : v);
    return a;
  };
  const num = (x: number, y: number) => x + y;
  const triple = (x: number[], y: number[]) => x.map((v, i) => v + (y[i] ?? 0));
  const joined = (m: Map<string, number[]>) => new Map([...m].map(([k, v]) => [k, v.join('/')]));
  const comparisons = [
    compare(expected.cells, plus(found.cells, pending.cells, num)),
    compare(expected.open(), plus(found.open, pending.open(), num)),
    compare(expected.openChanges, plus(found.openChanges, pending.openChanges, num)),
    compare(joined(expected.monthEnds()), joined(plus(found.monthEnds, pending.monthEnds(), triple))),
  ];
  comparisons.forEach((c, i) => {
    const t = report.tables[i] as TableComparison;
    t.expected += c.expected;
    t.differing += c.differing;
    t.examples.push(...c.examples.slice(0, 5 - t.examples.length));
  });
}

/**
 * Recounts the agencies' dossiers into `expected`; a dossier marked and not counted yet adds its
 * difference to `pending` (queued, as the job will count it), any other whose counted rows are not
 * its recount is a dossier differing.
 */
async function recount(
  tx: Tx,
  agencies: string[],
  provinceOf: Map<string, string | null>,
  into: { expected: IndicatorSums; pending: IndicatorSums },
  report: IndicatorCheckReport,
): Promise<void> {
  let last = firstId;
  for (;;) {
    const records = await indicatorRecords(
      tx,
      sql`d.competent_agency = ANY(${agencies}::text[]) AND d.id > ${last}::uuid`,
      sql`ORDER BY d.id LIMIT ${batchSize}`,
      true,
    );
    if (records.length === 0) return;
    const { rows } = await sql<{ dossier_id: string }>`
      SELECT dossier_id FROM indicator_dirty WHERE dossier_id = ANY(${records.map((r) => r.id)}::uuid[])`.execute(
      tx,
    );
    const dirty = new Set(rows.map((r) => r.dossier_id));
    for (const r of records) {
      const ours = indicatorRows(r);
      const before = r.counted ? fromStored(r.counted as Stored) : [];
      into.expected.add(r.agency, r.procedure, ours, provinceOf.get(r.agency));
      if (dirty.has(r.id))
        into.pending.add(r.agency, r.procedure, rowChange(before, ours), provinceOf.get(r.agency));
      else if (storedRows(before) !== storedRows(ours)) report.dossiersDiffering++;
    }
    report.dossiers += records.length;
    last = (records.at(-1) as { id: string }).id;
  }
}

function compare<V extends number | string>(
  expected: Map<string, V>,
  found: Map<string, V>,
): Omit<TableComparison, 'table'> {
  const zero = (v: V | undefined) => v === undefined || v === 0 || v === '0/0/0';
  const examples: string[] = [];
  let differing = 0;
  let count = 0;
  for (const key of new Set([...expected.keys(), ...found.keys()])) {
    const e = expected.get(key);
    const f = found.get(key);
    if (!zero(e)) count++;
    if (zero(e) && zero(f)) continue;
    if (e !== f) {
      differing++;
      if (examples.length < 5) examples.push(`${key}: ${e ?? 0} ≠ ${f ?? 0}`);
    }
  }
  return { expected: count, differing, examples };
}

async function tables(tx: Tx, agencies: string[]) {
  const read = async (query: ReturnType<typeof sql<{ k: string; n: number }>>) =>
    new Map((await query.execute(tx)).rows.map((r) => [r.k, Number(r.n)]));
  const mine = sql`agency_code = ANY(${agencies}::text[])`;
  const cells = await read(sql<{ k: string; n: number }>`
    SELECT procedure_code || '|' || month || '|' || agency_code || '|' || measure || '|' || changed_month AS k, n
    FROM indicator_cell WHERE ${mine}`);
  const open = await read(sql<{ k: string; n: number }>`
    SELECT procedure_code || '|' || agency_code || '|' || measure || '|' || due_day AS k, n FROM indicator_open WHERE ${mine}`);
  const openChanges = await read(sql<{ k: string; n: number }>`
    SELECT day || '|' || procedure_code || '|' || agency_code || '|' || measure || '|' || due_day AS k, n
    FROM indicator_open_change WHERE ${mine}`);
  const { rows } = await sql<{ k: string; a: number; b: number; c: number }>`
    SELECT procedure_code || '|' || month || '|' || agency_code AS k,
      in_progress_on_time AS a, in_progress_late AS b, paused AS c FROM indicator_month_end WHERE ${mine}`.execute(
    tx,
  );
  const monthEnds = new Map(rows.map((r) => [r.k, [Number(r.a), Number(r.b), Number(r.c)]]));
  return { cells, open, openChanges, monthEnds };
}

/**
 * Rebuilds the running sums from the log (after a repair, or to prove they can be): empties them,
 * counts every dossier again in bulk and folds, closing the months as folding does. Run it with
 * the system stopped.
 */
export async function rebuildIndicators(ctx: AppContext): Promise<{ dossiers: number }> {
  await sql`TRUNCATE dossier_indicator, indicator_dirty, indicator_change, indicator_cell, indicator_open, indicator_open_change,
    indicator_month_end, indicator_month_closed`.execute(ctx.db);
  const dossiers = await countUncounted(ctx);
  await foldAllIndicators(ctx, 500_000);
  return { dossiers };
}
