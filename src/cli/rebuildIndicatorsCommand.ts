import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { migrate } from '../store/migrations.js';
import { rebuildIndicators } from '../app/reports/indicatorCheck.js';
import { contextOf, open } from './runtime.js';

/** `motcua rebuild-indicators` */
export async function rebuildIndicatorsCommand(config: Config, _args: CommandArgs): Promise<void> {
  const database = await open(config);
  await migrate(database.db);
  const { dossiers } = await rebuildIndicators(contextOf(config, database));
  await database.close();
  console.log(`Đã dựng lại số tổng hợp chỉ số từ nhật ký: ${dossiers} hồ sơ.`);
  return;
}
