import type { Config } from '../config.js';
import { importRegister } from '../app/agencies/importRegister.js';
import type { CommandArgs } from './commandArgs.js';
import { importFile } from './importFile.js';

/** `motcua import-agencies FILE [--dry-run]`: the e-ID register from CSV or Excel, as the system. */
export function importAgenciesCommand(config: Config, args: CommandArgs): Promise<void> {
  return importFile(
    config,
    args,
    'import-agencies',
    (ctx, file, dryRun, requestId) =>
      importRegister(ctx, { kind: 'system' }, file, dryRun, { ip: null, requestId }),
    (r) => `thêm ${r.created}, sửa ${r.updated}, đóng ${r.closed}, không đổi ${r.unchanged}`,
  );
}
