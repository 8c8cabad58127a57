import { createHash } from 'node:crypto';
import { resolve, join } from 'node:path';
import { sql } from 'kysely';
import type { Mapping } from '../../domain/migration/draftMapping.js';
import { isInFlight, sourceInstant } from '../../domain/migration/importedDossier.js';
import { isBlank, sourceStatus } from '../../domain/migration/sourceValues.js';
import type { CheckMapping, SourceRow } from '../../domain/migration/checkSource.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { checkExport, mappingForCheck, type ExportCheck } from './checkExport.js';
import { importBatch, type BatchOutcome, type PendingDossier, type RunEnv } from './importBatch.js';
import { PlacementCache } from './placement.js';
import { reconcileImport, type Reconciliation } from './reconcileImport.js';
import { importComponentRows } from './importFiles.js';
import type { FileStore } from '../files/fileStore.js';
import { readSourceFile, requiredColumns } from './readExport.js';

/** How far a run is: what the terminal's progress bar and the screen show. */
export interface RunProgress {
  phase: 'check' | 'staging' | 'importing' | 'documents' | 'done';
  /** Source lines read in the phase, of the file's rows. */
  done: number;
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  history: number;
  inFlight: number;
  /** Rows per second over the phase so far. */
  rate: number;
}

export interface RunOutcome {
  run: string | null;
  check: ExportCheck;
  totals: Omit<BatchOutcome, 'orphans' | 'notWritten'> & { documents: number };
  orphans: string[];
  notWritten: BatchOutcome['notWritten'];
  stayedProvincial: number;
  resumed: boolean;
  /** Source against target once the run is done (null when it stopped on a file problem). */
  reconciliation: Reconciliation | null;
}

interface StoredProgress {
  sourceDossiers?: number;
  dossierRows?: number;
  stagedLine?: number;
  staged?: boolean;
  documentsLine?: number;
  documentsDone?: boolean;
  dossierLine?: number;
  totals?: RunOutcome['totals'];
  orphans?: string[];
  notWritten?: BatchOutcome['notWritten'];
}

const historyBatch = 5000;
const emptyTotals = () => ({
  imported: 0,
  updated: 0,
  unchanged: 0,
  history: 0,
  inFlight: 0,
  results: 0,
  documents: 0,
});

type Options = {
  asOf: string;
  mapping: Mapping;
  batch?: number;
  onProgress?: (p: RunProgress) => void;
  /** Where documents and results are kept (the system's file store). */
  files: FileStore;
};

/** A run as its phases share it: the row's id, its progress (saved with each batch), the reporter. */
interface Run {
  ctx: AppContext;
  id: string;
  dir: string;
  opts: Options;
  now: Date;
  resumed: boolean;
  progress: StoredProgress;
  tell: (p: RunProgress) => void;
  save: (tx: Tx, state: 'staging' | 'importing') => Promise<unknown>;
}

/**
 * `migrate-in run`: the dry run first (a file problem stops everything before a row is written),
 * then the history staged by dossier code, then the dossiers in batches, each batch committed with
 * its progress. Killed at any point and run again on the same export, it resumes the open run from
 * its last committed batch; run again after success, it finds every dossier unchanged; run on a
 * later export of the same province (a delta), it imports the new dossiers and replaces the changed
 * ones nobody has worked on here.
 */
