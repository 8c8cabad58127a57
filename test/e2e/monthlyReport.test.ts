import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createAppContext } from '../../src/app/context.js';
import { foldAllIndicators } from '../../src/app/reports/foldIndicators.js';
import { demoIntake } from '../../fixtures/intake.js';
import { deployDemoProcedure } from '../support/dossierFixtures.js';
import { signIn } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, signInStaff, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();

describe('monthly report in the browser', { skip }, () => {
  // The server's clock: dossiers received in March 2026, the report made on 2 April.
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer({
      loginPerMinute: 1000,
      now: () => clock,
      settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 },
    });
    await deployDemoProcedure(server, clock);
    const receiver = await signIn(server.app, 'hanoi.motcua', clock);
    for (const id of ['001089012301', '001089012302']) {
      const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake(id));
      assert.equal(res.statusCode, 201, res.body);
    }
    clock.setTime(new Date('2026-04-02T08:00:00+07:00').getTime());
    await foldAllIndicators(createAppContext(server.db.database.db, { now: () => clock }));
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets the national monitor make March’s report and download it as Excel and PDF', async () => {
    const page = await signInStaff(browser, base, 'vpcp.giamsat');
    await page.getByRole('link', { name: 'Báo cáo tháng' }).click();
    await page.getByRole('heading', { name: 'Báo cáo tháng' }).waitFor();
    await page.getByText('Chưa có báo cáo nào trong phạm vi của bạn').waitFor();
    const picker = page.getByLabel('Tháng báo cáo');
    await picker.click();
    await picker.fill('03/2026');
    await picker.press('Enter');
    await page.getByRole('button', { name: 'Lập báo cáo' }).click();
    await page.getByText('Đã lập báo cáo tháng 03/2026 — Toàn quốc').waitFor();
    const row = page.getByLabel('Báo cáo đã lập').getByRole('row').filter({ hasText: 'Toàn quốc' });
    await row.waitFor();
    assert.match(await row.innerText(), /03\/2026/);
    await checkScreen(page, 'bao-cao-thang');
    const download = page.waitForEvent('download');
    await row.getByRole('link', { name: 'Excel' }).click();
    assert.equal((await download).suggestedFilename(), 'bao-cao-thang-2026-03-toan-quoc.xlsx');
    const pdfHref = await row.getByRole('link', { name: 'PDF' }).getAttribute('href');
    const pdf = await page.request.get(`${base}${pdfHref}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');

    const other = await signInStaff(browser, base, 'nghean.giamsat');
    await other.goto(`${base}/bao-cao/hang-thang`);
    await other.getByText('Chưa có báo cáo nào trong phạm vi của bạn').waitFor();
    await page.close();
    await other.close();
  });
});
