import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, skipOrFail } from './browser.js';

const skip = skipOrFail();

describe('administrative map in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;

  before(async () => {
    server = await startTestServer();
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the national totals on the overview', async () => {
    await page.goto(base + '/');
    await page.getByText('3.321', { exact: true }).waitFor();
    assert.equal(await page.getByText('34', { exact: true }).count(), 1);
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  });

  it('goes to a province and finds a commune typed without accents', async () => {
    await page.getByRole('link', { name: 'Đơn vị hành chính' }).first().click();
    await page.getByRole('link', { name: 'Thành phố Hà Nội' }).click();
    await page.getByRole('heading', { name: 'Thành phố Hà Nội' }).waitFor();
    await page.getByText('126 đơn vị').waitFor();

    const search = page.getByRole('searchbox', { name: 'Tìm xã, phường, đặc khu' });
    await search.fill('ba dinh');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().getByText('Phường Ba Đình').waitFor();
    assert.equal(await rows.count(), 1);

    // Enter opens the first match, with the units it was formed from.
    await search.press('Enter');
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Phường Trúc Bạch').waitFor();
    await drawer.getByText('Ủy ban nhân dân phường Ba Đình').waitFor();
    assert.match(page.url(), /\?xa=00004$/);
  });

  it('searches communes nationwide from the map page and focuses search with "/"', async () => {
    await page.goto(base + '/don-vi-hanh-chinh');
    // Leave the search box (it has focus on arrival), then come back with the shortcut.
    await page.getByRole('heading', { name: 'Đơn vị hành chính' }).click();
    await page.keyboard.press('/');
    await page.keyboard.type('phu quoc');
    await page.getByText('Đặc khu Phú Quốc').waitFor();
  });

  it('filters agencies by kind and opens one', async () => {
    await page.goto(base + '/co-quan');
    await page.getByRole('searchbox', { name: 'Tìm cơ quan' }).fill('tu phap ha noi');
    await page.getByRole('link', { name: 'Sở Tư pháp thành phố Hà Nội' }).click();
    await page.getByRole('heading', { name: 'Sở Tư pháp thành phố Hà Nội' }).waitFor();
    await page.getByText('000.00.10.H01').waitFor();
    await page.getByRole('link', { name: 'Ủy ban nhân dân thành phố Hà Nội' }).waitFor();
  });
});
