import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, skipOrFail } from './browser.js';

const skip = skipOrFail();

describe('procedure catalog in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer();
    await seedCatalog(createAppContext(server.db.database.db));
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds a procedure typed without accents and shows its version in plain Vietnamese', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await page.goto(base + '/thu-tuc');
    await page.getByRole('searchbox', { name: 'Tìm thủ tục' }).fill('dang ky khai sinh');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    // The list narrows as the debounced search answers: wait for one row, then check it.
    await page.waitForFunction(
      () => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === 1,
    );
    assert.match((await rows.first().textContent()) ?? '', /1\.001193/);
    await page.getByRole('link', { name: 'Đăng ký khai sinh' }).click();
    await page.getByRole('heading', { name: 'Đăng ký khai sinh' }).waitFor();
    await page.getByText('Giấy chứng sinh hoặc giấy tờ thay Giấy chứng sinh').waitFor();
    await page.getByText('Khai thác từ CSDL quốc gia về dân cư').waitFor();
    await page.getByText('Tính từ ngày làm việc tiếp theo').waitFor();
    await page.getByText('Tuyến triển khai theo tỉnh, thành phố').waitFor();
    await page.getByText('Thành phố Hà Nội').first().waitFor();
    await page.getByRole('link', { name: 'Tỷ lệ triển khai' }).click();
    const justice = page.locator('.ant-table-row', { hasText: 'Bộ Tư pháp' });
    await justice.waitFor();
    assert.match((await justice.textContent()) ?? '', /0 %/);
    await page.close();
  });
});
