import { sql } from 'kysely';
import { isoOfDay } from '../../domain/calendar/localTime.js';
import {
  indicatorRows,
  rowChange,
  type IndicatorRow,
  type Measure,
} from '../../domain/reports/indicatorRows.js';
import type { Tx } from '../context.js';
import { indicatorRecords } from './indicatorRecords.js';

type Stored = [string, number, number, number][];
const fromStored = (rows: Stored): IndicatorRow[] =>
  rows.map(([measure, ref, day, n]) => ({ measure: measure as Measure, ref, day, n }));
const toStored = (rows: IndicatorRow[]): Stored => rows.map((r) => [r.measure, r.ref, r.day, r.n]);

/**
 * Brings a dossier's share of the running sums up to date, inside the transaction that changed it
 * (an action, a document, a payment, a result, a rating): its rows are recomputed from its log and
 * facts, and the difference from the rows counted last is queued for the folder. Called last in
 * the transaction, after every write that can change what it reads.
 */
export async function countIndicators(tx: Tx, dossierId: string): Promise<void> {
  // One count at a time per dossier: two could otherwise queue the same difference twice.
  await sql`SELECT 1 FROM dossier WHERE id = ${dossierId}::uuid FOR UPDATE`.execute(tx);
  const [record] = await indicatorRecords(tx, sql`d.id = ${dossierId}::uuid`);
  if (!record) return;
  const stored = await tx
    .selectFrom('dossier_indicator')
    .select('rows')
    .where('dossier_id', '=', dossierId)
    .executeTakeFirst();
  const rows = indicatorRows(record);
  const change = rowChange(stored ? fromStored(stored.rows) : [], rows);
  if (change.length === 0) return;
  await tx
    .insertInto('indicator_change')
    .values(
      change.map((r) => ({
        agency_code: record.agency,
        procedure_code: record.procedure,
        measure: r.measure,
        ref_day: isoOfDay(r.ref),
        day: isoOfDay(r.day),
        n: r.n,
      })),
    )
    .execute();
  const value = JSON.stringify(toStored(rows));
  await tx
    .insertInto('dossier_indicator')
    .values({ dossier_id: dossierId, rows: value })
    .onConflict((oc) => oc.column('dossier_id').doUpdateSet({ rows: value }))
    .execute();
}
