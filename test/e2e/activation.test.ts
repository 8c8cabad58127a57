import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createFirstAdmin } from '../../src/app/accounts/firstAdmin.js';
import { totpCode } from '../../src/app/auth/totp.js';
import { createAppContext } from '../../src/app/context.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, listening, newPage, skipOrFail } from './browser.js';

const skip = skipOrFail();

describe('the first administrator activates the account in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the link, sets a password and a second factor, then signs in with both', async () => {
    const { link } = await createFirstAdmin(
      createAppContext(server.db.database.db, {
        settings: { sessionIdleMs: 9e5, sessionMaxMs: 4e7, publicUrl: base },
      }),
      { username: 'quantri.vpcp', fullName: 'Nguyễn Văn Quản', agencyCode: '000.00.00.G17' },
    );
    const page = await newPage(browser);
    await page.goto(link);
    await page.getByText('Nguyễn Văn Quản').waitFor();
    await page.getByLabel('Mật khẩu mới').fill('Một mật khẩu dài của riêng tôi');
    await page.getByLabel('Nhập lại mật khẩu').fill('Một mật khẩu dài của riêng tôi');
    await page.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();

    await page.getByRole('button', { name: 'Thiết lập xác thực hai lớp' }).click();
    const secret = (await page.locator('.ant-typography code').first().textContent())?.trim() ?? '';
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const enrolledAt = Date.now();
    await page.getByLabel('Mã OTP').fill(totpCode(secret, new Date(enrolledAt)));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    // The administration menu appears only once the second factor is enrolled (the session is full).
    await page.getByRole('link', { name: 'Tài khoản, phân quyền' }).waitFor();
    await page.getByLabel('Mã OTP').waitFor({ state: 'detached' });

    // The link is spent; signing in again takes the password and the code.
    await page.goto(link);
    await page.getByText(/Liên kết kích hoạt không đúng, đã dùng hoặc đã hết hạn/).waitFor();
    const second = await newPage(browser);
    await second.goto(base + '/dang-nhap');
    await second.getByLabel('Tên đăng nhập').fill('quantri.vpcp');
    await second.getByLabel('Mật khẩu').fill('Một mật khẩu dài của riêng tôi');
    await second.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await second.getByLabel('Mã OTP').waitFor();
    // A code of a later 30-second step than the one used to enrol (a code is taken once).
    const step = (t: number) => Math.floor(t / 30_000);
    const now = Date.now();
    await second
      .getByLabel('Mã OTP')
      .fill(totpCode(secret, new Date(step(now) === step(enrolledAt) ? now + 30_000 : now)));
    await second.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await second.getByRole('link', { name: 'Tài khoản, phân quyền' }).waitFor();
  });
});
