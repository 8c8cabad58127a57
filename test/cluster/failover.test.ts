import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { projectRoot } from '../../src/paths.js';
import { demoPassword } from '../../src/seed/demoAccounts.js';
import { assertStoredOnce, counterLoad } from '../support/counterLoad.js';
import { cli, serveOn, type Running } from '../support/serveProcess.js';
import { testEngine } from '../support/testDatabase.js';

const script = join(projectRoot, 'deploy', 'local-cluster', 'postgres-ha.sh');
const tools = ['/usr/bin/patroni', '/usr/bin/etcd', '/usr/sbin/haproxy', '/usr/bin/pgbackrest'];
const postgresBin = () =>
  `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql')
    .sort((a, b) => Number(a) - Number(b))
    .at(-1)}/bin`;
const missing = tools.filter((t) => !existsSync(t));
const skip =
  testEngine !== 'postgres'
    ? 'a PostgreSQL cluster under Patroni: runs with TEST_DATABASE_URL'
    : missing.length > 0 && !process.env['CI']
      ? `not installed: ${missing.join(', ')} (apt-get install -y patroni etcd-server haproxy pgbackrest)`
      : false;

/**
 * PostgreSQL failover under load (issue 21, items 2 and 6, the short version CI runs): a primary,
 * a synchronous and an asynchronous standby under Patroni with etcd, HAProxy routing writes to the
 * primary Patroni names. Under a steady intake load through one `serve` node, the primary's
 * machine dies (Patroni and PostgreSQL killed with SIGKILL). The standby is promoted, the node
 * reconnects by itself, writes are accepted again within 30 s, and every dossier acknowledged —
 * before, during and after — is stored exactly once: nothing committed and lost (synchronous
 * replication), nothing done twice (idempotency keys retried until answered).
 */
