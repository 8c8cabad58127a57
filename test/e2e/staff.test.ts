import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { totpCode } from '../../src/app/auth/totp.js';
import { createAppContext } from '../../src/app/context.js';
import { demoPassword, seedDemoAccounts } from '../../src/seed/demoAccounts.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, skipOrFail } from './browser.js';

const skip = skipOrFail();

describe('officials in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer();
    await seedDemoAccounts(server.db.database.db, new Date('2025-07-01T00:00:00+07:00'));
    await seedCatalog(createAppContext(server.db.database.db));
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage() {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    return page;
  }

  async function signIn(page: Awaited<ReturnType<typeof newPage>>, username: string) {
    await page.goto(base + '/dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(demoPassword);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  }

  it('a commune administrator enrols a second factor, then manages only their commune', async () => {
    const page = await newPage();
    await signIn(page, 'badinh.quantri');
    await page.getByText('Vai trò quản trị yêu cầu xác thực hai lớp').waitFor();
    await page.getByRole('button', { name: 'Thiết lập xác thực hai lớp' }).click();
    const secret = (await page.locator('.ant-typography code').first().textContent())?.trim() ?? '';
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.getByLabel('Mã OTP').fill(totpCode(secret, new Date()));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('link', { name: 'Tài khoản, phân quyền' }).click();

    await page.getByRole('link', { name: 'badinh.motcua' }).waitFor();
    const usernames = await page
      .locator('.ant-table-tbody tr.ant-table-row td:first-child')
      .allTextContents();
    assert.ok(usernames.length >= 5);
    assert.ok(
      usernames.every((u) => u.startsWith('badinh.')),
      usernames.join(', '),
    );

    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill('badinh.vanthu');
    await dialog.getByLabel('Họ và tên').fill('Đỗ Thị Hoa');
    await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await dialog.getByText('Đã tạo tài khoản badinh.vanthu').waitFor();
    const temporary = (await dialog.locator('code').textContent())?.trim() ?? '';
    assert.match(temporary, /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    await page.close();
  });

  it('a leader opens the readiness board and reads why a cell is red', async () => {
    const page = await newPage();
    await signIn(page, 'hanoi.lanhdao');
    await page.getByRole('link', { name: 'Sẵn sàng triển khai' }).click();
    await page.getByRole('heading', { name: 'Mức độ sẵn sàng triển khai' }).waitFor();
    const cell = page.getByRole('img', { name: /^VD\.000001 Thành phố Hà Nội: chưa sẵn sàng$/ });
    await cell.hover();
    await page.getByText('Thành phố Hà Nội: Chưa có quy trình').waitFor();
    await page.close();
  });

  it('a receiver sees no administration and is refused it by address', async () => {
    const page = await newPage();
    await signIn(page, 'badinh.motcua');
    await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
    await page.getByText('Cán bộ một cửa', { exact: true }).first().waitFor();
    assert.equal(await page.getByRole('link', { name: 'Tài khoản, phân quyền' }).count(), 0);
    await page.goto(base + '/quan-tri/tai-khoan');
    await page.getByText('Không có quyền truy cập').waitFor();
    await page.close();
  });
});
