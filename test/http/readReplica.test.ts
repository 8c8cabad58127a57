import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { IndicatorReport } from '../../src/contracts/indicators.js';
import { openReadReplica, type ReadReplica } from '../../src/store/readReplica.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import type { TestServer } from '../support/testServer.js';
import { signIn } from '../../fixtures/staff.js';
import { createSeededDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

/**
 * DATABASE_READ_URL (issue 21, item 2): reports and the steering views read from the standby,
 * everything else from the primary; their answers say how far behind the data is. Here the
 * "standby" is a second database that never received the dossier, so which one answered shows.
 */
describe(
  `reports from a read replica (${testEngine})`,
  { skip: testEngine !== 'postgres' && 'a standby is a PostgreSQL server' },
  () => {
    let s: TestServer;
    let standby: TestDatabase;
    let replica: ReadReplica;
    let app: FastifyInstance;
    const clock = new Date('2026-03-02T08:30:00+07:00');

    before(async () => {
      standby = await createSeededDatabase();
      replica = openReadReplica(standby.url as string);
      ({ s } = await startWithDossier({ readReplica: replica, loginPerMinute: 100 }, clock));
      app = s.app;
    });
    after(async () => {
      await s?.close();
      await replica?.close();
      await standby?.drop();
    });

    it('answers reports from the replica, saying how far behind it is', async () => {
      const monitor = await signIn(app, 'hanoi.giamsat', clock);
      const res = await monitor.call('GET', '/api/v1/reports/indicators?from=2026-03-01&to=2026-03-31');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['x-data-lag-seconds'], '0');
      // The replica never saw the dossier the primary holds.
      assert.equal(res.json<IndicatorReport>().indicators.received.total, 0);
      const today = await monitor.call('GET', '/api/v1/steering/today');
      assert.equal(today.statusCode, 200, today.body);
      assert.equal(today.headers['x-data-lag-seconds'], '0');
    });

    it('keeps the work itself on the primary, without a lag header', async () => {
      const receiver = await signIn(app, 'hanoi.motcua', clock);
      const list = await receiver.call('GET', '/api/v1/dossiers?queue=all');
      assert.equal(list.statusCode, 200, list.body);
      assert.equal(list.json<{ items: unknown[] }>().items.length, 1);
      assert.equal(list.headers['x-data-lag-seconds'], undefined);
    });
  },
);
