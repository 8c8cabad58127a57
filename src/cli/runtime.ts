import type { Config } from '../config.js';
import { DiskFileStore, type FileStore } from '../app/files/fileStore.js';
import { seedReferenceData } from '../seed/seedReferenceData.js';
import { seedCatalog } from '../seed/seedCatalog.js';
import { createAppContext } from '../app/context.js';
import { openDatabase, type Database } from '../store/database.js';
import { migrate } from '../store/migrations.js';

/** The context every command and job runs in, with the settings the server runs with. */
export function contextOf(config: Config, database: Database) {
  return createAppContext(database.db, {
    settings: {
      sessionIdleMs: config.sessionIdleMs,
      sessionMaxMs: config.sessionMaxMs,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      brand: config.brand,
    },
  });
}

export function open(config: Config): Promise<Database> {
  return openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, prepare: config.databasePrepare }
      : { dataDir: config.dataDir },
  );
}

/** Brings the database up to date (structure, reference data, catalog); whether it wrote anything. */
export async function prepare(database: Database, force = false): Promise<boolean> {
  const applied = await migrate(database.db);
  if (applied.length > 0)
    console.error(`Đã áp dụng ${applied.length} bản cập nhật cấu trúc: ${applied.join(', ')}`);
  const seeded = await seedReferenceData(database.db, { force });
  if (!seeded.skipped) {
    console.error(
      `Đã nạp dữ liệu nền: ${seeded.units} đơn vị hành chính, ${seeded.lineage} quan hệ sáp nhập, ${seeded.agencies} cơ quan`,
    );
  }
  const catalog = await seedCatalog(createAppContext(database.db));
  if (!catalog.skipped) console.error(`Đã nạp danh mục mẫu: ${catalog.procedures} thủ tục hành chính`);
  return applied.length > 0 || !seeded.skipped || !catalog.skipped;
}

/**
 * Where document bytes live: object storage when configured, else the files folder. The S3 client
 * loads only when configured (docs/style.md, "Libraries loaded at first use").
 */
export async function fileStoreOf(config: Config): Promise<FileStore> {
  if (!config.s3) return new DiskFileStore(config.filesDir);
  const { S3FileStore } = await import('../app/files/s3FileStore.js');
  return new S3FileStore(config.s3);
}
