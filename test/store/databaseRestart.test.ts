import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testEngine } from '../support/testDatabase.js';
import { serveOn, type Running } from '../support/serveProcess.js';
import { assertStoredOnce, counterLoad, freePort } from '../support/counterLoad.js';

/** The PostgreSQL server binaries of this machine (Debian's layout), or null. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort().at(-1);
  const bin = version ? join(root, version, 'bin') : null;
  return bin && existsSync(join(bin, 'initdb')) ? bin : null;
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
    server = await serveOn(url(), dir);
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
    const load = await counterLoad(base);
    await new Promise((r) => setTimeout(r, 2_000));
    const before = load.acknowledged.size;
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
    const during = load.acknowledged.size;
    await new Promise((r) => setTimeout(r, 2_000));
    await load.stop();
    assert.ok(load.acknowledged.size > during, 'dossiers acknowledged after the restart');
    assert.ok((server as Running).alive());
    assert.ok((load.statuses.get(503) ?? 0) > 0, `503 while away: ${JSON.stringify([...load.statuses])}`);
    assert.ok(load.problems.sawRetryAfter);
    assert.equal(load.problems.notProblemJson, 0);
    await assertStoredOnce(url(), load.acknowledged);
  });
});
