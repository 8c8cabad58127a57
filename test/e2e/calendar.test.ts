import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedStaff } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, signInAdmin, skipOrFail } from './browser.js';

const skip = skipOrFail();

describe('working calendar in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(server.db.database.db);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a system administrator confirms next year with an extra day off, and computes a due date', async () => {
    const page = await signInAdmin(browser, base, 'quantri');
    await page.getByRole('link', { name: 'Lịch làm việc, thời hạn' }).click();
    await page.getByRole('heading', { name: 'Lịch làm việc và thời hạn' }).waitFor();
    const next = new Date().getFullYear() + 1;
    // The first weekday after New Year (a day off on a weekend would rightly be refused).
    let day = 2;
    while ([0, 6].includes(new Date(Date.UTC(next, 0, day)).getUTCDay())) day++;
    const dd = String(day).padStart(2, '0');
    await page.getByLabel('Năm').click();
    await page.locator('.ant-select-item-option', { hasText: String(next) }).click();
    await page.getByText('Chưa xác nhận: đang dùng gợi ý theo quy tắc').waitFor();
    // The table renders after the year's suggestion arrives: wait for its last row, then count.
    await page.getByLabel('ngày nghỉ 11', { exact: true }).waitFor();
    const rows = await page.getByLabel(/^ngày nghỉ \d+$/).count();
    assert.equal(rows, 11);
    await page.getByRole('button', { name: 'Thêm ngày nghỉ' }).click();
    const added = page.getByLabel(`ngày nghỉ ${rows + 1}`, { exact: true });
    await added.click();
    await added.fill(`${dd}/01/${next}`);
    await added.press('Enter');
    await page.getByLabel(`Lý do ngày nghỉ ${rows + 1}`).fill('Nghỉ thêm (ví dụ)');
    await page.getByLabel('Căn cứ').fill('Thông báo số 1/TB-VPCP (ví dụ)');
    await page.getByRole('button', { name: `Xác nhận lịch năm ${next}` }).click();
    await page.getByText('Đã xác nhận lần 1').waitFor();
    await page.getByRole('button', { name: 'Tính', exact: true }).click();
    await page.getByText(/Hạn giải quyết: /).waitFor();
    const saved = await server.db.database.db
      .selectFrom('calendar_year')
      .select(['year', 'days_off'])
      .executeTakeFirstOrThrow();
    assert.equal(saved.year, next);
    assert.ok((saved.days_off as { date: string }[]).some((d) => d.date === `${next}-01-${dd}`));
    await page.close();
  });
});
