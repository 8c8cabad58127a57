import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Mapping } from '../domain/migration/draftMapping.js';
import type { Config } from '../config.js';
import { checkExport, mappingForCheck } from '../app/migration/checkExport.js';
import { planMapping } from '../app/migration/planMapping.js';
import { reconcileImport } from '../app/migration/reconcileImport.js';
import { rollbackRun } from '../app/migration/rollbackRun.js';
import { runImport, type RunProgress } from '../app/migration/runImport.js';
import { AppError } from '../app/errors.js';
import { contextOf, fileStoreOf, open, prepare } from './runtime.js';
import { vietnamDate } from '../domain/calendar/localDate.js';
import { vi } from '../domain/i18n/vi.js';
import type { CommandArgs } from './commandArgs.js';

const usage = [
  'Cách dùng:',
  '  motcua migrate-in plan THƯ_MỤC --province MÃ_TỈNH --out ÁNH_XẠ.json',
  '  motcua migrate-in check THƯ_MỤC --report BÁO_CÁO.json [--mapping ÁNH_XẠ.json] [--as-of YYYY-MM-DD]',
  '  motcua migrate-in run THƯ_MỤC --mapping ÁNH_XẠ.json --report BÁO_CÁO.json [--as-of YYYY-MM-DD]',
  '  motcua migrate-in reconcile THƯ_MỤC --mapping ÁNH_XẠ.json --report BÁO_CÁO.json [--as-of YYYY-MM-DD]',
  '  motcua migrate-in rollback MÃ_LẦN_CHẠY',
  '',
].join('\n');

/**
 * `motcua migrate-in check DIR --report FILE [--as-of DAY]`: the dry run over a provincial export
 * (LAYOUT.md's layout). Writes nothing to the database; the report names every refused row with
 * its file, line, key and reason. Exit code 3 when rows are refused, 2 when a file is unusable.
 */
export async function migrateInCommand(config: Config, args: CommandArgs): Promise<void> {
  const [, step, dir] = args.positionals;
  if (step === 'plan' && dir && args.province && args.out) return plan(config, dir, args.province, args.out);
  if (step === 'rollback' && dir) return rollback(config, dir);
  const reportPath = args.report;
  if ((step === 'run' || step === 'reconcile') && dir && reportPath && args.mapping)
    return importRun(config, step, dir, args.mapping, reportPath, args['as-of'] ?? vietnamDate(new Date()));
  if (step !== 'check' || !dir || !reportPath) {
    process.stderr.write(usage);
    process.exitCode = 2;
    return;
  }
  const asOf = args['as-of'] ?? vietnamDate(new Date());
  const started = Date.now();
  const r = await checkExport(dir, {
    asOf,
    mapping: args.mapping ? await mappingOf(config, args.mapping, asOf) : undefined,
  });
  const c = r.check;
  const report = {
    command: 'check',
    export: dir,
    asOf,
    problems: r.problems,
    source: c.source,
    wouldImport: c.valid,
    skipped: c.skipped,
    refused: c.refused,
    byStatus: c.byStatus,
    byProcedure: c.byProcedure,
    byChannel: c.byChannel,
    inFlight: { total: c.inFlight, paused: c.inFlightPaused, overdue: c.inFlightOverdue },
    finishedLate: c.finishedLate,
    softDeleted: c.softDeleted,
    history: c.history,
    attachments: r.attachments,
    staysProvincial: c.staysProvincial,
  };
  await writeFile(reportPath, JSON.stringify(report, null, 2));
  const t = vi.migration;
  for (const p of r.problems) console.log(`  ${p.file}, dòng ${p.row}: ${p.detail}`);
  console.log(
    t.checkSummary(
      c.source.dossiers,
      c.valid.dossiers,
      c.valid.history,
      c.refused.length,
      Date.now() - started,
    ),
  );
  for (const x of c.refused)
    console.log(
      `  ${x.file}, dòng ${x.row}, ${x.key}: ${t.reason[x.reason]}${x.column ? ` (${x.column} = ${x.value ?? ''})` : ''}`,
    );
  if (r.attachments.missing.length > 0) console.log(t.missingFiles(r.attachments.missing.length));
  if (c.staysProvincial.length > 0) console.log(t.staysProvincial(c.staysProvincial.length));
  console.log(t.reportWritten(reportPath));
  process.exitCode = r.problems.length > 0 ? 2 : c.refused.length > 0 ? 3 : 0;
}

