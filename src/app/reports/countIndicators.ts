import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isoOfDay } from '../../domain/calendar/localTime.js';
import {
  indicatorRows,
  rowChange,
  type IndicatorRow,
  type Measure,
} from '../../domain/reports/indicatorRows.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { indicatorRecords, type IndicatorRecord } from './indicatorRecords.js';

export type Stored = [string, number, number, number][];
export const fromStored = (rows: Stored): IndicatorRow[] =>
  rows.map(([measure, ref, day, n]) => ({ measure: measure as Measure, ref, day, n }));
export const storedRows = (rows: IndicatorRow[]) =>
  JSON.stringify(rows.map((r) => [r.measure, r.ref, r.day, r.n]));

/**
 * Marks a dossier to be counted again, inside the transaction that changed it beside its log (a
 * document, a payment, a result, a rating; a log entry marks its dossier as it is appended), under
 * its row lock: the folding job counts it from its log and facts within a second (`countDirty`),
 * and the live views add its difference meanwhile (`queuedChanges`). Recounting it here took the
 * heaviest statement of every action, and a second round trip, off the request (BENCHMARKS.md,
 * issue 24, sixth pass). Under the lock, the job cannot be counting the dossier while this
 * transaction changes it (it skips locked dossiers), so a mark already there is one it has not
 * taken yet.
 */
export async function markForCounting(tx: Tx, dossierId: string): Promise<void> {
  await sql`INSERT INTO indicator_dirty (dossier_id)
    SELECT id FROM dossier WHERE id = ${dossierId}::uuid FOR UPDATE
    ON CONFLICT DO NOTHING`.execute(tx);
}

/**
 * Counts up to `limit` marked dossiers, in one transaction under their row locks (a dossier being
 * changed is skipped and taken by a later pass, after that change has marked it again); returns
 * how many. Several processes may run it at once.
 */
export function countDirty(ctx: AppContext, limit = 2000): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const { rows } = await sql<{ id: string }>`
      SELECT d.id FROM indicator_dirty x JOIN dossier d ON d.id = x.dossier_id
      LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED`.execute(tx);
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    await sql`DELETE FROM indicator_dirty WHERE dossier_id = ANY(${ids}::uuid[])`.execute(tx);
    await countDossiers(tx, ids);
    return ids.length;
  });
}

/**
 * What is not folded into the sums yet, as a table to read in place of `indicator_change`: the
 * differences queued, and those of the dossiers marked and not counted yet, computed here as the
 * job will count them. The live views read it, so that they are exact at every commit.
 */
export async function queuedChanges(tx: Tx): Promise<RawBuilder<unknown>> {
  const records = await indicatorRecords(
    tx,
    sql<SqlBool>`d.id IN (SELECT dossier_id FROM indicator_dirty)`,
    sql``,
    true,
  );
  const rows = sumChanges(differences(records, await countedBefore(tx, records)).changes);
  if (rows.length === 0) return sql`indicator_change`;
  return sql`(SELECT agency_code, procedure_code, measure, ref_day, day, n FROM indicator_change
    UNION ALL SELECT * FROM ${changeRows(rows)} AS u (agency_code, procedure_code, measure, ref_day, day, n))
    AS indicator_change`;
}

/**
 * The same for many dossiers at once, in bulk (dossiers counted for the first time: an
 * installation older than the sums, or a rebuild). The caller makes sure nobody else counts them.
 */
export async function countDossiers(tx: Tx, ids: readonly string[]): Promise<void> {
  // One dossier (every action) by equality: PostgreSQL then keeps one generic plan of the prepared
  // statement, where `= ANY` of an array of unknown length is planned afresh at each call (0.85 ms).
  const where =
    ids.length === 1 ? sql<SqlBool>`d.id = ${ids[0]}::uuid` : sql<SqlBool>`d.id = ANY(${ids}::uuid[])`;
  await countRecords(tx, await indicatorRecords(tx, where, sql``, true));
}

/**
 * Counts dossiers whose records the caller already holds (a migration builds them with the rows it
 * writes): the same rows, the same difference queued, without reading the log back.
 */
export async function countRecords(tx: Tx, records: readonly IndicatorRecord[]): Promise<void> {
  if (records.length === 0) return;
  const { changes, updated } = differences(records, await countedBefore(tx, records));
  if (updated.length === 0) return;
  // The differences queued and the rows kept, in one statement.
  await sql`WITH queued AS (${changeInsert(sumChanges(changes))})
    INSERT INTO dossier_indicator (dossier_id, rows)
    SELECT * FROM unnest(${updated.map((u) => u.id)}::uuid[], ${updated.map((u) => u.rows)}::jsonb[])
    ON CONFLICT (dossier_id) DO UPDATE SET rows = excluded.rows`.execute(tx);
}

/** Each dossier's difference from the rows it was counted with last, and its rows to keep. */
function differences(records: readonly IndicatorRecord[], before: Map<string, IndicatorRow[]>) {
  const changes: { agency: string; procedure: string; row: IndicatorRow }[] = [];
  const updated: { id: string; rows: string }[] = [];
  for (const r of records) {
    const rows = indicatorRows(r);
    const change = rowChange(before.get(r.id) ?? [], rows);
    if (change.length === 0 && before.has(r.id)) continue;
    for (const row of change) changes.push({ agency: r.agency, procedure: r.procedure, row });
    updated.push({ id: r.id, rows: storedRows(rows) });
  }
  return { changes, updated };
}

