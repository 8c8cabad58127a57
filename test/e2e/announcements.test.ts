import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedStaff, signIn } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import {
  checkScreen,
  chooseOption,
  launchChromium,
  listening,
  newPage,
  signInAdmin,
  signInStaff,
  skipOrFail,
} from './browser.js';

const skip = skipOrFail();

describe('announcements and maintenance in the browser', { skip }, () => {
  // The server's clock: now, then moved into the maintenance window.
  const clock = new Date();
  let server: TestServer;
  let browser: Browser;
  let base: string;
  const title = 'Tập huấn tiếp nhận hồ sơ phi địa giới';

  before(async () => {
    server = await startTestServer({
      loginPerMinute: 1000,
      now: () => clock,
      settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 },
    });
    await seedStaff(server.db.database.db);
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a province publishes to its receivers, who see it at sign-in; others do not', async () => {
    const admin = await signInAdmin(browser, base, 'hanoi.quantri');
    await admin.getByRole('link', { name: /Thông báo/ }).click();
    await admin.getByRole('tab', { name: 'Đăng thông báo' }).click();
    await admin.getByLabel('Tiêu đề').fill(title);
    await admin.getByLabel('Nội dung').fill('Thứ Năm, 14 giờ, tại Trung tâm Phục vụ hành chính công.');
    await chooseOption(admin, admin, 'Tỉnh, thành phố', 'Thành phố Hà Nội');
    await chooseOption(admin, admin, 'Vai trò', 'Cán bộ một cửa');
    await admin.getByRole('radio', { name: 'Quan trọng' }).check();
    await checkScreen(admin, 'dang-thong-bao');
    await admin.getByRole('button', { name: 'Đăng', exact: true }).click();
    await admin.getByText(`Đã đăng: ${title}`).waitFor();
    await admin.close();

    const receiver = await signInStaff(browser, base, 'hanoi.motcua');
    const modal = receiver.getByRole('dialog', { name: /Thông báo mới/ });
    await modal.getByText(title).waitFor();
    await checkScreen(receiver, 'thong-bao-khi-dang-nhap');
    await modal.getByRole('button', { name: 'Đã đọc tất cả' }).click();
    await modal.waitFor({ state: 'hidden' });
    await receiver.getByRole('link', { name: /Thông báo/ }).click();
    const card = receiver.getByLabel(title);
    await card.waitFor();
    assert.equal(await card.getByText('Chưa đọc').count(), 0, 'marked read');
    await checkScreen(receiver, 'thong-bao');
    await receiver.close();

    const other = await signInStaff(browser, base, 'nghean.motcua');
    await other.getByRole('link', { name: /Thông báo/ }).click();
    await other.getByText('Không có thông báo nào đang hiệu lực').waitFor();
    assert.equal(await other.getByRole('dialog').count(), 0);
    await other.close();
  });

  it('shows planned maintenance on every screen during its window', async () => {
    const system = await signIn(server.app, 'quantri', clock);
    const { earliest } = (await system.call('GET', '/api/v1/announcements/maintenance-earliest')).json<{
      earliest: string;
    }>();
    const from = new Date(earliest);
    const res = await system.call('POST', '/api/v1/announcements', {
      kind: 'maintenance',
      importance: 'urgent',
      title: 'Nâng cấp cơ sở dữ liệu',
      body: 'Hệ thống tạm dừng tiếp nhận trực tuyến.',
      validTo: new Date(from.getTime() + 86_400_000).toISOString(),
      window: { from: from.toISOString(), to: new Date(from.getTime() + 4 * 3_600_000).toISOString() },
    });
    assert.equal(res.statusCode, 201, res.body);
    clock.setTime(from.getTime() + 30 * 60_000);
    const citizen = await newPage(browser);
    await citizen.goto(`${base}/tra-cuu`);
    await citizen.getByText(/Đang bảo trì: Nâng cấp cơ sở dữ liệu/).waitFor();
    await checkScreen(citizen, 'bao-tri');
    await citizen.close();
  });
});
