import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export interface RestoreOptions {
  /** The pgBackRest configuration of the cluster backed up (its repository and stanza). */
  backupConfig: string;
  stanza: string;
  /** The point in time to restore to. */
  target: Date;
  /** An empty (or absent) directory for the new cluster. */
  into: string;
  port: number;
  /** The database to open in the restored cluster: the live one's name. */
  database: string;
}

export interface RestoredCluster {
  url: string;
  /** pgBackRest copying the base backup into place. */
  restoreMs: number;
  /** PostgreSQL replaying the archived WAL up to the target and opening for writes. */
  recoveryMs: number;
  stop(): void;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool as the postgres user (PostgreSQL refuses to run as root). */
function spawnAsPostgres(command: string, args: string[]) {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return spawnSync(cmd, argv, { encoding: 'utf8' });
}

function runAsPostgres(command: string, args: string[]): string {
  const r = spawnAsPostgres(command, args);
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')}: ${r.stderr || r.stdout || r.error?.message}`);
  return r.stdout;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  const newest = versions.at(-1);
  if (!newest) throw new Error('PostgreSQL is not installed under /usr/lib/postgresql');
  return join(root, newest, 'bin');
}

/**
 * Restores a pgBackRest backup to a point in time into a new cluster on this machine and opens it:
 * the base backup before the target, the archived WAL replayed up to it, then promoted. The new
 * cluster has its own minimal configuration (the backed-up one names the old cluster's files, its
 * synchronous standbys and its WAL archive, which a drill must never write into).
 */
export async function restoreToPointInTime(o: RestoreOptions): Promise<RestoredCluster> {
  mkdirSync(o.into, { recursive: true });
  if (readdirSync(o.into).length > 0) throw new Error(`${o.into} is not empty`);
  toPostgres(o.into);
  const started = performance.now();
  runAsPostgres('pgbackrest', [
    `--config=${o.backupConfig}`,
    `--stanza=${o.stanza}`,
    `--pg1-path=${o.into}`,
    '--type=time',
    `--target=${o.target.toISOString().replace('T', ' ').replace('Z', '+00')}`,
    '--target-action=promote',
    'restore',
  ]);
  const restoreMs = performance.now() - started;
  writeOwnConfig(o.into, o.port);
  const bin = postgresBin();
  const recoveryStarted = performance.now();
  runAsPostgres(join(bin, 'pg_ctl'), [
    '-D',
    o.into,
    '-l',
    join(o.into, 'restore.log'),
    '-w',
    '-t',
    '3600',
    'start',
  ]);
  const url = `postgres://postgres@127.0.0.1:${o.port}/${encodeURIComponent(o.database)}`;
  const stop = () => void runAsPostgres(join(bin, 'pg_ctl'), ['-D', o.into, '-m', 'fast', '-w', 'stop']);
  try {
    // Promotion is read on the maintenance database, which every cluster has.
    await waitUntilPromoted(`postgres://postgres@127.0.0.1:${o.port}/postgres`, () =>
      stoppedWith(bin, o.into),
    );
  } catch (e) {
    // Stopped already when recovery failed; the cause is the error, not the stop.
    spawnAsPostgres(join(bin, 'pg_ctl'), ['-D', o.into, '-m', 'immediate', 'stop']);
    throw e;
  }
  return { url, restoreMs, recoveryMs: performance.now() - recoveryStarted, stop };
}

function writeOwnConfig(dir: string, port: number): void {
  const settings = {
    port: String(port),
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: `'${dir}'`,
    // At least the old primary's, as recovery requires.
    max_connections: '200',
    max_wal_senders: '10',
    max_replication_slots: '10',
    max_worker_processes: '8',
    wal_level: 'replica',
    hot_standby: 'on',
    archive_mode: 'off',
    track_commit_timestamp: 'on',
    synchronous_standby_names: "''",
    hba_file: `'${join(dir, 'pg_hba.conf')}'`,
    ident_file: `'${join(dir, 'pg_ident.conf')}'`,
  };
  const conf = Object.entries(settings)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
  writeFileSync(join(dir, 'postgresql.conf'), `# written by motcua restore-drill\n${conf}\n`);
  writeFileSync(join(dir, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  if (!existsSync(join(dir, 'pg_ident.conf'))) writeFileSync(join(dir, 'pg_ident.conf'), '');
  rmSync(join(dir, 'postgresql.base.conf'), { force: true });
  rmSync(join(dir, 'standby.signal'), { force: true });
  for (const f of ['postgresql.conf', 'pg_hba.conf', 'pg_ident.conf']) toPostgres(join(dir, f));
}

/** Gives a file to the postgres user when running as root. */
function toPostgres(path: string): void {
  if (!asRoot) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  chownSync(path, id('-u'), id('-g'));
}

/**
 * Null while the restored server runs; once it has stopped (recovery failed: a target after the
 * last archived commit, a missing WAL segment), the last lines of its log, which say why.
 */
function stoppedWith(bin: string, dir: string): string | null {
  const status = spawnAsPostgres(join(bin, 'pg_ctl'), ['-D', dir, 'status']);
  if (status.status !== 3) return null;
  const log = existsSync(join(dir, 'restore.log')) ? readFileSync(join(dir, 'restore.log'), 'utf8') : '';
  return log.trim().split('\n').slice(-6).join('\n');
}

async function waitUntilPromoted(
  url: string,
  stopped: () => string | null,
  limitMs = 3_600_000,
): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    const why = stopped();
    if (why !== null) throw new Error(`the restored cluster stopped during recovery:\n${why}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      const { rows } = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      if (rows[0]?.r === false) return;
    } catch {
      // still starting or replaying
    } finally {
      await client.end().catch(() => {});
    }
    if (Date.now() > until) throw new Error('the restored cluster did not finish recovery in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}
