import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDemoSystem } from '../support/demoSystem.js';
import type { TestServer } from '../support/testServer.js';
import { launchChromium, listening, signInAdmin, signInStaff, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();

describe('the go-live gate in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startDemoSystem({ loginPerMinute: 1000 });
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a switch that would strand dossiers, with the list; the ministry leader decides it in writing', async () => {
    const admin = await signInAdmin(browser, base, 'botuphap.quantri');
    await admin.goto(`${base}/thu-tuc/1.001193`);
    await admin.getByRole('button', { name: 'Đổi tuyến Tỉnh Cao Bằng' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Chưa thể chuyển: hồ sơ sẽ không có người tiếp nhận, xử lý').waitFor();
    await dialog
      .getByText(/không có cơ quan thực hiện/)
      .first()
      .waitFor();
    assert.equal(
      await dialog.getByLabel(/Lãnh đạo bộ quyết định chuyển/).count(),
      0,
      'only a leader may decide',
    );
    await checkScreen(admin, 'cong-kiem-tra');

    const leader = await signInStaff(browser, base, 'botuphap.lanhdao');
    await leader.goto(`${base}/thu-tuc/1.001193`);
    await leader.getByRole('button', { name: 'Đổi tuyến Tỉnh Cao Bằng' }).click();
    const second = leader.getByRole('dialog');
    await second.getByRole('button', { name: 'Lưu' }).click();
    await second
      .getByLabel(/Lãnh đạo bộ quyết định chuyển/)
      .fill('Tỉnh Cao Bằng cam kết bố trí cán bộ trong tuần đầu');
    await second.getByRole('button', { name: 'Lưu' }).click();
    await second.waitFor({ state: 'hidden' });
    await leader.goto(`${base}/bao-cao/san-sang`);
    await leader.getByText('Tỉnh Cao Bằng cam kết bố trí cán bộ trong tuần đầu').waitFor();
    await checkScreen(leader, 'san-sang-vuot-cong');
  });
});
