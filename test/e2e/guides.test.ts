import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedStaff } from '../../fixtures/staff.js';
import { readPdf } from '../support/readPdf.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import {
  checkScreen,
  chooseOption,
  launchChromium,
  listening,
  signInAdmin,
  signInStaff,
  skipOrFail,
} from './browser.js';

const skip = skipOrFail();

describe('guides in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(server.db.database.db);
    await seedCatalog(createAppContext(server.db.database.db, { now: () => new Date('2026-01-01') }));
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets the system administrator and the ministry edit guides, and a counter official print them', async () => {
    const admin = await signInAdmin(browser, base, 'quantri');
    await admin.goto(`${base}/huong-dan`);
    const receiverGuide = admin.getByRole('button', { name: 'Cán bộ một cửa: tiếp nhận và trả kết quả' });
    await receiverGuide.click();
    await admin.getByRole('button', { name: 'Sửa hướng dẫn' }).first().click();
    const editor = admin.getByRole('dialog');
    await editor.getByLabel('Tiêu đề').fill('Cán bộ một cửa: tiếp nhận tại quầy (bản tập huấn)');
    await editor
      .getByLabel('Nội dung')
      .fill(
        '## Trước giờ mở cửa\n\n1. Đăng nhập, mở [Tiếp nhận hồ sơ](/tiep-nhan).\n2. Kiểm tra **máy quét** và máy in Mẫu 01.\n\n![Màn hình tiếp nhận](tiep-nhan.png)',
      );
    await editor.getByRole('tab', { name: 'Xem trước' }).click();
    await editor.getByRole('heading', { name: 'Trước giờ mở cửa' }).waitFor();
    await checkScreen(admin, 'huong-dan-sua');
    await editor.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await editor.waitFor({ state: 'detached' });
    await admin.getByText('Kiểm tra máy quét và máy in Mẫu 01.').waitFor();
    await admin.getByText('Phiên bản 2, cập nhật').first().waitFor();
    await admin.close();

    const ministry = await signInAdmin(browser, base, 'botuphap.quantri');
    await ministry.goto(`${base}/huong-dan`);
    await ministry.getByRole('button', { name: 'Thêm hướng dẫn kỹ thuật cho thủ tục' }).click();
    const add = ministry.getByRole('dialog');
    // The Ministry of Justice is offered its own procedures only: not residence registration (Public Security).
    await add.getByLabel('Thủ tục').fill('VD.000006');
    await ministry.locator('.ant-select-dropdown:visible').getByText('Không tìm thấy').waitFor();
    await add.getByLabel('Thủ tục').fill('1.001193');
    await chooseOption(ministry, add, 'Thủ tục', '1.001193');
    await add.getByLabel('Tiêu đề').fill('Đăng ký khai sinh: đối chiếu giấy chứng sinh');
    await add
      .getByLabel('Nội dung')
      .fill('Đối chiếu **Giấy chứng sinh** bản chính với tờ khai trước khi nhận.');
    await add.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await add.waitFor({ state: 'detached' });
    await ministry
      .getByRole('button', { name: /1\.001193 — Đăng ký khai sinh: đối chiếu giấy chứng sinh/ })
      .waitFor();
    await ministry.close();

    // The counter official reads the new text, opened on their own section, and prints the handbook.
    const counter = await signInStaff(browser, base, 'hanoi.motcua');
    await counter.getByRole('link', { name: 'Hướng dẫn sử dụng' }).click();
    await counter.getByText('Kiểm tra máy quét và máy in Mẫu 01.').waitFor();
    assert.equal(await counter.getByRole('button', { name: 'Sửa hướng dẫn' }).count(), 0);
    await counter.getByRole('img', { name: 'Màn hình tiếp nhận' }).waitFor();
    await checkScreen(counter, 'huong-dan', { fullPage: true });
    const download = counter.waitForEvent('download');
    await counter.getByRole('link', { name: 'Sổ tay cho Cán bộ một cửa' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'so-tay-huong-dan-receiver.pdf');
    const text = (await readPdf(await readFile(await file.path()))).text
      .normalize('NFC')
      .replace(/\s+/g, ' ');
    for (const expected of [
      'Cán bộ một cửa: tiếp nhận tại quầy (bản tập huấn)',
      'Kiểm tra máy quét và máy in Mẫu 01.',
      '1.001193 — Đăng ký khai sinh: đối chiếu giấy chứng sinh',
      'Đối chiếu Giấy chứng sinh bản chính với tờ khai trước khi nhận.',
    ])
      assert.ok(text.includes(expected), `the handbook lacks “${expected}”`);
    await counter.close();
  });
});
