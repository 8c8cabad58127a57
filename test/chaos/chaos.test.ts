import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { projectRoot } from '../../src/paths.js';
import { assertStoredOnce } from '../support/counterLoad.js';
import { cli } from '../support/serveProcess.js';
import { testEngine } from '../support/testDatabase.js';
import { mixedLoad, type LoadOutcome } from './mixedLoad.js';

const script = join(projectRoot, 'deploy', 'local-cluster', 'cluster.sh');
const tools = ['/usr/bin/patroni', '/usr/bin/etcd', '/usr/sbin/haproxy', '/usr/bin/pgbackrest'];
const missing = tools.filter((t) => !existsSync(t));
const skip =
  testEngine !== 'postgres'
    ? 'the whole cluster on PostgreSQL: runs with TEST_DATABASE_URL'
    : missing.length > 0 && !process.env['CI']
      ? `not installed: ${missing.join(', ')}`
      : false;

/** The faults, each injected at a random moment of a steady load, then repaired. */
const allFaults = [
  'kill-node',
  'kill-dispatcher',
  'kill-primary',
  'stop-etcd-leader',
  'pause-primary',
  'fill-disk',
] as const;
type Fault = (typeof allFaults)[number];
// `npm run chaos`: every fault, CHAOS_ROUNDS times (20 by default there); CI runs the short
// version: each fault once but the primary's death, which test/cluster/failover covers.
const faults = (process.env['CHAOS_FAULTS']?.split(',') ??
  allFaults.filter((f) => f !== 'kill-primary')) as Fault[];
