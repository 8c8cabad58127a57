import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { terminalStatuses } from '../../domain/dossier/status.js';
import type { AppContext } from '../context.js';
import type { FileStore } from '../files/fileStore.js';

export interface MissingFile {
  sha256: string;
  /** The records that point at the missing bytes: `document <id> (<dossier>)`, `result <id> (<dossier>)`. */
  records: string[];
}

export interface StorageReport {
  files: number;
  referenced: number;
  filesWithoutRecords: { count: number; examples: string[] };
  recordsWithoutFiles: { count: number; examples: MissingFile[] };
  /** Files past retention: only documents of dossiers closed before the cutoff point at them. */
  expired: { count: number; bytes: number; purged: number };
  consistent: boolean;
}

const page = 5000;
const examples = 20;

/** Every hash a record points at, in order, a page at a time (memory does not grow with the store). */
async function* referencedHashes(ctx: AppContext): AsyncIterable<string> {
  let after = '';
  for (;;) {
    const rows = await sql<{ sha256: string }>`
      SELECT sha256 FROM (
        SELECT sha256 FROM dossier_document WHERE purged_at IS NULL
        UNION SELECT sha256 FROM dossier_result WHERE sha256 IS NOT NULL
        UNION SELECT sha256 FROM warehouse_item
        -- A citizen's supplement from the portal holds its files even when it could not be applied.
        UNION SELECT f->>'sha256' FROM portal_event e, jsonb_array_elements(e.body->'NoiDung'->'TepDinhKem') f
          WHERE e.kind = 'supplement'
      ) r WHERE sha256 > ${after} ORDER BY sha256 LIMIT ${page}`.execute(ctx.db);
    for (const r of rows.rows) yield r.sha256;
    if (rows.rows.length < page) return;
    after = rows.rows[rows.rows.length - 1]?.sha256 ?? after;
  }
}

async function* sorted(store: FileStore): AsyncIterable<string> {
  // Both stores list in hash order already (directories / keys by prefix); sorting a page keeps it so.
  let buffer: string[] = [];
  let prefix = '';
  for await (const h of store.list()) {
    if (h.slice(0, 2) !== prefix) {
      yield* buffer.sort();
      buffer = [];
      prefix = h.slice(0, 2);
    }
    buffer.push(h);
  }
  yield* buffer.sort();
}

async function recordsOf(ctx: AppContext, sha256: string): Promise<string[]> {
  const docs = await ctx.db
    .selectFrom('dossier_document as x')
    .innerJoin('dossier as d', 'd.id', 'x.dossier_id')
    .select(['x.id', 'd.code'])
    .where('x.sha256', '=', sha256)
    .where('x.purged_at', 'is', null)
    .execute();
  const results = await ctx.db
    .selectFrom('dossier_result as r')
    .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
    .select(['r.id', 'd.code'])
    .where('r.sha256', '=', sha256)
    .execute();
  return [
    ...docs.map((x) => vi.detail.storedDocument(x.id, x.code)),
    ...results.map((r) => vi.detail.storedResult(r.id, r.code)),
  ];
}

/**
 * Compares the file store with the records (a merge of two hash-ordered streams): files no record
 * points at, and records whose file is missing. With a retention period, also finds the files only
 * documents of dossiers closed before the cutoff point at — not results, not anything in a
 * citizen's warehouse — and, asked to purge, deletes those files and marks their records.
 */
export async function checkStorage(
  ctx: AppContext,
  store: FileStore,
  opts: { retentionYears?: number; purge?: boolean } = {},
): Promise<StorageReport> {
  const report: StorageReport = {
    files: 0,
    referenced: 0,
    filesWithoutRecords: { count: 0, examples: [] },
    recordsWithoutFiles: { count: 0, examples: [] },
    expired: { count: 0, bytes: 0, purged: 0 },
    consistent: true,
  };
  const files = sorted(store)[Symbol.asyncIterator]();
  const records = referencedHashes(ctx)[Symbol.asyncIterator]();
  let f = await files.next();
  let r = await records.next();
  while (!f.done || !r.done) {
    if (!f.done && (r.done || f.value < r.value)) {
      report.files++;
      report.filesWithoutRecords.count++;
      if (report.filesWithoutRecords.examples.length < examples)
        report.filesWithoutRecords.examples.push(f.value);
      f = await files.next();
    } else if (!r.done && (f.done || r.value < f.value)) {
      report.referenced++;
      report.recordsWithoutFiles.count++;
      if (report.recordsWithoutFiles.examples.length < examples)
        report.recordsWithoutFiles.examples.push({ sha256: r.value, records: await recordsOf(ctx, r.value) });
      r = await records.next();
    } else {
      report.files++;
      report.referenced++;
      f = await files.next();
      r = await records.next();
    }
  }
  report.consistent = report.filesWithoutRecords.count === 0 && report.recordsWithoutFiles.count === 0;

  if (opts.retentionYears !== undefined) {
    const now = ctx.now();
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - opts.retentionYears);
    const expired = await sql<{ sha256: string; size: string }>`
      SELECT x.sha256, max(x.size) AS size
      FROM dossier_document x
      JOIN dossier d ON d.id = x.dossier_id
      WHERE x.purged_at IS NULL
      GROUP BY x.sha256
      HAVING bool_and(d.status IN (${sql.join([...terminalStatuses])})
               AND (SELECT max(a.at) FROM dossier_action a WHERE a.dossier_id = d.id) < ${cutoff})
         AND NOT EXISTS (SELECT 1 FROM dossier_result r WHERE r.sha256 = x.sha256)
         AND NOT EXISTS (SELECT 1 FROM warehouse_item w WHERE w.sha256 = x.sha256)`.execute(ctx.db);
    report.expired.count = expired.rows.length;
    report.expired.bytes = expired.rows.reduce((n, e) => n + Number(e.size), 0);
    if (opts.purge)
      for (const e of expired.rows) {
        // The record first: a crash between the two leaves a file without a record (reported), never the reverse.
        await ctx.db
          .updateTable('dossier_document')
          .set({ purged_at: now })
          .where('sha256', '=', e.sha256)
          .execute();
        await store.remove(e.sha256);
        report.expired.purged++;
      }
  }
  return report;
}
