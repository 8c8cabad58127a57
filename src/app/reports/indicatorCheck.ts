import { sql } from 'kysely';
import { dayOfIso } from '../../domain/calendar/localTime.js';
import { indicatorRows, type IndicatorRow, type Measure } from '../../domain/reports/indicatorRows.js';
import type { AppContext, Tx } from '../context.js';
import { localToday, monthOf } from './foldIndicators.js';
import { indicatorRecords } from './indicatorRecords.js';
import { IndicatorSums, nextMonthOf } from './indicatorSums.js';

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

/**
 * Recounts every dossier's indicator rows from its processing log and facts, in one snapshot, and
 * adds them up as the tables are keyed. `each` sees every dossier's rows (the check compares them
 * with what was counted; the rebuild stores them).
 */
async function recount(
  tx: Tx,
  closedMonths: string[],
  recentFrom: string,
  each: (batch: { id: string; rows: IndicatorRow[] }[]) => Promise<void>,
): Promise<{ sums: IndicatorSums; dossiers: number }> {
  const sums = new IndicatorSums(closedMonths, recentFrom);
  let last = firstId;
  let dossiers = 0;
  for (;;) {
    const records = await indicatorRecords(
      tx,
      sql`d.id > ${last}::uuid`,
      sql`ORDER BY d.id LIMIT ${batchSize}`,
    );
    if (records.length === 0) break;
    const batch = records.map((r) => {
      const rows = indicatorRows(r);
      sums.add(r.agency, r.procedure, rows);
      return { id: r.id, rows };
    });
    await each(batch);
    dossiers += records.length;
    last = (records.at(-1) as { id: string }).id;
  }
  return { sums, dossiers };
}

const stored = (rows: IndicatorRow[]) => JSON.stringify(rows.map((r) => [r.measure, r.ref, r.day, r.n]));

/**
 * The aggregate check: recounts from the log and compares with the running sums (plus what is
 * queued and not folded yet), table by table, in one repeatable-read snapshot. Equal means every
 * indicator the aggregates answer is the one the recount gives.
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
      let dossiersDiffering = 0;
      const { sums, dossiers } = await recount(tx, closed, recentFrom, async (batch) => {
        const { rows } = await sql<{ dossier_id: string; rows: unknown }>`
          SELECT dossier_id, rows FROM dossier_indicator WHERE dossier_id = ANY(${batch.map((b) => b.id)}::uuid[])`.execute(
          tx,
        );
        const counted = new Map(rows.map((r) => [r.dossier_id, JSON.stringify(r.rows)]));
        for (const b of batch) if ((counted.get(b.id) ?? '[]') !== stored(b.rows)) dossiersDiffering++;
      });

      // What the tables hold, plus the changes still queued, folded the same way.
      const pending = new IndicatorSums(closed, recentFrom);
      const { rows: queued } = await sql<{
        agency_code: string;
        procedure_code: string;
        measure: Measure;
        ref_day: string;
        day: string;
        n: number;
      }>`SELECT agency_code, procedure_code, measure, ref_day, day, n FROM indicator_change`.execute(tx);
      for (const q of queued)
        pending.add(q.agency_code, q.procedure_code, [
          { measure: q.measure, ref: dayOfIso(q.ref_day), day: dayOfIso(q.day), n: q.n },
        ]);
      const found = await tables(tx);
      const plus = <V>(a: Map<string, V>, b: Map<string, V>, add: (x: V, y: V) => V) => {
        for (const [k, v] of b) a.set(k, a.has(k) ? add(a.get(k) as V, v) : v);
        return a;
      };
      const num = (x: number, y: number) => x + y;
      const triple = (x: number[], y: number[]) => x.map((v, i) => v + (y[i] ?? 0));
      const comparisons = [
        compare('indicator_cell', sums.cells, plus(found.cells, pending.cells, num)),
        compare('indicator_open', sums.open(), plus(found.open, pending.open(), num)),
        compare('indicator_open_change', sums.openChanges, plus(found.openChanges, pending.openChanges, num)),
        compare(
          'indicator_month_end',
          mapValues(sums.monthEnds(), (v) => v.join('/')),
          mapValues(plus(found.monthEnds, pending.monthEnds(), triple), (v) => v.join('/')),
        ),
      ];
      return {
        dossiers,
        dossiersDiffering,
        tables: comparisons,
        equal: dossiersDiffering === 0 && comparisons.every((c) => c.differing === 0),
      };
    });
}

const mapValues = <A, B>(m: Map<string, A>, f: (a: A) => B) => new Map([...m].map(([k, v]) => [k, f(v)]));

function compare<V extends number | string>(
  table: string,
  expected: Map<string, V>,
  found: Map<string, V>,
): TableComparison {
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
  return { table, expected: count, differing, examples };
}

async function tables(tx: Tx) {
  const cells = new Map<string, number>();
  const open = new Map<string, number>();
  const openChanges = new Map<string, number>();
  const monthEnds = new Map<string, number[]>();
  for (const r of (
    await sql<{ k: string; n: number }>`
      SELECT procedure_code || '|' || month || '|' || agency_code || '|' || measure || '|' || changed_month AS k, n
      FROM indicator_cell`.execute(tx)
  ).rows)
    cells.set(r.k, r.n);
  for (const r of (
    await sql<{ k: string; n: number }>`
      SELECT procedure_code || '|' || agency_code || '|' || measure || '|' || due_day AS k, n FROM indicator_open`.execute(
      tx,
    )
  ).rows)
    open.set(r.k, r.n);
  for (const r of (
    await sql<{ k: string; n: number }>`
      SELECT day || '|' || procedure_code || '|' || agency_code || '|' || measure || '|' || due_day AS k, n
      FROM indicator_open_change`.execute(tx)
  ).rows)
    openChanges.set(r.k, r.n);
  for (const r of (
    await sql<{ k: string; a: number; b: number; c: number }>`
      SELECT procedure_code || '|' || month || '|' || agency_code AS k,
        in_progress_on_time AS a, in_progress_late AS b, paused AS c FROM indicator_month_end`.execute(tx)
  ).rows)
    monthEnds.set(r.k, [r.a, r.b, r.c]);
  return { cells, open, openChanges, monthEnds };
}

/**
 * Rebuilds the running sums from the log (an installation that predates them, or after a repair):
 * every dossier's rows recounted and stored, the tables written whole, every ended month closed.
 * Run it with the system stopped: it replaces the sums in one transaction.
 */
