import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import type { CommandArgs } from './commandArgs.js';
import { contextOf, open, prepare } from './runtime.js';

type Refusals = { refused: { row: number; field: string; message: string }[] };

/**
 * An import command: `motcua <command> FILE [--dry-run]`. Prints the summary and each refused row;
 * exit code 3 when rows were refused, 2 when the file itself is refused.
 */
export async function importFile<R extends Refusals>(
  config: Config,
  args: CommandArgs,
  command: string,
  run: (ctx: AppContext, file: Buffer, dryRun: boolean, requestId: string) => Promise<R>,
  summary: (report: R) => string,
): Promise<void> {
  const file = args.positionals[1];
  if (!file) {
    process.stderr.write(`Cách dùng: motcua ${command} TỆP [--dry-run]\n`);
    process.exitCode = 2;
    return;
  }
  const database = await open(config);
  try {
    await prepare(database);
    const started = Date.now();
    const dryRun = args['dry-run'] === true;
    const report = await run(
      contextOf(config, database),
      await readFile(file),
      dryRun,
      `cli:${command}:${file}`,
    );
    const verb = dryRun ? 'Kiểm tra (chưa ghi)' : 'Đã nhập';
    console.log(
      `${verb}: ${summary(report)}, từ chối ${report.refused.length} dòng (${Date.now() - started} ms)`,
    );
    for (const r of report.refused) console.log(`  dòng ${r.row}, ${r.field}: ${r.message}`);
    if (report.refused.length > 0) process.exitCode = 3;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    process.stderr.write(`${e.detail ?? e.title}\n`);
    for (const x of e.errors) process.stderr.write(`  ${x.field}: ${x.message}\n`);
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}
