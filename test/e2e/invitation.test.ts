import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { signIn } from '../../fixtures/staff.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import { postFile } from '../support/multipart.js';
import type { TestServer } from '../support/testServer.js';
import { launchChromium, newPage, signInAdmin, skipOrFail } from './browser.js';

const skip = skipOrFail();

describe('an official invited by an import activates the account in the browser', { skip }, () => {
  let s: TestServer;
  let hub: TestHub;
  let base: string;
  let close: () => Promise<void>;
  let browser: Browser;

  before(async () => {
    ({ s, hub, base, close } = await startWithHub(() => ({})));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await close?.();
  });

  it('reads the link in the mailbox, sets a password and lands on the worklist', async () => {
    const admin = await signIn(s.app, 'hanoi.quantri');
    const file = [
      'Họ và tên,Số định danh,Thư điện tử,Mã cơ quan,Vai trò',
      'Nguyễn Thị Hoa,001189000321,hoa@hanoi.gov.vn,000.00.01.H01,Cán bộ một cửa',
    ].join('\n');
    const res = await postFile(s.app, admin, '/api/v1/accounts/import?dryRun=false', {
      name: 'can-bo.csv',
      bytes: Buffer.from(file),
    });
    assert.equal(res.statusCode, 200, res.body);
    await hub.drain(hub.dispatcher());
    const mail = hub.mail.mails.find((m) => m.to.includes('hoa@hanoi.gov.vn'));
    assert.ok(mail, 'the invitation reached the mailbox');
    assert.match(mail.subject, /Kích hoạt tài khoản/);
    const token = /\/kich-hoat\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    assert.ok(token);
    assert.doesNotMatch(mail.text, /mật khẩu tạm|MotCua@/i, 'no password travels by mail');

    const page = await newPage(browser);
    await page.goto(`${base}/kich-hoat/${token}`);
    await page.getByText('Nguyễn Thị Hoa').waitFor();
    await page.getByLabel('Mật khẩu mới').fill('Hoa tự đặt mật khẩu này');
    await page.getByLabel('Nhập lại mật khẩu').fill('Hoa tự đặt mật khẩu này');
    await page.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await page.waitForURL(/\/ho-so/);
    await page.getByRole('heading', { name: /Hồ sơ/ }).first().waitFor();
    await page.getByRole('banner').getByText('Nguyễn Thị Hoa').waitFor();
    if (process.env['SCREENSHOTS_DIR'])
      await page.screenshot({ path: `${process.env['SCREENSHOTS_DIR']}/kich-hoat-xong.png` });
  });

  it('sends a lost link again from the account page, to the mailbox and on screen', async () => {
    const admin = await signIn(s.app, 'hanoi.quantri');
    const file = [
      'Họ và tên,Số định danh,Thư điện tử,Mã cơ quan,Vai trò',
      'Trần Văn Bình,001189000654,binh@hanoi.gov.vn,000.00.01.H01,Cán bộ một cửa',
    ].join('\n');
    assert.equal(
      (
        await postFile(s.app, admin, '/api/v1/accounts/import?dryRun=false', {
          name: 'can-bo.csv',
          bytes: Buffer.from(file),
        })
      ).statusCode,
      200,
    );
    const id = (
      await s.db.database.db
        .selectFrom('account')
        .select('id')
        .where('id_number', '=', '001189000654')
        .executeTakeFirstOrThrow()
    ).id;
    const page = await signInAdmin(browser, base, 'hanoi.quantri');
    await page.goto(`${base}/quan-tri/tai-khoan/${id}`);
    await page.getByRole('button', { name: 'Gửi lại liên kết kích hoạt' }).click();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Liên kết kích hoạt', exact: true });
    await dialog.getByText('Đã gửi tới thư điện tử của cán bộ.', { exact: false }).waitFor();
    const shown = await dialog.locator('code').innerText();
    const token = /\/kich-hoat\/([A-Za-z0-9_-]{43})/.exec(shown)?.[1];
    assert.ok(token, shown);
    if (process.env['SCREENSHOTS_DIR']) {
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${process.env['SCREENSHOTS_DIR']}/gui-lai-kich-hoat.png` });
    }
    await hub.drain(hub.dispatcher());
    const mails = hub.mail.mails.filter((m) => m.to.includes('binh@hanoi.gov.vn'));
    assert.equal(mails.length, 2, "the import's invitation, then the new one");
    assert.ok(mails[1]?.text.includes(token), 'the mail carries the link shown');
  });
});
