import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import type { Config } from '../config.js';
import type { CommandArgs } from './commandArgs.js';
import { compareRestore, keepsCommitTimes } from '../app/backup/restoreCheck.js';
import { verifyAuditChain } from '../app/audit/auditLog.js';
import { checkIndicators } from '../app/reports/indicatorCheck.js';
import { checkStorage } from '../app/documents/storageCheck.js';
import { createAppContext } from '../app/context.js';
import { DiskFileStore, type FileStore } from '../app/files/fileStore.js';
import { openDatabase } from '../store/database.js';
import { restoreToPointInTime } from '../ops/pitrRestore.js';
import { fileStoreOf, open } from './runtime.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} giây`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * `motcua restore-drill`: restores the backup to a point in time into a new cluster, checks it
 * against the running database (DATABASE_URL) and the file store, prints the timings, and removes
 * the new cluster (kept with --keep). Exit code 3 when a check fails.
 */
export async function restoreDrillCommand(config: Config, args: CommandArgs): Promise<void> {
  if (!args['backup-config'] || !args.target || !config.databaseUrl) {
    console.error('Cần --backup-config TỆP, --target THỜI_ĐIỂM và DATABASE_URL của CSDL đang chạy.');
    process.exitCode = 2;
    return;
  }
  const target = new Date(args.target);
  if (Number.isNaN(target.getTime())) throw new Error(`Thời điểm không hợp lệ: ${args.target}`);
  const into = args.into ?? mkdtempSync(join(tmpdir(), 'motcua-restore-'));
  const started = performance.now();
  const cluster = await restoreToPointInTime({
    backupConfig: args['backup-config'],
    stanza: args.stanza ?? 'motcua',
    target,
    into,
    port: args.port ? Number(args.port) : await freePort(),
    // The restored cluster is compared database to database with the live one.
    database: decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1)) || 'postgres',
  });
  console.log(`Khôi phục tới ${target.toISOString()} vào ${into} (${cluster.url})`);
  console.log(
    `  chép bản sao lưu: ${seconds(cluster.restoreMs)}; phát lại WAL: ${seconds(cluster.recoveryMs)}`,
  );
  const failures = await checkRestored(config, cluster.url, target, args['files-copy']);
  console.log(`  tổng thời gian diễn tập: ${seconds(performance.now() - started)}`);
  if (!args.keep) {
    cluster.stop();
    rmSync(into, { recursive: true, force: true });
  }
  if (failures > 0) {
    console.error(`Diễn tập khôi phục KHÔNG đạt: ${failures} kiểm tra sai lệch.`);
    process.exitCode = 3;
  } else console.log('Diễn tập khôi phục đạt.');
}

/** The checks on the restored cluster; returns how many failed. */
async function checkRestored(
  config: Config,
  url: string,
  target: Date,
  filesCopy: string | undefined,
): Promise<number> {
  const restored = await openDatabase({ url });
  const live = await open(config);
  let failures = 0;
  const line = (ok: boolean, text: string) => {
    if (!ok) failures++;
    console.log(`  ${ok ? 'đạt ' : 'SAI '} ${text}`);
  };
  try {
    line(
      await keepsCommitTimes(live.db),
      'CSDL đang chạy ghi thời điểm cam kết (track_commit_timestamp = on)',
    );
    const cmp = await compareRestore(restored.db, live.db, target);
    for (const t of cmp.tables)
      line(
        t.restored === t.reference && t.afterTarget === 0,
        `${t.table}: ${t.restored} dòng khôi phục, ${t.reference} dòng cam kết trước thời điểm, ${t.afterTarget} dòng sau`,
      );
    line(
      cmp.newestPresent,
      cmp.newestBefore
        ? `hồ sơ mới nhất trước thời điểm: ${cmp.newestBefore.code} (${cmp.newestBefore.committedAt.toISOString()})`
        : 'chưa có hồ sơ trước thời điểm',
    );
    const audit = await verifyAuditChain(restored.db);
    line(audit.ok, `nhật ký kiểm toán: ${audit.rows} dòng, chuỗi băm ${audit.ok ? 'khớp' : 'gãy'}`);
    const ctx = createAppContext(restored.db);
    const indicators = await checkIndicators(ctx);
    line(
      indicators.equal,
      `chỉ số: ${indicators.dossiers} hồ sơ, ${indicators.dossiersDiffering} hồ sơ lệch`,
    );
    const stores: [string, FileStore][] = [['kho tệp', await fileStoreOf(config)]];
    if (filesCopy) stores.push([`bản sao kho tệp ${filesCopy}`, new DiskFileStore(resolve(filesCopy))]);
    for (const [name, store] of stores) {
      const storage = await checkStorage(ctx, store);
      line(
        storage.recordsWithoutFiles.count === 0,
        `${name}: ${storage.referenced} tệp được trỏ tới, ${storage.recordsWithoutFiles.count} mất`,
      );
    }
  } finally {
    await restored.close();
    await live.close();
  }
  return failures;
}