/** `motcua migrate-in plan DIR --province CODE --out FILE`: the draft mapping, unmapped items first. */
async function plan(config: Config, dir: string, province: string, out: string): Promise<void> {
  const database = await open(config);
  try {
    await prepare(database);
    const { mapping, problems } = await planMapping(contextOf(config, database), dir, province);
    await writeFile(out, JSON.stringify(mapping, null, 2));
    for (const p of problems) console.log(`  ${p.file}, dòng ${p.row}: ${p.detail}`);
    const u = mapping.unmapped;
    console.log(
      vi.migration.planSummary(
        [mapping.units.length, u.units],
        [mapping.procedures.length, u.procedures],
        [mapping.officials.length, u.officials],
      ),
    );
    for (const x of mapping.units.filter((m) => m.found === 'unmapped').slice(0, 20))
      console.log(
        `  ${x.name}: ${x.note ?? ''}${x.candidates.length ? ` (gợi ý: ${x.candidates.map((c) => c.code).join(', ')})` : ''}`,
      );
    console.log(vi.migration.reportWritten(out));
    process.exitCode = problems.length > 0 ? 2 : 0;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    process.stderr.write(`${e.detail ?? e.title}\n`);
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}

/**
 * `motcua migrate-in run DIR --mapping M --report R`: the import, resumable (run it again after a
 * kill and it goes on from its last committed batch), with a progress line on the terminal; and
 * `reconcile`, the same comparison of source and target without importing. Exit code 2 when a file
 * is unusable (nothing written), 4 when the reconciliation finds a difference it cannot explain.
 */
async function importRun(
  config: Config,
  step: 'run' | 'reconcile',
  dir: string,
  mappingPath: string,
  reportPath: string,
  asOf: string,
): Promise<void> {
  const mapping = JSON.parse(await readFile(mappingPath, 'utf8')) as Mapping;
  const database = await open(config);
  const t = vi.migration;
  try {
    await prepare(database);
    const ctx = contextOf(config, database);
    const started = Date.now();
    const progress = step === 'run' ? progressLine() : () => undefined;
    const outcome =
      step === 'run'
        ? await runImport(ctx, dir, { asOf, mapping, onProgress: progress, files: await fileStoreOf(config) })
        : {
            check: await checkExport(dir, { asOf, mapping: await mappingForCheck(ctx, mapping, asOf) }),
            run: null,
            totals: null,
            notWritten: [],
            resumed: false,
            reconciliation: null,
          };
    process.stderr.write('\n');
    const problems = outcome.check.problems;
    for (const p of problems) console.log(`  ${p.file}, dòng ${p.row}: ${p.detail}`);
    if (problems.length > 0) {
      await writeFile(reportPath, JSON.stringify({ command: step, export: dir, problems }, null, 2));
      console.log(t.nothingWritten);
      process.exitCode = 2;
      return;
    }
    const totals = outcome.totals;
    const reconciliation =
      outcome.reconciliation ??
      (await reconcileImport(ctx, mapping.province, outcome.check, { unchanged: 0, notWritten: [] }));
    const report = {
      command: step,
      export: dir,
      asOf,
      run: outcome.run,
      resumed: outcome.resumed,
      ...reconciliation,
    };
    await writeFile(reportPath, JSON.stringify(report, null, 2));
    if (totals)
      console.log(
        t.runSummary(
          totals.imported,
          totals.updated,
          totals.unchanged,
          totals.history,
          totals.inFlight,
          Date.now() - started,
        ),
      );
    console.log(
      t.reconcileSummary(
        reconciliation.imported.dossiers,
        reconciliation.imported.history,
        reconciliation.defects.length,
      ),
    );
    for (const d of reconciliation.defects)
      console.log(`  ${d.what}: ${d.source} → ${d.imported} (${d.because.join(', ')})`);
    for (const x of outcome.notWritten.slice(0, 20))
      console.log(`  HoSos.csv, dòng ${x.line}, ${x.key}: ${t.notWritten[x.reason]}`);
    if (reconciliation.imported.orphans > 0) console.log(t.orphans(reconciliation.imported.orphans));
    console.log(t.reportWritten(reportPath));
    process.exitCode = reconciliation.defects.length > 0 ? 4 : 0;
  } finally {
    await database.close();
  }
}

/** A progress line on the terminal: the phase, rows done of all, rows per second, time left. */
function progressLine() {
  let last = 0;
  return (p: RunProgress) => {
    const now = Date.now();
    if (now - last < 250 && p.phase !== 'done') return;
    last = now;
    const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const bar = '█'.repeat(Math.round(share * 30)).padEnd(30, '░');
    const left = p.rate > 0 && p.total > p.done ? Math.round((p.total - p.done) / p.rate) : 0;
    // A phase whose total is not known yet (the dry run, the history) shows what it has done.
    const where = p.total > 0 ? `${bar} ${Math.round(share * 100)}%` : vi.migration.rowsDone(p.done);
    process.stderr.write(
      `\r${vi.migration.phase[p.phase]} ${where} · ${p.rate}/s · ${vi.migration.eta(left)}   `,
    );
  };
}

/** `motcua migrate-in rollback RUN`: a run's dossiers removed as a unit, refused once worked on here. */
async function rollback(config: Config, runId: string): Promise<void> {
  const database = await open(config);
  const t = vi.migration;
  try {
    await prepare(database);
    if (!/^[0-9a-f-]{36}$/i.test(runId)) {
      console.log(t.noRun(runId));
      process.exitCode = 2;
      return;
    }
    const r = await rollbackRun(contextOf(config, database), runId, { operator: userInfo().username });
    if (r.kind === 'not_found') {
      console.log(t.noRun(runId));
      process.exitCode = 2;
    } else if (r.kind === 'worked_on') {
      console.log(t.workedOn(r.codes, r.tables));
      process.exitCode = 3;
    } else console.log(t.rolledBack(r.dossiers));
  } finally {
    await database.close();
  }
}

/** A reviewed mapping file, with the routes in force on the cut-over day read from the database. */
async function mappingOf(config: Config, path: string, asOf: string) {
  const mapping = JSON.parse(await readFile(path, 'utf8')) as Mapping;
  const database = await open(config);
  try {
    await prepare(database);
    return await mappingForCheck(contextOf(config, database), mapping, asOf);
  } finally {
    await database.close();
  }
}