export async function runImport(ctx: AppContext, dir: string, opts: Options): Promise<RunOutcome> {
  const checkMapping = await mappingForCheck(ctx, opts.mapping, opts.asOf);
  const run = await openRun(ctx, dir, opts);
  const { progress, tell } = run;
  const { check, stage } = await checkAndStage(run, checkMapping);
  const stays = new Set(check.check.staysProvincial.map((s) => s.key));
  const outcome: RunOutcome = {
    run: run.id,
    check,
    totals: emptyTotals(),
    orphans: [],
    notWritten: [],
    stayedProvincial: stays.size,
    resumed: run.resumed,
    reconciliation: null,
  };
  if (check.problems.length > 0) {
    // A broken export: the run it opened goes, with what it staged; nothing else was written.
    if (!run.resumed)
      await inTransaction(ctx, async (tx) => {
        await sql`DELETE FROM migration_history WHERE run_id = ${run.id}::uuid`.execute(tx);
        await sql`DELETE FROM migration_run WHERE id = ${run.id}::uuid`.execute(tx);
      });
    return { ...outcome, run: null };
  }
  if (!progress.staged) {
    await stage();
    progress.staged = true;
    await inTransaction(ctx, (tx) => run.save(tx, 'importing'));
  }
  const { totals, orphans, notWritten, total, importStarted } = await importDossiers(
    run,
    check,
    checkMapping,
    stays,
  );
  if (!progress.documentsDone) {
    await importDocuments(run, totals);
    progress.documentsDone = true;
  }
  await inTransaction(ctx, async (tx) => {
    await sql`DELETE FROM migration_history WHERE run_id = ${run.id}::uuid`.execute(tx);
    await sql`UPDATE migration_run SET state = 'done', finished_at = ${ctx.now()}, updated_at = ${ctx.now()}
      WHERE id = ${run.id}::uuid`.execute(tx);
  });
  tell({
    phase: 'done',
    done: total,
    total,
    rate: rateOf(totals.imported + totals.updated + totals.unchanged, importStarted),
    ...totals,
  });
  const named = [...new Map(notWritten.map((x) => [x.key, x])).values()];
  // The reconciliation of source and target, kept with the run for the screen.
  const reconciliation = await reconcileImport(ctx, opts.mapping.province, check, {
    unchanged: totals.unchanged,
    notWritten: named,
  });
  await ctx.db
    .updateTable('migration_run')
    .set({ report: JSON.stringify(reconciliation) })
    .where('id', '=', run.id)
    .execute();
  return { ...outcome, totals, orphans: [...new Set(orphans)], notWritten: named, reconciliation };
}

/** The open run of this export (a resumed one), else a new one. */
async function openRun(ctx: AppContext, dir: string, opts: Options): Promise<Run> {
  const tell = opts.onProgress ?? (() => undefined);
  // The run: the open one of this export resumes, else a new one.
  const source = resolve(dir);
  const now = ctx.now();
  const open = await ctx.db
    .selectFrom('migration_run')
    .select(['id', 'progress'])
    .where('province', '=', opts.mapping.province)
    .where('source', '=', source)
    .where('state', 'in', ['staging', 'importing'])
    .executeTakeFirst();
  const run =
    open ??
    (await ctx.db
      .insertInto('migration_run')
      .values({ province: opts.mapping.province, source, started_at: now, updated_at: now, state: 'staging' })
      .returning(['id', 'progress'])
      .executeTakeFirstOrThrow());
  const progress = (run.progress ?? {}) as StoredProgress;
  if (open && (progress.stagedLine ?? 0) > 0 && !(await hasStaging(ctx, open.id))) {
    // The staged history is unlogged: a server crash empties it, and it is staged again.
    progress.stagedLine = 0;
    progress.staged = false;
  }
  const save = (tx: Tx, state: 'staging' | 'importing') =>
    sql`UPDATE migration_run SET progress = ${JSON.stringify(progress)}::jsonb, state = ${state},
        updated_at = ${ctx.now()} WHERE id = ${run.id}::uuid`.execute(tx);
  return { ctx, id: run.id, dir, opts, now, resumed: open !== undefined, progress, tell, save };
}

/**
 * The dry run, staging the history it keeps by dossier code as it reads it (one read of the
 * largest file), each batch committed with the line it reached; `stage` commits what is left.
 */
async function checkAndStage(run: Run, checkMapping: CheckMapping) {
  const { ctx, dir, opts, progress, save, tell } = run;
  tell({ phase: 'check', done: 0, total: 0, rate: 0, ...emptyTotals() });
  const started = Date.now();
  const stagedFrom = progress.stagedLine ?? 0;
  let rows: SourceRow[] = [];
  const stage = async () => {
    const taken = rows;
    rows = [];
    await inTransaction(ctx, async (tx) => {
      if (taken.length > 0) {
        const staged = taken.map((r) => ({
          code: (r.cells['MaHoSo'] ?? '').trim(),
          line: r.line,
          source_id: r.cells['Id'] ?? '',
          at: sourceInstant(r.cells['ThoiGian'])?.toISOString() ?? null,
          status: sourceStatus(r.cells['TrangThai']),
          label: text(r.cells['ThaoTac']),
          actor: text(r.cells['NguoiGui']),
          actor_name: text(r.cells['TenNguoiGui']),
          note: text(r.cells['NoiDung']),
          node: text(r.cells['NodeQuyTrinh']),
        }));
        await sql`
          INSERT INTO migration_history (run_id, code, line, source_id, at, status, label, actor, actor_name, note, node)
          SELECT ${run.id}::uuid, * FROM json_to_recordset(${JSON.stringify(staged)}::json) AS u(code text, line int,
            source_id text, at timestamptz, status smallint, label text, actor text, actor_name text, note text, node text)
          ON CONFLICT DO NOTHING`.execute(tx);
        progress.stagedLine = taken.at(-1)?.line ?? progress.stagedLine;
      }
      await save(tx, 'staging');
    });
    const done = progress.stagedLine ?? 0;
    tell({ phase: 'staging', done, total: 0, rate: rateOf(done - stagedFrom, started), ...emptyTotals() });
  };
  const check = await checkExport(dir, {
    asOf: opts.asOf,
    mapping: checkMapping,
    onHistory: progress.staged
      ? undefined
      : async (r) => {
          if (r.line <= stagedFrom) return;
          rows.push(r);
          if (rows.length >= historyBatch) await stage();
        },
  });
  return { check, stage };
}

