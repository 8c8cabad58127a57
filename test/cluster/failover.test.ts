import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../../src/paths.js';
import { assertStoredOnce, counterLoad } from '../support/counterLoad.js';
import { serveOn, type Running } from '../support/serveProcess.js';
import { testEngine } from '../support/testDatabase.js';

const script = join(projectRoot, 'deploy', 'local-cluster', 'postgres-ha.sh');
const tools = ['/usr/bin/patroni', '/usr/bin/etcd', '/usr/sbin/haproxy'];
const missing = tools.filter((t) => !existsSync(t));
const skip =
  testEngine !== 'postgres'
    ? 'a PostgreSQL cluster under Patroni: runs with TEST_DATABASE_URL'
    : missing.length > 0 && !process.env['CI']
      ? `not installed: ${missing.join(', ')} (apt-get install -y patroni etcd-server haproxy)`
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
  const writeUrl = `postgres://postgres@127.0.0.1:${haPort}/postgres`;
  let server: Running | undefined;
  const ha = (cmd: string) => execFileSync('bash', [script, cmd], { env, encoding: 'utf8' }).trim();

  before(async () => {
    assert.deepEqual(missing, [], 'Patroni, etcd and HAProxy are required under CI');
    spawnSync('chmod', ['755', dir]);
    ha('start');
    server = await serveOn(writeUrl, dir);
  });
  after(async () => {
    await server?.stop();
    spawnSync('bash', [script, 'stop'], { env });
    rmSync(dir, { recursive: true, force: true });
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
});
