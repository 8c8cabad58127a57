import { readFile, writeFile } from 'node:fs/promises';
import type { Mapping } from '../domain/migration/draftMapping.js';
import type { Config } from '../config.js';
import { checkExport, mappingForCheck } from '../app/migration/checkExport.js';
import { planMapping } from '../app/migration/planMapping.js';
import { AppError } from '../app/errors.js';
import { contextOf, open, prepare } from './runtime.js';
import { vietnamDate } from '../domain/calendar/localDate.js';
import { vi } from '../domain/i18n/vi.js';
import type { CommandArgs } from './commandArgs.js';

const usage = [
  'Cách dùng:',
  '  motcua migrate-in plan THƯ_MỤC --province MÃ_TỈNH --out ÁNH_XẠ.json',
  '  motcua migrate-in check THƯ_MỤC --report BÁO_CÁO.json [--mapping ÁNH_XẠ.json] [--as-of YYYY-MM-DD]',
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
  const reportPath = args.report;
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