/** What a batch needs of the run: the configuration read once, the officials' accounts, the files. */
function runEnv(run: Run): RunEnv {
  const accounts = new Map(
    run.opts.mapping.officials.flatMap((o) => (o.account ? [[o.id.toLowerCase(), o.account] as const] : [])),
  );
  const { ctx, now, dir } = run;
  return { ctx, run: run.id, now, cache: new PlacementCache(now), accounts, files: run.opts.files, dir };
}

/** A source row the check accepted as the import takes it: its identity, targets and placement. */
function pendingDossiers(mapping: Mapping, checkMapping: CheckMapping) {
  const units = new Map(mapping.units.map((u) => [u.groupCode.toUpperCase(), u.agency]));
  const procedures = new Map(mapping.procedures.map((p) => [p.source, p.procedure]));
  const nodeSteps = new Map(
    (mapping.steps ?? []).flatMap((x) => (x.step ? [[x.node.toLowerCase(), x.step] as const] : [])),
  );
  return (r: SourceRow): PendingDossier | null => {
    const code = (r.cells['MaHoSo'] ?? '').trim();
    const unit = (r.cells['DonViId'] ?? '').trim().toUpperCase();
    const agency = units.get(unit);
    const procedure = procedures.get((r.cells['MaTTHC'] ?? '').trim());
    if (!agency || !procedure) return null;
    return {
      line: r.line,
      cells: r.cells,
      code,
      key: `${mapping.province}:${unit}:${code}`,
      hash: createHash('sha256').update(JSON.stringify(r.cells)).digest('base64url'),
      unit,
      agency,
      procedure,
      status: sourceStatus(r.cells['TrangThaiHoSoId']) ?? 0,
      mappedStep: nodeSteps.get((r.cells['BuocHienTai'] ?? '').trim().toLowerCase()) ?? null,
      continues: isInFlight(r.cells) && checkMapping.central.has(procedure),
    };
  };
}

/**
 * The dossiers, batch by batch, each committed with its progress. Two batches in flight: one being
 * written by the database while the next is built here. The line saved is the one before the oldest
 * batch not yet committed, so a resumed run re-reads nothing it could miss (a batch committed ahead
 * of it is found unchanged).
 */
