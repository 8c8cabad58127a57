import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { checkIndicators } from '../app/reports/indicatorCheck.js';
import { contextOf, open } from './runtime.js';

/** `motcua check-indicators` */
export async function checkIndicatorsCommand(config: Config, _args: CommandArgs): Promise<void> {
  const database = await open(config);
  const report = await checkIndicators(contextOf(config, database));
  await database.close();
  for (const t of report.tables)
    console.log(
      `${t.table.padEnd(24)} ${String(t.expected).padStart(9)} ô, lệch ${t.differing}${t.examples.map((e) => `\n    ${e}`).join('')}`,
    );
  if (report.equal) {
    console.log(`Số tổng hợp khớp với tính lại từ nhật ký: ${report.dossiers} hồ sơ.`);
    return;
  }
  console.error(
    `Số tổng hợp lệch với tính lại từ nhật ký (${report.dossiersDiffering}/${report.dossiers} hồ sơ đếm khác).`,
  );
  process.exitCode = 3;
  return;
}
