import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/paths.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrations.js';
import { migrationTarget } from '../fixtures/migrationTarget.js';
import { timedImport } from './migration.js';
import { writeProvincialExport } from './provincialExport.js';

/**
 * The restore drill at scale (issue 21): a PostgreSQL cluster under Patroni
 * (`deploy/local-cluster/postgres-ha.sh`), BENCH_DOSSIERS dossiers (200,000 by default; 1,000,000
 * for the issue's figure) imported into its `motcua` database by `migrate-in run`'s own code, a
 * full pgBackRest backup, some more dossiers after it (WAL to replay), then `motcua restore-drill`
 * to a moment after those, as an operator runs it. Prints each part's time; the cluster is removed.
 */
export async function restoreDrill(): Promise<void> {
  const n = Number(process.env['BENCH_DOSSIERS'] ?? 200_000);
  const dir = mkdtempSync(join(tmpdir(), 'motcua-restore-bench-'));
  chmodSync(dir, 0o755);
  const port = 21000 + Math.floor(Math.random() * 100) * 50;
  const env = { ...process.env, HA_DIR: join(dir, 'cluster'), HA_PORT: String(port) };
  const script = join(projectRoot, 'deploy', 'local-cluster', 'postgres-ha.sh');
  const ha = (...a: string[]) => execFileSync('bash', [script, ...a], { env, encoding: 'utf8' }).trim();
  const url = `postgres://postgres@127.0.0.1:${port}/motcua`;
  const timed = <T>(f: () => T): [T, number] => {
    const t = performance.now();
    return [f(), (performance.now() - t) / 1000];
  };
  try {
    ha('start');
    await admin(`postgres://postgres@127.0.0.1:${port}/postgres`, 'CREATE DATABASE motcua');
    const exportDir = join(dir, 'export');
    const source = await writeProvincialExport(exportDir, n);
    const database = await openDatabase({ url });
    try {
      await migrate(database.db);
      await seedReferenceData(database.db);
      await timedImport(database, exportDir, await migrationTarget(database.db, source));
    } finally {
      await database.close();
    }
    const size = await admin(url, `SELECT pg_size_pretty(pg_database_size('motcua')) AS s`);
    const [, backupS] = timed(() => ha('backup', 'full'));
    console.log(`database ${size}; pgBackRest full backup ${backupS.toFixed(1)} s`);
    // Changes after the backup for the drill to replay: about a national day's worth of updated
    // dossier rows (~40,000 applications a day).
    await admin(
      url,
      `UPDATE dossier SET updated_at = updated_at WHERE id IN (SELECT id FROM dossier WHERE status IN (2, 4, 5) LIMIT 40000)`,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    const target = new Date();
    await new Promise((r) => setTimeout(r, 1_500));
    // Recovery stops at the first commit after the target, so there must be one in the archive.
    await admin(
      url,
      `UPDATE dossier SET updated_at = updated_at WHERE id IN (SELECT id FROM dossier LIMIT 100)`,
    );
    await admin(url, `SELECT pg_switch_wal()`);
    await waitArchived(url);
    const [drill, drillS] = timed(() =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(projectRoot, 'src', 'cli.ts'),
          'restore-drill',
          '--backup-config',
          ha('backup-config'),
          '--target',
          target.toISOString(),
          '--into',
          join(dir, 'restored'),
        ],
        {
          env: { ...process.env, DATABASE_URL: url, DATA_DIR: join(dir, 'app'), LOG_LEVEL: 'fatal' },
          encoding: 'utf8',
        },
      ),
    );
    console.log(drill.stdout.trim());
    if (drill.status !== 0) throw new Error(`restore-drill exited ${drill.status}: ${drill.stderr}`);
    console.log(
      `restore-drill of ${n.toLocaleString('en')} dossiers (${size}): ${drillS.toFixed(1)} s in all`,
    );
  } finally {
    spawnSync('bash', [script, 'stop'], { env, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

async function admin(url: string, q: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<Record<string, unknown>>(q);
    return String(Object.values(r.rows[0] ?? {})[0] ?? '');
  } finally {
    await c.end();
  }
}

/** Until the WAL segment holding the newest commit is in the archive. */
async function waitArchived(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const wal =
      (await c.query<{ w: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS w')).rows[0]?.w ?? '';
    for (let i = 0; i < 600; i++) {
      const a = await c.query<{ last: string | null }>(
        'SELECT last_archived_wal AS last FROM pg_stat_archiver',
      );
      if ((a.rows[0]?.last ?? '') >= wal) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`WAL ${wal} not archived within 5 minutes`);
  } finally {
    await c.end();
  }
}
