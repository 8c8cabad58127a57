import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { demoPassword } from '../../src/seed/demoAccounts.js';
import { testEngine } from '../support/testDatabase.js';
import { serve, type Running } from '../support/serveProcess.js';

/** The PostgreSQL server binaries of this machine (Debian's layout), or null. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort().at(-1);
  const bin = version ? join(root, version, 'bin') : null;
  return bin && existsSync(join(bin, 'initdb')) ? bin : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const bin = postgresBin();
const skip =
  testEngine !== 'postgres'
    ? 'restarts a PostgreSQL server: runs with TEST_DATABASE_URL'
    : !bin
      ? 'no PostgreSQL server binaries (apt-get install postgresql)'
      : false;

/**
 * The server survives its database restarting (issue 17, item 15): under a steady intake load, the
 * postmaster is killed with SIGKILL and started again; the `serve` process stays up, answers 503
 * problem+json with Retry-After (and /readyz not ready) while the database is away, serves again
 * by itself within seconds, and every dossier it acknowledged is stored exactly once.
 */
describe(`database restart under load (${testEngine})`, { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pg-'));
  const data = join(dir, 'data');
  let port = 0;
  let server: Running | undefined;
  const asPostgres = (args: string[]) => {
    const r = spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
  };
  const startCluster = () =>
    asPostgres([
      join(bin as string, 'pg_ctl'),
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
    ]);
  const url = () => `postgres://postgres@127.0.0.1:${port}/postgres`;

  before(async () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    chownSync(dir, Number(uid), Number(gid));
    asPostgres([join(bin as string, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    port = await freePort();
    startCluster();
    server = await serve({
      DATABASE_URL: url(),
      DEMO_ACCOUNTS: 'true',
      DATA_DIR: join(dir, 'app'),
      PKI_DIR: join(dir, 'pki'),
      LOG_LEVEL: 'fatal',
      RATE_LIMIT_ACCOUNT_PER_MINUTE: '1000000',
    });
  });
  after(async () => {
    await server?.stop();
    spawnSync('runuser', [
      '-u',
      'postgres',
      '--',
      join(bin as string, 'pg_ctl'),
      '-D',
      data,
      '-m',
      'immediate',
      'stop',
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays up, answers 503 while the database is away, recovers, and loses nothing', async () => {
    const base = (server as Running).url;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'badinh.motcua', password: demoPassword }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const acknowledged = new Map<string, string>();
    const statuses = new Map<number, number>();
    let sawRetryAfter = false;
    let stop = false;

    const submit = async (key: string) =>
      fetch(`${base}/api/v1/dossiers`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie,
          'x-csrf-token': csrfToken,
          'idempotency-key': key,
        },
        body: JSON.stringify({
          procedureCode: '1.001193',
          applicant: {
            kind: 'individual',
            idNumber: '001089012345',
            name: `Người nộp ${key}`,
            address: { communeCode: '00004', detail: 'Số 1' },
          },
          components: [
            { code: 'TK', copies: 1 },
            { code: 'GCS', copies: 1 },
          ],
          eform: { TK: { hoTen: `Người nộp ${key}` } },
        }),
        signal: AbortSignal.timeout(15_000),
      });
    // Eight counter clients; each retries its key until it is acknowledged, as a counter screen does.
    const deadline = Date.now() + 90_000;
    const client = async (n: number) => {
      for (let i = 0; !stop && Date.now() < deadline; i++) {
        const key = `tai-khoi-dong-${n}-${i}`;
        while (Date.now() < deadline) {
          try {
            const res = await submit(key);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status === 503) {
              sawRetryAfter ||= res.headers.get('retry-after') !== null;
              assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
            }
            if (res.status === 200 || res.status === 201) {
              acknowledged.set(key, ((await res.json()) as { code: string }).code);
              break;
            }
            await res.body?.cancel();
          } catch {
            statuses.set(0, (statuses.get(0) ?? 0) + 1);
          }
          // A key is retried until acknowledged, even after the load stops: its outcome must be known.
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, n) => client(n));
    await new Promise((r) => setTimeout(r, 2_000));
    const before = acknowledged.size;
    assert.ok(before > 0, 'dossiers acknowledged before the outage');

    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1_500));
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    await new Promise((r) => setTimeout(r, 3_000));
    assert.ok((server as Running).alive(), 'serve survived the database going away');

    startCluster();
    const back = Date.now();
    let recovered = false;
    while (Date.now() - back < 20_000 && !recovered) {
      recovered = (await fetch(`${base}/readyz`).catch(() => null))?.status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(recovered, 'ready again within 20 s of the database');
    const during = acknowledged.size;
    await new Promise((r) => setTimeout(r, 2_000));
    stop = true;
    await Promise.all(clients);
    assert.ok(acknowledged.size > during, 'dossiers acknowledged after the restart');
    assert.ok((server as Running).alive());
    assert.ok((statuses.get(503) ?? 0) > 0, `503 while away: ${JSON.stringify([...statuses])}`);
    assert.ok(sawRetryAfter);

    const db = new pg.Client({ connectionString: url() });
    await db.connect();
    try {
      const { rows } = await db.query<{ intake_key: string; code: string; n: number }>(
        `SELECT intake_key, min(code) AS code, count(*)::int AS n FROM dossier WHERE intake_key LIKE 'counter:%' GROUP BY intake_key`,
      );
      const stored = new Map(rows.map((r) => [r.intake_key.split(':').slice(2).join(':'), r]));
      for (const [key, code] of acknowledged) {
        const row = stored.get(key);
        assert.ok(row, `acknowledged ${key} is stored`);
        assert.equal(row.n, 1, `${key} stored once`);
        assert.equal(row.code, code);
      }
      assert.equal(rows.length, acknowledged.size, 'nothing stored that was not acknowledged in the end');
    } finally {
      await db.end();
    }
  });
});
