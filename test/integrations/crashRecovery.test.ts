import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setFaults } from '../../src/integrations/simulator/faults.js';
import { startPortalSimulator } from '../../src/integrations/dvcqg/portalSimulator.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { assertPortalEqualsOurs, streamActions, waitForDrain } from '../support/portalStream.js';
import type { Signed } from '../../fixtures/staff.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

const clock = new Date('2026-03-02T08:30:00+07:00');
const token = 'crash-test-token';

/** `motcua serve` as its own process on the test database, delivering to the test's portal. */
async function startServer(databaseUrl: string, portalUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      DEMO_ACCOUNTS: 'false',
      LOG_LEVEL: 'silent',
      DVCQG_URL: portalUrl,
      DVCQG_TOKEN: token,
      INTEGRATION_TIMEOUT_MS: '1000',
      OUTBOX_RETRY_BASE_MS: '100',
      OUTBOX_RETRY_CAP_MS: '1000',
      OUTBOX_MAX_ATTEMPTS: '1000',
      SIMULATOR_BASE_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('sẵn sàng')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return child;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe(
  'a server killed mid-delivery',
  {
    skip: testEngine !== 'postgres' && 'needs PostgreSQL: two processes share the database',
    timeout: 240_000,
  },
  () => {
    let s: TestServer;
    let receiver: Signed;
    let portal: Awaited<ReturnType<typeof startPortalSimulator>>;
    const children: ChildProcess[] = [];
    before(async () => {
      ({ s, receiver } = await startWithDossier({}, clock));
      portal = await startPortalSimulator({ port: 0, token });
    });
    after(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await Promise.all(children.map(exited));
      await portal.close();
      await s.close();
    });

    it('delivers every committed action at least once after SIGKILL and restart; the portal ends equal to ours', async () => {
      const db = s.db.database.db;
      // Slow answers keep deliveries in flight when the process dies.
      await setFaults(portal.url, { slowMs: 400 });
      const first = await startServer(s.db.url!, portal.url);
      children.push(first);
      await streamActions(receiver, { ms: 3_000, perSecond: 20, start: 500 });
      const inFlight = await db
        .selectFrom('outbox_message')
        .select('id')
        .where('status', '=', 'pending')
        .where('claimed_until', '>', new Date())
        .execute();
      first.kill('SIGKILL');
      await exited(first);
      assert.ok(inFlight.length > 0, 'messages were in flight when the server died');

      const second = await startServer(s.db.url!, portal.url);
      children.push(second);
      await setFaults(portal.url, {});
      await waitForDrain(db, 90_000);
      second.kill('SIGTERM');
      await exited(second);
      await assertPortalEqualsOurs(db, portal.state);
    });
  },
);
