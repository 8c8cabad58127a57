import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedStaff, signIn } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import {
  checkScreen,
  launchChromium,
  listening,
  newPage,
  signInAdmin,
  signInStaff,
  skipOrFail,
} from './browser.js';

const skip = skipOrFail();

describe('support and incidents in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  const contact = (areaKind: string, areaCode: string | null, name: string) => ({
    areaKind,
    areaCode,
    name,
    unit: 'Tổ hỗ trợ kỹ thuật',
    phone: '1900 1234',
    email: 'hotro@example.gov.vn',
    hours: '24/7',
    channel: 'https://zalo.me/g/hotro',
  });

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(server.db.database.db);
    const system = await signIn(server.app, 'quantri');
    for (const [kind, code, name] of [
      ['national', null, 'Tổng đài hỗ trợ quốc gia'],
      ['province', '01', 'Tổ hỗ trợ Hà Nội'],
      ['province', '40', 'Tổ hỗ trợ Nghệ An'],
    ] as const) {
      const res = await system.call('POST', '/api/v1/support/contacts', contact(kind, code, name));
      assert.equal(res.statusCode, 201, res.body);
    }
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows whom to call, takes an incident report, and lets the province’s support acknowledge it', async () => {
    const lost = await newPage(browser);
    await lost.goto(`${base}/khong-co-trang-nay`);
    await lost.getByText('Tổng đài hỗ trợ quốc gia').waitFor();
    assert.equal(await lost.getByText('Tổ hỗ trợ Hà Nội').count(), 0, 'before sign-in: the national desk');
    await checkScreen(lost, 'loi-va-dau-moi-ho-tro');
    await lost.close();

    const official = await signInStaff(browser, base, 'badinh.motcua');
    await official.getByRole('link', { name: 'Hỗ trợ, sự cố' }).click();
    await official.getByText(/Tổ hỗ trợ Hà Nội/).waitFor();
    assert.equal(await official.getByText(/Tổ hỗ trợ Nghệ An/).count(), 0, 'only the own province');
    await official.getByLabel('Tên sự cố').fill('Không in được Giấy tiếp nhận');
    await official.getByLabel('Mô tả').fill('Máy in báo lỗi khi in mẫu 01 từ 8 giờ sáng.');
    await official.getByRole('button', { name: 'Báo sự cố' }).click();
    await official.getByText(/Đã báo sự cố SC-\d{4}-\d{6}/).waitFor();
    await checkScreen(official, 'su-co');
    await official.close();

    const support = await signInAdmin(browser, base, 'hanoi.quantri');
    await support.getByRole('link', { name: 'Hỗ trợ, sự cố' }).click();
    const row = support.getByRole('row').filter({ hasText: 'Không in được Giấy tiếp nhận' });
    await row.getByRole('button', { name: 'Tiếp nhận' }).click();
    await row.getByText('Đã tiếp nhận').waitFor();
    await support.close();
  });
});