const rounds = Number(process.env['CHAOS_ROUNDS'] ?? 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The chaos suite (issue 21, item 6): the whole topology of deploy/local-cluster under a steady
 * mixed load (intakes with idempotency keys, uploads, forwards, public reads); at a random moment
 * a fault: a node or a dispatcher killed with SIGKILL, the primary killed or paused for 20 s,
 * etcd's leader stopped, a node's disk filled. After each: every intake answered 2xx is stored
 * exactly once under its key and nothing else is; every forward answered 200 happened once; every
 * upload answered 201 is kept; no answer was a 5xx other than a problem+json 503 (or HAProxy's 502
 * for a request in flight on a killed node); the portal simulator holds exactly our dossiers with
 * our statuses; `verify-audit` and `check-indicators` pass; the time until intakes are accepted
 * again is measured.
 */
describe(`chaos on the whole cluster (${testEngine})`, { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-chaos-'));
  const port = 10000 + Math.floor(Math.random() * 40) * 200;
  const env = {
    ...process.env,
    CLUSTER_DIR: join(dir, 'cluster'),
    CLUSTER_PORT: String(port),
    CLUSTER_ENV: 'RATE_LIMIT_ACCOUNT_PER_MINUTE=100000',
  };
  const base = `http://127.0.0.1:${port}`;
  const writeUrl = `postgres://postgres@127.0.0.1:${port + 100}/postgres`;
  const cluster = (...args: string[]) =>
    execFileSync('bash', [script, ...args], { env, encoding: 'utf8', timeout: 300_000 }).trim();
  const acknowledged = new Map<string, string>();
  const recoveries: { fault: Fault; seconds: number }[] = [];

  before(() => {
    assert.deepEqual(missing, [], 'Patroni, etcd, HAProxy and pgBackRest are required under CI');
    spawnSync('chmod', ['755', dir]); // PostgreSQL and etcd run as the postgres user, inside it
    cluster('start');
  });
  after(() => {
    if (recoveries.length > 0) console.log(`chaos recoveries: ${JSON.stringify(recoveries)}`);
    spawnSync('bash', [script, 'stop'], { env });
    rmSync(dir, { recursive: true, force: true });
  });

  for (let round = 1; round <= rounds; round++)
    for (const fault of faults)
      it(`${fault} (round ${round})`, async () => {
        const load = await mixedLoad(base, `${fault}-${round}`);
        await sleep(2_000 + Math.random() * 3_000);
        const injectedAt = Date.now();
        const repair = inject(fault);
        const recovered = await firstAcknowledgedAfter(load.outcome, injectedAt, 60_000);
        const seconds = (recovered - injectedAt) / 1000;
        recoveries.push({ fault, seconds });
        await sleep(2_000);
        repair();
        await sleep(2_000);
        await load.stop();
        for (const [k, v] of load.outcome.acknowledged) acknowledged.set(k, v);
        await checkInvariants(load.outcome, fault);
        console.log(
          `${fault}: intakes back after ${seconds.toFixed(1)} s; ${load.outcome.acknowledged.size} dossiers; answers ${JSON.stringify([...load.outcome.answers])}`,
        );
      });

  /** Injects a fault; returns what repairs it (a restart, a freed disk), run after recovery. */
  function inject(fault: Fault): () => void {
    const n = String(1 + Math.floor(Math.random() * (fault === 'kill-dispatcher' ? 2 : 3)));
    switch (fault) {
      case 'kill-node':
        cluster('kill-node', n);
        return () => cluster('start-node', n);
      case 'kill-dispatcher':
        cluster('kill-dispatcher', n);
        return () => cluster('start-dispatcher', n);
      case 'kill-primary': {
        const killed = cluster('kill-primary');
        // The dead machine comes back and rejoins as a standby before the next fault.
        return () => cluster('start-instance', killed);
      }
      case 'stop-etcd-leader': {
        const e = cluster('stop-etcd-leader');
        return () => cluster('start-etcd', e);
      }
      case 'pause-primary':
        // The pause lasts 20 s while the load goes on (the script returns as it begins).
        cluster('pause-primary', '20');
        return () => {};
      case 'fill-disk':
        cluster('fill-disk', n);
        return () => cluster('free-disk', n);
    }
  }

  /** When intakes were accepted again after a fault at `t`. */
  async function firstAcknowledgedAfter(outcome: LoadOutcome, t: number, limitMs: number): Promise<number> {
    const until = t + limitMs;
    while (Date.now() < until) {
      // An intake first sent after the fault had struck (half a second on), then acknowledged.
      const first = [...outcome.at]
        .filter(([key]) => (outcome.started.get(key) ?? 0) > t + 500)
        .map(([, at]) => at)
        .sort((a, b) => a - b)[0];
      if (first) return first;
      await sleep(100);
    }
    assert.fail(`no intake accepted within ${limitMs / 1000} s of the fault`);
  }

  async function checkInvariants(outcome: LoadOutcome, fault: Fault): Promise<void> {
    assert.deepEqual(outcome.unclean, [], 'every failure a clean, retryable refusal');
    const badGateway = [...outcome.answers]
      .filter(([k]) => k.endsWith(' 502'))
      .reduce((s, [, n]) => s + n, 0);
    if (fault !== 'kill-node')
      assert.equal(badGateway, 0, 'a 502 only for requests in flight on a killed node');
    await assertStoredOnce(writeUrl, acknowledged);
    const db = new pg.Client({ connectionString: writeUrl });
    await db.connect();
    try {
      const forwards = await db.query<{ code: string; n: number }>(
        `SELECT d.code, count(*)::int AS n FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
         WHERE a.type = 'forward' AND a.to_step = 'TD' GROUP BY d.code`,
      );
      const forwardCount = new Map(forwards.rows.map((r) => [r.code, r.n]));
      for (const code of outcome.forwarded) assert.equal(forwardCount.get(code), 1, `${code} forwarded once`);
      assert.ok(
        forwards.rows.every((r) => r.n === 1),
        'no dossier forwarded twice',
      );
      const ids = [...outcome.uploads.keys()];
      const kept = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM dossier_document WHERE id = ANY($1::uuid[])',
        [ids],
      );
      assert.equal(kept.rows[0]?.n, ids.length, 'every acknowledged upload kept');
      await assertPortalHoldsOurs(db);
    } finally {
      await db.end();
    }
    const appEnv = { ...process.env, DATABASE_URL: writeUrl, LOG_LEVEL: 'fatal' };
    for (const command of ['verify-audit', 'check-indicators']) {
      const r = spawnSync(process.execPath, [...cli, command], { env: appEnv, encoding: 'utf8' });
      assert.equal(r.status, 0, `${command}: ${r.stdout}${r.stderr}`);
    }
  }

  /** Once the dispatchers have delivered everything, the portal holds each of our dossiers once, as we do. */
  async function assertPortalHoldsOurs(db: pg.Client): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_message WHERE destination = 'dvcqg' AND status <> 'sent'`,
      );
      if (rows[0]?.n === 0) break;
      await sleep(200);
    }
    const pending = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM outbox_message WHERE destination = 'dvcqg' AND status <> 'sent' GROUP BY status`,
    );
    assert.deepEqual(pending.rows, [], 'everything delivered to the portal');
    const ours = await db.query<{ code: string; status: number }>('SELECT code, status FROM dossier');
    const portalUrl = cluster('env')
      .split('\n')
      .find((l) => l.startsWith('DVCQG_URL='))
      ?.slice('DVCQG_URL='.length);
    const state = (await (await fetch(`${portalUrl}/_sim/state`)).json()) as {
      dossiers: { MaHoSo: string; TrangThaiHoSo: number }[];
    };
    const held = new Map<string, number[]>();
    for (const d of state.dossiers) held.set(d.MaHoSo, [...(held.get(d.MaHoSo) ?? []), d.TrangThaiHoSo]);
    for (const d of ours.rows)
      assert.deepEqual(held.get(d.code), [d.status], `${d.code} at the portal once, as ours`);
    assert.equal(held.size, ours.rows.length, 'the portal holds nothing we do not');
  }
});