async function importDossiers(
  run: Run,
  check: ExportCheck,
  checkMapping: CheckMapping,
  stays: ReadonlySet<string>,
) {
  const { ctx, dir, opts, progress, save, tell } = run;
  const batchSize = opts.batch ?? 1000;
  const pendingOf = pendingDossiers(opts.mapping, checkMapping);
  const env = runEnv(run);
  const totals = progress.totals ?? emptyTotals();
  const orphans = progress.orphans ?? [];
  const notWritten = progress.notWritten ?? [];
  const from = progress.dossierLine ?? 0;
  const importStarted = Date.now();
  const total = check.check.source.dossiers;
  progress.sourceDossiers = total;
  let pending: PendingDossier[] = [];
  let reached = from;
  // Rows read (a row can span lines): what the progress shows against the export's row count.
  let rowsRead = 0;
  const batches: { start: number; end: number; done: boolean }[] = [];
  const writing: Promise<void>[] = [];
  const flush = async () => {
    const taken = pending;
    pending = [];
    if (taken.length === 0) return;
    const batch = { start: taken[0]?.line ?? reached, end: reached, rows: rowsRead, done: false };
    batches.push(batch);
    const job = inTransaction(ctx, async (tx) => {
      const b = await importBatch(tx, env, taken);
      for (const k of ['imported', 'updated', 'unchanged', 'history', 'inFlight', 'results'] as const)
        totals[k] += b[k];
      orphans.push(...b.orphans);
      notWritten.push(...b.notWritten);
      const oldest = batches.find((o) => !o.done && o !== batch);
      const safe = oldest && oldest.start < batch.start ? oldest.start - 1 : batch.end;
      Object.assign(progress, { totals, orphans, notWritten });
      progress.dossierLine = Math.max(progress.dossierLine ?? 0, safe);
      progress.dossierRows = Math.max(progress.dossierRows ?? 0, batch.rows);
      await save(tx, 'importing');
    }).then(() => {
      batch.done = true;
      tell({
        phase: 'importing',
        done: batch.rows,
        total,
        rate: rateOf(totals.imported + totals.updated + totals.unchanged, importStarted),
        ...totals,
      });
    });
    // Awaited in turn below; a failure before then is not an unhandled rejection.
    job.catch(() => undefined);
    writing.push(job);
    if (writing.length >= 2) await writing.shift();
  };
  try {
    await readSourceFile(join(dir, 'HoSos.csv'), 'HoSos.csv', requiredColumns.HoSos, async (r) => {
      rowsRead++;
      if (r.line <= from) return;
      reached = r.line;
      const code = (r.cells['MaHoSo'] ?? '').trim();
      if (!isBlank(r.cells['DeletedOn']) || !check.accepts(code) || stays.has(code)) return;
      const p = pendingOf(r);
      if (p) pending.push(p);
      if (pending.length >= batchSize) await flush();
    });
    await flush();
    for (const w of writing.splice(0)) await w;
  } catch (e) {
    // Stopped: what is being written ends (committed or not) before the failure is told.
    await Promise.allSettled(writing);
    throw e;
  }
  return { totals, orphans, notWritten, total, importStarted };
}

/** The documents of the imported dossiers, batch by batch, each with the line it reached. */
async function importDocuments(run: Run, totals: RunOutcome['totals']): Promise<void> {
  const { ctx, dir, opts, progress, save, tell } = run;
  const fromLine = progress.documentsLine ?? 0;
  let rows: SourceRow[] = [];
  let last = fromLine;
  const documents = async () => {
    const taken = rows;
    rows = [];
    await inTransaction(ctx, async (tx) => {
      const codes = [...new Set(taken.map((r) => (r.cells['HoSo'] ?? '').trim()))];
      const { rows: found } = await sql<{
        code: string;
        id: string;
        agency: string;
        holder: string;
        name: string;
      }>`
        SELECT d.code, d.id, d.received_by_agency AS agency, d.applicant_id_number AS holder, d.applicant_name AS name
        FROM dossier d JOIN migrated_dossier m ON m.dossier_id = d.id
        WHERE d.code = ANY(${codes}::text[]) AND m.source_key LIKE ${`${opts.mapping.province}:%`}`.execute(
        tx,
      );
      const targets = new Map(
        found.map((f) => [f.code, { id: f.id, agency: f.agency, holder: f.holder, holderName: f.name }]),
      );
      const r = await importComponentRows(tx, opts.files, dir, taken, targets);
      totals.documents += r.documents;
      progress.documentsLine = last;
      progress.totals = totals;
      await save(tx, 'importing');
    });
    tell({ phase: 'documents', done: last, total: 0, rate: 0, ...totals });
  };
  await readSourceFile(
    join(dir, 'ThanhPhanHoSos.csv'),
    'ThanhPhanHoSos.csv',
    requiredColumns.ThanhPhanHoSos,
    async (r) => {
      if (r.line <= fromLine) return;
      last = r.line;
      if (!isBlank(r.cells['DeletedOn']) || isBlank(r.cells['DinhKem'])) return;
      rows.push(r);
      if (rows.length >= 500) await documents();
    },
  );
  await documents();
}

async function hasStaging(ctx: AppContext, run: string): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`
    SELECT EXISTS (SELECT 1 FROM migration_history WHERE run_id = ${run}::uuid) AS any`.execute(ctx.db);
  return rows[0]?.any === true;
}

const text = (v: string | undefined) => (isBlank(v) ? '' : v.normalize('NFC'));
const rateOf = (n: number, since: number) => Math.round((n * 1000) / Math.max(1, Date.now() - since));
