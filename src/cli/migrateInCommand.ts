import { writeFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { checkExport } from '../app/migration/checkExport.js';
import { vietnamDate } from '../domain/calendar/localDate.js';
import { vi } from '../domain/i18n/vi.js';
import type { CommandArgs } from './commandArgs.js';

const usage = 'Cách dùng: motcua migrate-in check THƯ_MỤC --report BÁO_CÁO.json [--as-of YYYY-MM-DD]\n';

/**
 * `motcua migrate-in check DIR --report FILE [--as-of DAY]`: the dry run over a provincial export
 * (LAYOUT.md's layout). Writes nothing to the database; the report names every refused row with
 * its file, line, key and reason. Exit code 3 when rows are refused, 2 when a file is unusable.
 */
export async function migrateInCommand(_config: Config, args: CommandArgs): Promise<void> {
  const [, step, dir] = args.positionals;
  const reportPath = args.report;
  if (step !== 'check' || !dir || !reportPath) {
    process.stderr.write(usage);
    process.exitCode = 2;
    return;
  }
  const asOf = args['as-of'] ?? vietnamDate(new Date());
  const started = Date.now();
  const r = await checkExport(dir, { asOf });
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
  console.log(t.reportWritten(reportPath));
  process.exitCode = r.problems.length > 0 ? 2 : c.refused.length > 0 ? 3 : 0;
}
