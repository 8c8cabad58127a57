import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { importRegister } from '../app/agencies/importRegister.js';
import { AppError } from '../app/errors.js';
import type { CommandArgs } from './commandArgs.js';
import { contextOf, open, prepare } from './runtime.js';

/** `motcua import-agencies FILE [--dry-run]`: the e-ID register from CSV or Excel, as the system. */
export async function importAgenciesCommand(config: Config, args: CommandArgs): Promise<void> {
  const file = args.positionals[1];
  if (!file) {
    process.stderr.write('Cách dùng: motcua import-agencies TỆP [--dry-run]\n');
    process.exitCode = 2;
    return;
  }
  const database = await open(config);
  try {
    await prepare(database);
    const started = Date.now();
    const report = await importRegister(
      contextOf(config, database),
      { kind: 'system' },
      await readFile(file),
      args['dry-run'] === true,
      { ip: null, requestId: `cli:import-agencies:${file}` },
    );
    const verb = report.dryRun ? 'Kiểm tra (chưa ghi)' : 'Đã nhập';
    console.log(
      `${verb}: thêm ${report.created}, sửa ${report.updated}, đóng ${report.closed}, không đổi ${report.unchanged}, từ chối ${report.refused.length} dòng (${Date.now() - started} ms)`,
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