/** The rows each dossier was counted with last: read with its record, or else read here. */
async function countedBefore(
  tx: Tx,
  records: readonly IndicatorRecord[],
): Promise<Map<string, IndicatorRow[]>> {
  if (records.every((r) => r.counted !== undefined))
    return new Map(
      records.flatMap((r) => (r.counted === null ? [] : [[r.id, fromStored(r.counted as Stored)] as const])),
    );
  const { rows } = await sql<{ dossier_id: string; rows: Stored }>`
    SELECT dossier_id, rows FROM dossier_indicator WHERE dossier_id = ANY(${records.map((r) => r.id)}::uuid[])`.execute(
    tx,
  );
  return new Map(rows.map((c) => [c.dossier_id, fromStored(c.rows)]));
}

type Change = { agency: string; procedure: string; measure: string; ref: string; day: string; n: number };

/** Queues differences of the running sums for the folder. */
async function queueChanges(
  tx: Tx,
  changes: readonly { agency: string; procedure: string; row: IndicatorRow }[],
): Promise<void> {
  const rows = sumChanges(changes);
  if (rows.length > 0) await sql`${changeInsert(rows)}`.execute(tx);
}

/** Summed differences as a set of rows, in `indicator_change`'s column order. */
const changeRows = (rows: readonly Change[]) =>
  sql`unnest(${rows.map((c) => c.agency)}::text[], ${rows.map((c) => c.procedure)}::text[],
    ${rows.map((c) => c.measure)}::text[], ${rows.map((c) => c.ref)}::date[],
    ${rows.map((c) => c.day)}::date[], ${rows.map((c) => c.n)}::int[])`;

/** The statement queueing summed differences (nothing when there are none). */
const changeInsert = (rows: readonly Change[]) =>
  sql`INSERT INTO indicator_change (agency_code, procedure_code, measure, ref_day, day, n)
  SELECT * FROM ${changeRows(rows)}`;

function sumChanges(changes: readonly { agency: string; procedure: string; row: IndicatorRow }[]): Change[] {
  // Differences of the same sum are added here first: a batch of dossiers of one agency and
  // procedure (an import, a recount) queues one row per sum, not one per dossier.
  const summed = new Map<string, Change>();
  for (const c of changes) {
    const ref = isoOfDay(c.row.ref);
    const day = isoOfDay(c.row.day);
    const key = `${c.agency}\u0000${c.procedure}\u0000${c.row.measure}\u0000${ref}\u0000${day}`;
    const s = summed.get(key);
    if (s) s.n += c.row.n;
    else
      summed.set(key, {
        agency: c.agency,
        procedure: c.procedure,
        measure: c.row.measure,
        ref,
        day,
        n: c.row.n,
      });
  }
  return [...summed.values()].filter((r) => r.n !== 0);
}

/**
 * Takes dossiers out of the running sums before they are removed (a migration run rolled back):
 * the difference from what was counted for each to nothing is queued, and their counted rows go.
 */
export async function uncountDossiers(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const { rows } = await sql<{ dossier_id: string; rows: Stored; agency: string; procedure: string }>`
    SELECT i.dossier_id, i.rows, d.competent_agency AS agency, d.procedure_code AS procedure
    FROM dossier_indicator i JOIN dossier d ON d.id = i.dossier_id
    WHERE i.dossier_id = ANY(${ids}::uuid[])`.execute(tx);
  const changes = rows.flatMap((r) =>
    rowChange(fromStored(r.rows), []).map((row) => ({ agency: r.agency, procedure: r.procedure, row })),
  );
  await queueChanges(tx, changes);
  await sql`DELETE FROM dossier_indicator WHERE dossier_id = ANY(${ids}::uuid[])`.execute(tx);
}

/**
 * Counts every dossier not counted yet (an installation older than the running sums, or after a
 * rebuild emptied them), `batch` per transaction in the order of their ids; returns how many. A
 * dossier locked meanwhile (an action, the portal sync) is skipped and taken by a later pass, so
 * none is left uncounted.
 */
export async function countUncounted(ctx: AppContext, batch = 2000): Promise<number> {
  let total = 0;
  // One look first: on an installation where every dossier is counted, start-up locks nothing.
  for (let pass = 0; ; pass++) {
    const { rows } = await sql<{ id: string }>`
      SELECT d.id FROM dossier d
      WHERE NOT d.practice AND NOT EXISTS (SELECT 1 FROM dossier_indicator i WHERE i.dossier_id = d.id) LIMIT 1`.execute(
      ctx.db,
    );
    if (rows.length === 0) return total;
    if (pass >= 50) throw new Error(`dossier ${rows[0]?.id} stayed locked: not counted`);
    if (pass > 0) await new Promise((r) => setTimeout(r, 100));
    total += await countPass(ctx, batch);
  }
}

async function countPass(ctx: AppContext, batch: number): Promise<number> {
  let total = 0;
  let last = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const seen = await ctx.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ id: string; counted: boolean }>`
        SELECT d.id, EXISTS (SELECT 1 FROM dossier_indicator i WHERE i.dossier_id = d.id) AS counted
        FROM dossier d WHERE d.id > ${last}::uuid AND NOT d.practice ORDER BY d.id LIMIT ${batch} FOR UPDATE OF d SKIP LOCKED`.execute(
        tx,
      );
      const uncounted = rows.filter((r) => !r.counted).map((r) => r.id);
      if (uncounted.length > 0) await countDossiers(tx, uncounted);
      total += uncounted.length;
      return rows.at(-1)?.id ?? null;
    });
    if (seen === null) return total;
    last = seen;
  }
}
