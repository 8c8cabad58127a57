import type { Config } from '../config.js';
import { importOfficials } from '../app/accounts/importOfficials.js';
import type { CommandArgs } from './commandArgs.js';
import { importFile } from './importFile.js';

/** `motcua import-accounts FILE [--dry-run]`: officials and their roles from CSV or Excel, as the system. */
export function importAccountsCommand(config: Config, args: CommandArgs): Promise<void> {
  return importFile(
    config,
    args,
    'import-accounts',
    (ctx, file, dryRun, requestId) =>
      importOfficials(ctx, { kind: 'system' }, file, dryRun, { ip: null, requestId }),
    (r) =>
      `tạo ${r.created}, sửa ${r.updated}, không đổi ${r.unchanged}, gửi ${r.invited} liên kết kích hoạt`,
  );
}
