import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { demoPassword } from '../../src/seed/demoAccounts.js';
import { startVneidSimulator, type RunningSimulator } from '../../src/integrations/vneid/vneidSimulator.js';
import { citizenLogin } from '../support/citizenLogin.js';
import { cli, serveOn, type Running } from '../support/serveProcess.js';
import { counterLoad, freePort } from '../support/counterLoad.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

const haproxy = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p));
const skip =
  testEngine !== 'postgres'
    ? 'several nodes share one PostgreSQL (TEST_DATABASE_URL); the embedded database is one process'
    : !haproxy && !process.env['CI']
      ? 'HAProxy is not installed (apt-get install -y haproxy)'
      : false;

/**
 * Stateless nodes (issue 21, item 1): three `serve` processes on one PostgreSQL behind HAProxy
 * (round robin, each answer naming the node that gave it) behave as one system. A session opened
 * through one node is honoured by all; an official's allowance of requests per minute is one
 * allowance whichever node counts it; wrong passwords spread over the nodes lock the account after
 * the fifth, as on one node; a citizen's VNeID sign-in started on one node finishes on another; the
 * scheduled indicator folding, running on all three, counts every dossier once.
 */
describe(`three nodes behind a load balancer (${testEngine})`, { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-nodes-'));
  let db: TestDatabase;
  const nodes: Running[] = [];
  let lb: ChildProcess | null = null;
  let idp: RunningSimulator | null = null;
  let base = '';
  const perMinute = 300;

  before(async () => {
    assert.ok(haproxy, 'HAProxy is required under CI');
    db = await createTestDatabase();
    // One identity provider for the whole system, as VNeID is; every node is its client.
    const clientSecret = 'cluster-test-secret';
    idp = await startVneidSimulator({ clientId: 'motcua', clientSecret });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const node = (i: number) =>
      serveOn(db.url as string, join(dir, `node${i}`), {
        PKI_DIR: join(dir, 'pki'),
        RATE_LIMIT_ACCOUNT_PER_MINUTE: String(perMinute),
        LOGIN_PER_MINUTE: '1000',
        PUBLIC_URL: base,
        OIDC_ISSUER: idp!.issuer,
        OIDC_CLIENT_ID: 'motcua',
        OIDC_CLIENT_SECRET: clientSecret,
      });
    // The first node migrates and seeds; the others start on the ready database, together.
    nodes.push(await node(1));
    nodes.push(...(await Promise.all([node(2), node(3)])));
    const servers = nodes
      .map((n, i) => `  server node${i + 1} ${new URL(n.url).host} check inter 500ms`)
      .join('\n');
    writeFileSync(
      join(dir, 'haproxy.cfg'),
      `global\n  maxconn 256\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 30s\n  timeout server 30s\n` +
        `frontend motcua\n  bind 127.0.0.1:${port}\n  default_backend nodes\n` +
        `backend nodes\n  balance roundrobin\n  option httpchk GET /healthz\n  http-response set-header X-Served-By %s\n${servers}\n`,
    );
    lb = spawn(haproxy as string, ['-f', join(dir, 'haproxy.cfg'), '-db'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(async () => {
    lb?.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.stop()));
    await idp?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (username: string, password: string) =>
    fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('honours a session opened on one node on every node', async () => {
    const res = await login('badinh.motcua', demoPassword);
    assert.equal(res.status, 200, await res.clone().text());
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const me = await fetch(`${base}/api/v1/me`, { headers: { cookie } });
      assert.equal(me.status, 200);
      served.add(me.headers.get('x-served-by') ?? '');
    }
    assert.deepEqual([...served].sort(), ['node1', 'node2', 'node3']);
  });

  it("counts an official's requests once across the nodes", async () => {
    const res = await login('badinh.chuyenvien', demoPassword);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const statuses: number[] = [];
    const servedBy = new Set<string>();
    for (let i = 0; i < perMinute + 9; i++) {
      const me = await fetch(`${base}/api/v1/me`, { headers: { cookie } });
      statuses.push(me.status);
      servedBy.add(me.headers.get('x-served-by') ?? '');
    }
    assert.equal(servedBy.size, 3);
    // One allowance: the requests past it are refused on whichever node they reach.
    assert.equal(statuses.filter((s) => s === 200).length, perMinute, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 9);
  });

  it('locks an account after five wrong passwords spread over the nodes', async () => {
    const servedBy = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const r = await login('badinh.lanhdao', 'sai-mat-khau-123');
      assert.equal(r.status, 401);
      servedBy.add(r.headers.get('x-served-by') ?? '');
    }
    assert.equal(servedBy.size, 3);
    // Locked everywhere: the right password is refused as locked by each node in turn.
    const refusedBy = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const r = await login('badinh.lanhdao', demoPassword);
      assert.equal(r.status, 429);
      assert.match(((await r.json()) as { type: string }).type, /login-locked$/);
      refusedBy.add(r.headers.get('x-served-by') ?? '');
    }
    assert.equal(refusedBy.size, 3);
  });

  it("finishes a citizen's VNeID sign-in on another node than the one that started it", async () => {
    const { cookie, landedOn, servedBy } = await citizenLogin(base, '001089012345');
    assert.equal(landedOn, '/cong-dan');
    // Started on one node, called back on the next (round robin): the pending sign-in is shared.
    assert.equal(servedBy.length, 2, servedBy.join(','));
    assert.notEqual(servedBy[0], servedBy[1]);
    const seenBy = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const me = await fetch(`${base}/api/v1/citizen/me`, { headers: { cookie } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { idNumber: string }).idNumber, '001089012345');
      seenBy.add(me.headers.get('x-served-by') ?? '');
    }
    assert.equal(seenBy.size, 3);
  });

  it('folds the indicators on whichever node runs the job, each dossier counted once', async () => {
    const pool = new pg.Client({ connectionString: db.url as string });
    await pool.connect();
    const receivedNow = async () =>
      (
        await pool.query<{ n: number }>(
          `SELECT coalesce(sum(n), 0)::int AS n FROM indicator_cell
           WHERE procedure_code = '1.001193' AND agency_code NOT LIKE '*%' AND measure = 'received_counter'`,
        )
      ).rows[0]?.n ?? 0;
    const before = await receivedNow();
    const load = await counterLoad(base, 3, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    await load.stop();
    assert.ok(load.acknowledged.size >= 3, `dossiers received: ${load.acknowledged.size}`);
    // The nodes count the marked dossiers and fold every second: both queues drain without the
    // check command's help.
    const waiting = async () =>
      (
        await pool.query<{ n: number }>(
          'SELECT ((SELECT count(*) FROM indicator_change) + (SELECT count(*) FROM indicator_dirty))::int AS n',
        )
      ).rows[0]?.n;
    try {
      for (let i = 0; i < 50; i++) {
        if ((await waiting()) === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(await waiting(), 0, 'the marks are counted and the queue is folded by the nodes');
      assert.equal(
        (await receivedNow()) - before,
        load.acknowledged.size,
        'each received dossier counted once',
      );
    } finally {
      await pool.end();
    }
    const check = spawnSync(process.execPath, [...cli, 'check-indicators'], {
      env: { ...process.env, DATABASE_URL: db.url as string, LOG_LEVEL: 'fatal' },
      encoding: 'utf8',
    });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
});
