import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CitizenSignIn } from '../../src/app/citizens/citizenSignIn.js';
import { startVneidSimulator, type RunningSimulator } from '../../src/integrations/vneid/vneidSimulator.js';
import { issuedCriminalRecord, startSigning } from '../support/eResultFixtures.js';
import { signIn } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';
import { launchChromium, signInStaff, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();
const mai = '001089012345';

describe('e-results and the citizen data warehouse in the browser', { skip }, () => {
  let idp: RunningSimulator;
  let s: TestServer;
  let close: () => Promise<void>;
  let browser: Browser;
  let base: string;
  let earlier: { code: string; result: { id: string; number: string; sha256: string } };
  let signedFile: Buffer;
  let verification: string;

  before(async () => {
    const clientSecret = randomBytes(16).toString('hex');
    idp = await startVneidSimulator({ clientId: 'motcua', clientSecret });
    let setBase: (b: string) => void;
    ({ s, close, setBase } = await startSigning({
      citizenSignIn: new CitizenSignIn({ issuer: idp.issuer, clientId: 'motcua', clientSecret }),
    }));
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
    setBase(base);
    // An earlier dossier of Mai's: Phiếu lý lịch tư pháp, issued and signed at the Hà Nội centre.
    earlier = await issuedCriminalRecord(s, mai);
    const receiver = await signIn(s.app, 'hanoi.motcua');
    signedFile = (
      await receiver.call('GET', `/api/v1/dossiers/${earlier.code}/results/${earlier.result.id}/content`)
    ).rawPayload;
    verification =
      (
        await s.db.database.db
          .selectFrom('dossier_result')
          .select('verification_code')
          .where('id', '=', earlier.result.id)
          .executeTakeFirstOrThrow()
      ).verification_code ?? '';
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await close?.();
    await idp?.close();
  });

  const shot = (page: Page, name: string, fullPage = false) => checkScreen(page, name, { fullPage });

  it('a citizen signs in with VNeID and finds the earlier result in their warehouse', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(base + '/cong-dan');
    await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill(mai);
    await page.locator('input[name="password"]').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(base + '/cong-dan');
    const warehouse = page.getByLabel('Kho dữ liệu của tôi');
    const row = warehouse
      .getByRole('row')
      .filter({ hasText: `Phiếu lý lịch tư pháp số ${earlier.result.number}` });
    await row.waitFor();
    await row.getByText('Kết quả điện tử').waitFor();
    await row.getByText(earlier.code).waitFor();
    await page.getByLabel('Lịch sử truy cập').getByText('Chưa có cán bộ nào truy cập').waitFor();
    await shot(page, 'kho-du-lieu');
    await context.close();
  });

  it('the counter takes it from the warehouse for a new dossier instead of a new scan', async () => {
    const counter = await signInStaff(browser, base, 'badinh.motcua');
    await counter.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
    await counter.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await counter.keyboard.type('2.001263');
    await counter.getByText('2.001263 — Đăng ký nuôi con nuôi trong nước').waitFor();
    await counter.keyboard.press('Enter');
    await counter.getByLabel('Số định danh / mã số thuế').fill(mai);
    await counter.getByLabel('Họ và tên / tên tổ chức').fill('Nguyễn Thị Mai');
    await counter.getByLabel('Xã, phường nơi cư trú').click();
    await counter.keyboard.type('Ba Đình');
    await counter.locator('.ant-select-item-option', { hasText: 'Ba Đình, Thành phố Hà Nội' }).click();
    await counter.getByLabel('Số nhà, đường, thôn').fill('Số 1 phố Điện Biên Phủ');
    const lltp = counter.locator('tr', { hasText: 'Phiếu lý lịch tư pháp của người nhận con nuôi' });
    const offer = lltp.getByRole('button', { name: /Dùng từ Kho dữ liệu: Phiếu lý lịch tư pháp số/ });
    await offer.click();
    await lltp.getByText(/Lấy từ Kho dữ liệu: Phiếu lý lịch tư pháp số/).waitFor();
    await shot(counter, 'tiep-nhan-kho-du-lieu');
    const receipt = counter.waitForEvent('popup');
    await counter.keyboard.press('Control+Enter');
    await (await receipt).close();
    await counter.getByText('Đã tiếp nhận hồ sơ.').waitFor();
    const row = counter.getByRole('row').filter({ hasText: 'Phiếu lý lịch tư pháp của người nhận con nuôi' });
    await row.getByText('Dùng lại kết quả đã cấp').waitFor();
    const code = decodeURIComponent(new URL(counter.url()).pathname.split('/').pop() ?? '');
    const doc = await s.db.database.db
      .selectFrom('dossier_document as x')
      .innerJoin('dossier as d', 'd.id', 'x.dossier_id')
      .select(['x.digitization', 'x.sha256', 'x.reused_from'])
      .where('d.code', '=', code)
      .where('x.component_code', '=', 'LLTP')
      .executeTakeFirstOrThrow();
    assert.equal(doc.digitization, 3);
    assert.equal(doc.sha256, earlier.result.sha256);
    assert.ok(doc.reused_from);
    await counter.close();

    // Mai sees who used it, for which dossier.
    const history = await s.db.database.db
      .selectFrom('warehouse_access')
      .select('action')
      .where('owner_id_number', '=', mai)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((h) => h.action),
      ['list', 'reuse'],
    );
  });

  it('the QR page verifies the genuine file and rejects a tampered one', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await page.goto(`${base}/xac-minh/${verification}`);
    const card = page.getByLabel('Văn bản đã cấp');
    await card.getByText(earlier.result.number, { exact: true }).waitFor();
    await card.getByText('N. T. Mai').waitFor();
    await card.getByText('001*********').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'phieu-lltp.pdf',
      mimeType: 'application/pdf',
      buffer: signedFile,
    });
    await page.getByText('Tệp đúng là văn bản đã cấp').waitFor();
    await page.getByLabel('Kết quả kiểm tra chữ ký số').getByText('Nội dung tệp đúng như khi ký').waitFor();
    await shot(page, 'xac-minh-van-ban', true);
    const tampered = Buffer.from(signedFile);
    const at = Math.floor(tampered.length / 3);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    await page.locator('input[type=file]').setInputFiles({
      name: 'phieu-lltp-sua.pdf',
      mimeType: 'application/pdf',
      buffer: tampered,
    });
    await page.getByText('Tệp KHÔNG khớp với văn bản đã cấp').waitFor();
    await page
      .getByLabel('Kết quả kiểm tra chữ ký số')
      .getByText('Nội dung tệp đã bị thay đổi sau khi ký')
      .waitFor();
    await page.close();
  });
});
