import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../context.js';
import type { ExportCheck } from './checkExport.js';
import type { BatchOutcome } from './importBatch.js';

/** A count that differs between source and target, and whether the report explains it. */
export interface Difference {
  what: string;
  source: number;
  imported: number;
  explained: number;
  /** What the explained part is: rows staying provincial, not written, refused. */
  because: string[];
}

export interface Reconciliation {
  source: ExportCheck['check']['source'];
  imported: {
    dossiers: number;
    history: number;
    documents: number;
    results: number;
    inFlight: number;
    orphans: number;
  };
  unchanged: number;
  skipped: ExportCheck['check']['skipped'] & {
    stays_provincial: number;
    not_written: BatchOutcome['notWritten'];
  };
  refused: ExportCheck['check']['refused'];
  byStatus: {
    source: Record<string, number>;
    valid: Record<string, number>;
    imported: Record<string, number>;
  };
  byProcedure: { imported: Record<string, number> };
  attachments: ExportCheck['attachments'];
  /** Differences the report cannot explain: each one is a defect of the import. */
  defects: Difference[];
}

/** What motcua holds of a province's migrated dossiers (`migrated`: the join naming them). */
async function targetCounts(ctx: AppContext, migrated: RawBuilder<unknown>) {
  const { rows: byStatus } = await sql<{ status: number; n: number }>`
    SELECT a.to_status AS status, count(*)::int AS n FROM ${migrated}
    JOIN dossier_action a ON a.dossier_id = m.dossier_id AND a.seq = m.imported_version GROUP BY 1`.execute(
    ctx.db,
  );
  const { rows: byProcedure } = await sql<{ procedure: string; n: number }>`
    SELECT d.procedure_code AS procedure, count(*)::int AS n FROM ${migrated}
    JOIN dossier d ON d.id = m.dossier_id GROUP BY 1`.execute(ctx.db);
  const { rows: files } = await sql<{ documents: number; results: number }>`
    SELECT (SELECT count(*)::int FROM ${migrated} JOIN dossier_document x ON x.dossier_id = m.dossier_id) AS documents,
      (SELECT count(*)::int FROM ${migrated} JOIN dossier_result x ON x.dossier_id = m.dossier_id AND x.status = 'imported') AS results`.execute(
    ctx.db,
  );
  const { rows: counts } = await sql<{
    dossiers: number;
    in_flight: number;
    orphans: number;
    history: number;
  }>`
    SELECT count(*)::int AS dossiers, count(*) FILTER (WHERE m.in_flight)::int AS in_flight,
      count(*) FILTER (WHERE m.in_flight AND d.orphan)::int AS orphans,
      coalesce(sum((SELECT count(*) FROM dossier_action a WHERE a.dossier_id = m.dossier_id AND a.type = 'imported'
        AND a.seq <= m.imported_version AND a.data->>'sourceId' IS NOT NULL)), 0)::int AS history
    FROM ${migrated} JOIN dossier d ON d.id = m.dossier_id`.execute(ctx.db);
  return { byStatus, byProcedure, files, counts };
}

/**
 * Compares an export (its dry run) with what motcua holds of the province's migrated dossiers:
 * counts by source status among the valid rows against the status each dossier was imported in,
 * history rows, in flight; every valid row either imported, staying provincial, or named as not
 * written with its reason. What remains unexplained is listed as a defect.
 */
export async function reconcileImport(
  ctx: AppContext,
  province: string,
  check: ExportCheck,
  run: { unchanged: number; notWritten: BatchOutcome['notWritten'] },
): Promise<Reconciliation> {
  const c = check.check;
  const migrated = sql`migrated_dossier m JOIN migration_run r ON r.id = m.run_id AND r.province = ${province} AND r.state <> 'rolled_back'`;
  const { byStatus, byProcedure, files, counts } = await targetCounts(ctx, migrated);
  const n = counts[0] ?? { dossiers: 0, in_flight: 0, orphans: 0, history: 0 };
  const imported: Record<string, number> = {};
  for (const r of byStatus) imported[String(r.status)] = r.n;

  // Each valid row's fate: imported, staying provincial, or not written (by the status it had).
  const stays: Record<string, number> = {};
  for (const s of c.staysProvincial) stays[String(s.status)] = (stays[String(s.status)] ?? 0) + 1;
  const notWritten: Record<string, number> = {};
  for (const s of run.notWritten) notWritten[String(s.status)] = (notWritten[String(s.status)] ?? 0) + 1;
  const defects: Difference[] = [];
  for (const status of new Set([...Object.keys(c.byStatus.valid), ...Object.keys(imported)])) {
    const source = c.byStatus.valid[status] ?? 0;
    const got = imported[status] ?? 0;
    const explained = (stays[status] ?? 0) + (notWritten[status] ?? 0);
    if (source - explained !== got)
      defects.push({
        what: `status ${status}`,
        source,
        imported: got,
        explained,
        because: [
          ...(stays[status] ? [`stays_provincial: ${stays[status]}`] : []),
          ...(notWritten[status] ? [`not_written: ${notWritten[status]}`] : []),
        ],
      });
  }
  // With every valid dossier in, every valid history row is in: a difference is a defect.
  const historyExpected = c.valid.history;
  if (c.staysProvincial.length === 0 && run.notWritten.length === 0 && n.history !== historyExpected)
    defects.push({
      what: 'history',
      source: historyExpected,
      imported: n.history,
      explained: 0,
      because: [],
    });
  return {
    source: c.source,
    imported: {
      dossiers: n.dossiers,
      history: n.history,
      documents: files[0]?.documents ?? 0,
      results: files[0]?.results ?? 0,
      inFlight: n.in_flight,
      orphans: n.orphans,
    },
    unchanged: run.unchanged,
    skipped: { ...c.skipped, stays_provincial: c.staysProvincial.length, not_written: run.notWritten },
    refused: c.refused,
    byStatus: { source: c.byStatus.source, valid: c.byStatus.valid, imported },
    byProcedure: { imported: Object.fromEntries(byProcedure.map((r) => [r.procedure, r.n])) },
    attachments: check.attachments,
    defects,
  };
}
