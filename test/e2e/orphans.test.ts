import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { issueSystemClientKey } from '../../src/app/integrations/apiClients.js';
import { createAppContext } from '../../src/app/context.js';
import { demoIntake } from '../../fixtures/intake.js';
import { deployDemoProcedure } from '../support/dossierFixtures.js';
import { signIn } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, signInStaff, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();

describe('an online dossier left where nobody can receive it (seed 004’s Hà Nội 270)', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  let commune: { code: string; name: string };
  let receiverId: string;
  let dossier: string;

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    await deployDemoProcedure(server, new Date());
    const db = server.db.database.db;
    // A Hà Nội commune's one-stop centre, and its only receiver.
    const receiver = await db
      .selectFrom('account as a')
      .innerJoin('agency as g', 'g.code', 'a.agency_code')
      .select(['a.id', 'g.code', 'g.name'])
      .where('a.agency_code', 'like', '%.51.H01')
      .where('a.username', 'like', '%.motcua')
      .orderBy('a.username')
      .executeTakeFirstOrThrow();
    commune = { code: receiver.code, name: receiver.name };
    receiverId = receiver.id;
    const key = await issueSystemClientKey(createAppContext(db), 'Cổng DVCQG (mô phỏng)', [
      'dossiers.submit',
    ]);
    const sent = await server.app.inject({
      method: 'POST',
      url: '/api/v1/portal/dossiers',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'G22.99-261129-0270' },
      payload: { ...demoIntake('001089012370'), agencyCode: commune.code },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    dossier = sent.json<{ code: string }>().code;
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the dossier in red on the steering screen as soon as the commune’s only receiver is deactivated', async () => {
    const monitor = await signInStaff(browser, base, 'hanoi.giamsat');
    await monitor.goto(`${base}/dieu-hanh`);
    await monitor.getByRole('heading', { name: 'Điều hành' }).waitFor();
    await monitor.getByText('Tiếp nhận hôm nay').waitFor();
    assert.equal(await monitor.getByText(/^\d+ hồ sơ đang nằm ở nơi không có người xử lý$/).count(), 0);

    const admin = await signIn(server.app, 'hanoi.quantri');
    const off = await admin.call('PATCH', `/api/v1/accounts/${receiverId}`, { active: false });
    assert.ok([200, 204].includes(off.statusCode), off.body);

    // The screen refreshes itself every minute; a reload shows it at once.
    await monitor.reload();
    await monitor.getByText('1 hồ sơ đang nằm ở nơi không có người xử lý').waitFor();
    const row = monitor
      .getByRole('row')
      .filter({ hasText: commune.name })
      .filter({ hasText: 'Cán bộ một cửa' });
    await row.waitFor();
    await row.getByRole('link', { name: dossier }).waitFor();
    await checkScreen(monitor, 'ho-so-khong-nguoi-xu-ly');
    await monitor.close();
  });
});