describe(`PostgreSQL failover under load (${testEngine})`, { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-ha-'));
  // A port block of its own below the ephemeral range (the write port, the read port below it,
  // instances, REST, etcd above).
  const haPort = 20000 + Math.floor(Math.random() * 200) * 50;
  const env = { ...process.env, HA_DIR: join(dir, 'cluster'), HA_PORT: String(haPort) };
  // The application's own database (not `postgres`), as in production: the restore drill must open it.
  const writeUrl = `postgres://postgres@127.0.0.1:${haPort}/motcua`;
  let server: Running | undefined;
  const ha = (cmd: string) => execFileSync('bash', [script, cmd], { env, encoding: 'utf8' }).trim();

  before(async () => {
    assert.deepEqual(missing, [], 'Patroni, etcd and HAProxy are required under CI');
    spawnSync('chmod', ['755', dir]);
    ha('start');
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${haPort}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE motcua');
    await admin.end();
    server = await serveOn(writeUrl, dir, {
      DATABASE_READ_URL: `postgres://postgres@127.0.0.1:${haPort - 1}/motcua`,
    });
  });
  after(async () => {
    await server?.stop();
    spawnSync('bash', [script, 'stop'], { env });
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers reports from a standby (DATABASE_READ_URL), saying how far behind it is', async () => {
    const base = (server as Running).url;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'badinh.giamsat', password: demoPassword }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    for (const path of [
      '/api/v1/reports/indicators?from=2026-01-01&to=2026-12-31',
      '/api/v1/steering/today',
    ]) {
      const res = await fetch(base + path, { headers: { cookie } });
      assert.equal(res.status, 200, await res.text());
      assert.match(res.headers.get('x-data-lag-seconds') ?? '', /^\d+$/);
    }
  });

  it('promotes the standby, serves writes again within 30 s, and loses or doubles nothing', async () => {
    const load = await counterLoad((server as Running).url, 6, 120_000);
    await new Promise((r) => setTimeout(r, 3_000));
    assert.ok(load.acknowledged.size > 0, 'dossiers acknowledged before the failover');
    const old = ha('kill-primary');
    const killedAt = Date.now();
    let recovered = 0;
    while (Date.now() - killedAt < 45_000 && recovered === 0) {
      recovered = [...load.at.values()].find((t) => t > killedAt + 500) ?? 0;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(
      recovered > 0,
      `writes accepted again: answers ${JSON.stringify([...load.statuses])}\n${ha('status')}\n${(server as Running).output().slice(-2000)}`,
    );
    const seconds = (recovered - killedAt) / 1000;
    assert.ok(seconds <= 30, `writes back in ${seconds} s`);
    assert.notEqual(ha('primary'), old, 'another instance is the primary');
    await new Promise((r) => setTimeout(r, 2_000));
    await load.stop();
    assert.ok((server as Running).alive(), 'serve survived the failover');
    assert.equal(load.problems.notProblemJson, 0, 'every 503 a problem+json');
    await assertStoredOnce(writeUrl, load.acknowledged);
    console.log(
      `failover: writes back ${seconds.toFixed(1)} s after the primary died; ${load.acknowledged.size} dossiers acknowledged; answers ${JSON.stringify([...load.statuses])}`,
    );
  });

  it('restores the backup to a point in time after the failover, and the drill checks it', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const before = await counterLoad((server as Running).url, 3, 60_000, 'truoc');
    await sleep(2_000);
    await before.stop();
    await sleep(1_500);
    const target = new Date();
    await sleep(1_500);
    const afterTarget = await counterLoad((server as Running).url, 3, 60_000, 'sau');
    await sleep(1_500);
    await afterTarget.stop();
    assert.ok(before.acknowledged.size > 0 && afterTarget.acknowledged.size > 0);
    // The WAL holding the later commits reaches the archive (recovery stops at the first commit after the target).
    const db = new pg.Client({ connectionString: writeUrl });
    await db.connect();
    const { rows } = await db.query<{ wal: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS wal');
    for (let i = 0; i < 100; i++) {
      const a = await db.query<{ last: string | null }>(
        'SELECT last_archived_wal AS last FROM pg_stat_archiver',
      );
      if ((a.rows[0]?.last ?? '') >= (rows[0]?.wal ?? '')) break;
      await sleep(200);
    }
    await db.end();

    const appEnv = { ...process.env, DATABASE_URL: writeUrl, DATA_DIR: join(dir, 'app'), LOG_LEVEL: 'fatal' };
    const copy = spawnSync(process.execPath, [...cli, 'backup-files', '--to', join(dir, 'files-copy')], {
      env: appEnv,
      encoding: 'utf8',
    });
    assert.equal(copy.status, 0, copy.stdout + copy.stderr);
    const into = join(dir, 'restored');
    const port = haPort + 40;
    const drill = spawnSync(
      process.execPath,
      [
        ...cli,
        'restore-drill',
        '--backup-config',
        ha('backup-config'),
        '--target',
        target.toISOString(),
        '--into',
        into,
        '--port',
        String(port),
        '--files-copy',
        join(dir, 'files-copy'),
        '--keep',
      ],
      {
        env: appEnv,
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    const restoredUrl = `postgres://postgres@127.0.0.1:${port}/motcua`;
    try {
      assert.equal(drill.status, 0, drill.stdout + drill.stderr);
      assert.match(drill.stdout, /Diễn tập khôi phục đạt/);
      assert.match(drill.stdout, /đạt {2}bản sao kho tệp/);
      // Independently of the drill's own checks: every dossier acknowledged before the target is
      // there, none acknowledged after it is.
      const restored = new pg.Client({ connectionString: restoredUrl });
      await restored.connect();
      const keys = (
        await restored.query<{ k: string }>(
          `SELECT split_part(intake_key, ':', 3) AS k FROM dossier WHERE intake_key LIKE 'counter:%'`,
        )
      ).rows.map((r) => r.k);
      await restored.end();
      for (const key of before.acknowledged.keys()) assert.ok(keys.includes(key), `${key} restored`);
      for (const key of afterTarget.acknowledged.keys())
        assert.ok(!keys.includes(key), `${key} (after the target) not restored`);
      console.log(`restore drill: ${drill.stdout.trim()}`);
    } finally {
      spawnSync('runuser', [
        '-u',
        'postgres',
        '--',
        `${postgresBin()}/pg_ctl`,
        '-D',
        into,
        '-m',
        'immediate',
        'stop',
      ]);
    }
  });

  it("a drill to a moment nothing archived reaches yet fails at once, with PostgreSQL's reason", () => {
    const started = Date.now();
    const drill = spawnSync(
      process.execPath,
      [
        ...cli,
        'restore-drill',
        '--backup-config',
        ha('backup-config'),
        '--target',
        new Date(Date.now() + 3_600_000).toISOString(),
        '--into',
        join(dir, 'restored-future'),
      ],
      {
        env: { ...process.env, DATABASE_URL: writeUrl, DATA_DIR: join(dir, 'app'), LOG_LEVEL: 'fatal' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.notEqual(drill.status, 0, drill.stdout);
    assert.equal(drill.signal, null, 'ended by itself, not by the timeout');
    assert.match(drill.stderr, /recovery ended before configured recovery target was reached/);
    assert.ok(Date.now() - started < 60_000, `failed in ${Date.now() - started} ms`);
  });
});
