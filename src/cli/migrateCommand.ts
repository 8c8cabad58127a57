import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { migrate } from '../store/migrations.js';
import { open } from './runtime.js';

/** `motcua migrate` */
export async function migrateCommand(config: Config, _args: CommandArgs): Promise<void> {
  const database = await open(config);
  const applied = await migrate(database.db);
  console.log(
    applied.length ? `Đã áp dụng: ${applied.join(', ')}` : 'Cấu trúc đã cập nhật, không có gì mới.',
  );
  return database.close();
}
