import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { issueSystemClientKey } from '../../src/app/integrations/apiClients.js';
import { createAppContext } from '../../src/app/context.js';
import { startPortalSimulator } from '../../src/integrations/dvcqg/portalSimulator.js';
import { setFaults } from '../../src/integrations/simulator/faults.js';
import { demoIntake, hanoiCenter } from '../../fixtures/intake.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import type { TestServer } from '../support/testServer.js';

describe('online dossiers pushed by the portal', () => {
  let s: TestServer;
  let portal: Awaited<ReturnType<typeof startPortalSimulator>>;
  before(async () => {
    ({ s } = await startWithDossier({ now: () => new Date() }, new Date()));
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    portal = await startPortalSimulator({ port: 0, token: 't' });
    const ctx = createAppContext(s.db.database.db);
    // Issued twice, as at two starts: the second key replaces the first.
    await issueSystemClientKey(ctx, 'Cổng DVCQG (mô phỏng)', ['dossiers.submit']);
    const key = await issueSystemClientKey(ctx, 'Cổng DVCQG (mô phỏng)', ['dossiers.submit']);
    portal.connect({ url: `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`, key });
  });
  after(async () => {
    await portal.close();
    await s.close();
  });
  const push = (body: object) =>
    fetch(`${portal.url}/_sim/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('becomes an online intake (channel 2), once per portal id', async () => {
    const body = { portalId: 'DVCQG-000123', ...demoIntake('001089012377'), agencyCode: hanoiCenter };
    const first = await push(body);
    assert.equal(first.status, 201, await first.clone().text());
    const { answer } = (await first.json()) as { answer: { code: string; channel: number; status: number } };
    assert.equal(answer.status, 1, 'waiting at the counter to be received');
    await setFaults(portal.url, { duplicateCallbacks: true });
    const again = await push(body);
    await setFaults(portal.url, {});
    const repeated = (await again.json()) as {
      answer: { code: string };
      repeated: { status: number; body: { code: string } };
    };
    assert.equal(again.status, 200);
    assert.equal(repeated.answer.code, answer.code);
    assert.equal(repeated.repeated.status, 200);
    const rows = await s.db.database.db
      .selectFrom('dossier')
      .select(['code', 'channel'])
      .where('channel', '=', 2)
      .execute();
    assert.deepEqual(rows, [{ code: answer.code, channel: 2 }]);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'client.key_issued')
      .execute();
    assert.equal(audit.length, 2);
  });
});
