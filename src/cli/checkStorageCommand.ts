import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { checkStorage } from '../app/documents/storageCheck.js';
import { contextOf, fileStoreOf, open } from './runtime.js';

/** `motcua check-storage` */
export async function checkStorageCommand(config: Config, args: CommandArgs): Promise<void> {
  const database = await open(config);
  const report = await checkStorage(contextOf(config, database), await fileStoreOf(config), {
    retentionYears: config.retentionYears,
    purge: args.purge === true,
  });
  await database.close();
  console.log(`Kho tệp: ${report.files} tệp; CSDL trỏ tới ${report.referenced} tệp.`);
  console.log(`Tệp không có bản ghi: ${report.filesWithoutRecords.count}`);
  for (const f of report.filesWithoutRecords.examples) console.log(`    ${f}`);
  console.log(`Bản ghi mất tệp: ${report.recordsWithoutFiles.count}`);
  for (const m of report.recordsWithoutFiles.examples)
    console.log(`    ${m.sha256}: ${m.records.join('; ')}`);
  console.log(
    `Hết thời hạn lưu trữ (${config.retentionYears} năm): ${report.expired.count} tệp, ${report.expired.bytes} byte` +
      (args.purge ? `; đã xóa ${report.expired.purged}` : ''),
  );
  if (report.recordsWithoutFiles.count > 0) process.exitCode = 3;
  return;
}