export function rebuildIndicators(ctx: AppContext): Promise<{ dossiers: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    await sql`TRUNCATE dossier_indicator, indicator_change, indicator_cell, indicator_open, indicator_open_change,
      indicator_month_end, indicator_month_closed`.execute(tx);
    const currentMonth = monthOf(localToday(ctx.now()));
    const first = await tx
      .selectFrom('dossier')
      .select((eb) => eb.fn.min('submitted_at').as('at'))
      .executeTakeFirst();
    const closed: string[] = [];
    const start = first?.at ? monthOf(localToday(new Date(first.at))) : currentMonth;
    for (let m = start; m < currentMonth; m = nextMonthOf(m)) closed.push(m);
    const { sums, dossiers } = await recount(tx, closed, currentMonth, async (batch) => {
      await sql`INSERT INTO dossier_indicator (dossier_id, rows)
        SELECT * FROM unnest(${batch.map((b) => b.id)}::uuid[], ${batch.map((b) => stored(b.rows))}::jsonb[])`.execute(
        tx,
      );
    });
    await insertMany(
      tx,
      'indicator_cell (procedure_code, month, agency_code, measure, changed_month, n)',
      sums.cells,
      ['text', 'date', 'text', 'text', 'date'],
    );
    await insertMany(tx, 'indicator_open (procedure_code, agency_code, measure, due_day, n)', sums.open(), [
      'text',
      'text',
      'text',
      'date',
    ]);
    await insertMany(
      tx,
      'indicator_open_change (day, procedure_code, agency_code, measure, due_day, n)',
      sums.openChanges,
      ['date', 'text', 'text', 'text', 'date'],
    );
    const ends = sums.monthEnds();
    for (let i = 0, all = [...ends]; i < all.length; i += 5000) {
      const chunk = all.slice(i, i + 5000);
      const part = (j: number) => chunk.map(([k]) => k.split('|')[j]);
      await sql`INSERT INTO indicator_month_end (procedure_code, month, agency_code, in_progress_on_time, in_progress_late, paused)
        SELECT * FROM unnest(${part(0)}::text[], ${part(1)}::date[], ${part(2)}::text[],
          ${chunk.map(([, v]) => v[0])}::bigint[], ${chunk.map(([, v]) => v[1])}::bigint[], ${chunk.map(([, v]) => v[2])}::bigint[])`.execute(
        tx,
      );
    }
    if (closed.length > 0)
      await tx
        .insertInto('indicator_month_closed')
        .values(closed.map((month) => ({ month, closed_at: ctx.now() })))
        .execute();
    return { dossiers };
  });
}

/** Writes a map of 'a|b|…' keys to n into a table, 5,000 rows a statement. */
async function insertMany(tx: Tx, target: string, values: Map<string, number>, types: string[]) {
  const all = [...values].filter(([, n]) => n !== 0);
  for (let i = 0; i < all.length; i += 5000) {
    const chunk = all.slice(i, i + 5000);
    const columns = types.map((t, j) => sql`${chunk.map(([k]) => k.split('|')[j])}::${sql.raw(t)}[]`);
    await sql`INSERT INTO ${sql.raw(target)} SELECT * FROM unnest(${sql.join(columns)}, ${chunk.map(([, n]) => n)}::bigint[])`.execute(
      tx,
    );
  }
}
