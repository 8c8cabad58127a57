import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { seedReferenceData } from '../seed/seedReferenceData.js';
import { seedCatalog } from '../seed/seedCatalog.js';
import { migrate } from '../store/migrations.js';
import { contextOf, open } from './runtime.js';

/** `motcua seed` */
export async function seedCommand(config: Config, args: CommandArgs): Promise<void> {
  const database = await open(config);
  await migrate(database.db);
  const r = await seedReferenceData(database.db, { force: args.force ?? false });
  console.log(
    r.skipped
      ? 'Dữ liệu nền không thay đổi, bỏ qua (dùng --force để nạp lại).'
      : `Đã nạp: ${r.units} đơn vị hành chính, ${r.lineage} quan hệ sáp nhập, ${r.agencies} cơ quan.`,
  );
  const catalog = await seedCatalog(contextOf(config, database));
  if (!catalog.skipped) console.log(`Đã nạp danh mục mẫu: ${catalog.procedures} thủ tục hành chính.`);
  return database.close();
}
