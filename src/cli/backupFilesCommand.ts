import { resolve } from 'node:path';
import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { DiskFileStore } from '../app/files/fileStore.js';
import { copyMissingFiles } from '../app/files/copyStore.js';
import { fileStoreOf } from './runtime.js';

/** `motcua backup-files --to THƯ_MỤC`: the second copy of the file store, brought up to date. */
export async function backupFilesCommand(config: Config, args: CommandArgs): Promise<void> {
  if (!args.to) {
    console.error('Cần --to THƯ_MỤC: nơi giữ bản sao thứ hai của kho tệp.');
    process.exitCode = 2;
    return;
  }
  const report = await copyMissingFiles(await fileStoreOf(config), new DiskFileStore(resolve(args.to)));
  console.log(
    `Bản sao kho tệp: đã chép ${report.copied} tệp (${report.bytes} byte), ${report.present} tệp đã có.`,
  );
  if (report.corrupt.length > 0) {
    console.error(`Tệp hỏng ở kho chính (băm không khớp tên), không chép: ${report.corrupt.join(', ')}`);
    process.exitCode = 3;
  }
}
