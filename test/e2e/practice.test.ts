import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { createAppContext } from '../../src/app/context.js';
import { checkIndicators } from '../../src/app/reports/indicatorCheck.js';
import type { Dispatcher } from '../../src/integrations/outbox/dispatcher.js';
import { signIn } from '../../fixtures/staff.js';
import { birthDossier, startDemoSystem } from '../support/demoSystem.js';
import { startTestHub } from '../support/integrationFixtures.js';
import { readPdf } from '../support/readPdf.js';
import type { TestServer } from '../support/testServer.js';
import {
  actOnDossier as act,
  checkScreen,
  launchChromium,
  listening,
  signInAdmin,
  signInStaff,
  skipOrFail,
} from './browser.js';

const skip = skipOrFail();
const baDinh = '000.04.51.H01';

async function scan(text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText(text, { x: 60, y: 700, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
}

/**
 * Issue 23 §1's acceptance: a commune in practice mode. A practice dossier goes through the
 * counter, processing and return in Chromium with the practice marks on screen and on Form 01;
 * the portal simulator receives nothing of it (while it receives a real dossier of the same
 * commune); the indicators do not move; the wipe removes it.
 */
describe('practice mode in the browser', { skip }, () => {
  let s: TestServer;
  let base: string;
  let browser: Browser;
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  let dispatcher: Dispatcher;

  before(async () => {
    hub = await startTestHub(() => s.db.database);
    s = await startDemoSystem({ integrations: { portal: hub.portalClient } });
    base = await listening(s);
    dispatcher = hub.dispatcher();
    await dispatcher.start();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await dispatcher?.stop();
    await hub?.close();
    await s?.close();
  });

  const band = (page: Page) =>
    page.getByText('THỬ NGHIỆM: hồ sơ tập làm, không có giá trị pháp lý').waitFor();

  it('practises a birth registration at Ba Đình from counter to return, and tells the portal nothing', async () => {
    // The commune's administrator opens practice of the procedure at the commune's centre.
    const admin = await signInAdmin(browser, base, 'badinh.quantri');
    await admin.getByRole('link', { name: 'Thử nghiệm, đào tạo' }).click();
    await admin.getByRole('heading', { name: 'Thử nghiệm, đào tạo' }).waitFor();
    await admin.getByRole('combobox', { name: 'Cơ quan' }).click();
    await admin.keyboard.type('ba dinh');
    await admin.locator('.ant-select-item-option', { hasText: baDinh }).first().click();
    await admin.getByRole('combobox', { name: 'Thủ tục' }).click();
    await admin.keyboard.type('1.001193');
    await admin.locator('.ant-select-item-option', { hasText: '1.001193 — ' }).first().click();
    await admin.getByRole('button', { name: 'Mở thử nghiệm' }).click();
    await admin.getByRole('row', { name: /1\.001193/ }).waitFor();
    await checkScreen(admin, 'thu-nghiem');

    // The counter receives a practice dossier.
    const counter = await signInStaff(browser, base, 'badinh.motcua');
    await counter.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
    await counter.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await counter.getByRole('switch', { name: 'Hồ sơ thử nghiệm' }).click();
    await band(counter);
    await counter.getByLabel('Thủ tục hành chính').click();
    await counter.keyboard.type('1.001193');
    await counter.getByText('1.001193 — ').first().waitFor();
    await counter.keyboard.press('Enter');
    await counter.getByLabel('Số định danh / mã số thuế').fill('001089055555');
    await counter.getByLabel('Họ và tên / tên tổ chức').fill('Lê Thị Tập');
    await counter.getByLabel('Xã, phường nơi cư trú').click();
    await counter.keyboard.type('Ba Đình');
    await counter.locator('.ant-select-item-option', { hasText: 'Ba Đình, Thành phố Hà Nội' }).click();
    await counter.getByLabel('Số nhà, đường, thôn').fill('Số 7 phố Đội Cấn');
    await counter
      .locator('.ant-card', { hasText: '3. Thành phần hồ sơ' })
      .locator('input[type=file]')
      .first()
      .setInputFiles([
        { name: 'TK_to-khai.pdf', mimeType: 'application/pdf', buffer: await scan('To khai') },
        {
          name: 'GCS_giay-chung-sinh.pdf',
          mimeType: 'application/pdf',
          buffer: await scan('Giay chung sinh'),
        },
      ]);
    await counter.evaluate(() => window.scrollTo(0, 0));
    await checkScreen(counter, 'thu-nghiem-tiep-nhan');
    const form01 = counter.waitForEvent('popup');
    await counter.keyboard.press('Control+Enter');
    const receipt = await form01;
    await receipt.waitForURL(/\/forms\/receipt$/);
    const receiptUrl = receipt.url();
    await receipt.close();
    await counter.getByText('Đã tiếp nhận hồ sơ.').waitFor();
    const code = decodeURIComponent(new URL(counter.url()).pathname.split('/').pop() ?? '');
    assert.match(code, /^THUNGHIEM-000\.04\.51\.H01-\d{6}-\d{6}$/);
    await band(counter);
    await counter.evaluate(() => window.scrollTo(0, 0));
    await counter.getByText('Không đồng bộ (hồ sơ thử nghiệm)').waitFor();
    // Its linked dossiers (residence, health insurance) are recorded but never sent.
    await counter.getByText('Không gửi (thử nghiệm)').first().waitFor();
    await checkScreen(counter, 'thu-nghiem-ho-so');
    const form = await counter.request.get(receiptUrl);
    const { text } = await readPdf(await form.body());
    assert.match(text, /THỬ NGHIỆM/);
    assert.match(text, /KHÔNG CÓ GIÁ TRỊ PHÁP LÝ/);
    await act(counter, 'Chuyển xử lý');

    // Processing and approval, through the same screens as a real dossier.
    const processor = await signInStaff(browser, base, 'badinh.chuyenvien');
    await processor.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
    await processor.locator('.ant-segmented-item', { hasText: 'Của cơ quan' }).click();
    const row = processor.getByRole('row', { name: new RegExp(code.replace(/\./g, '\\.')) });
    await row.getByText('THỬ NGHIỆM').waitFor();
    await checkScreen(processor, 'thu-nghiem-danh-sach');
    await row.getByRole('link', { name: code }).click();
    await band(processor);
    await act(processor, 'Chuyển xử lý');
    await processor.close();
    const leader = await signInStaff(browser, base, 'badinh.lanhdao');
    await leader.goto(`${base}/ho-so/${encodeURIComponent(code)}`);
    await band(leader);
    await act(leader, 'Phê duyệt, ban hành kết quả');
    await leader.close();
    await counter.reload();
    await act(counter, 'Trả kết quả', async () => {
      await counter.getByLabel('Người nhận (số định danh) hoặc mã bưu gửi').fill('001089055555');
    });
    await counter.getByRole('heading', { name: /Đã trả kết quả/ }).waitFor();
    await counter.close();

    // A real dossier of the same commune reaches the portal; the practice one never does.
    const real = (await birthDossier(await signIn(s.app, 'badinh.motcua'), '00004')).code;
    for (let i = 0; !hub.portal.state.dossiers.has(real); i++) {
      assert.ok(i < 100, 'the real dossier never reached the portal');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(hub.portal.state.dossiers.has(code), false, 'the portal received the practice dossier');
    const ctx = createAppContext(s.db.database.db);
    const check = await checkIndicators(ctx);
    assert.ok(check.equal);
    assert.equal(check.dossiers, 1, 'only the real dossier is counted');

    // The class is over: the administrator wipes the commune's practice dossiers.
    await admin.reload();
    await admin.getByRole('button', { name: 'Xóa hồ sơ thử nghiệm' }).click();
    await admin.getByRole('button', { name: 'Xóa', exact: true }).click();
    await admin.getByText('Đã xóa 1 hồ sơ thử nghiệm').waitFor();
    const left = await s.db.database.db.selectFrom('dossier').select('code').execute();
    assert.deepEqual(
      left.map((d) => d.code),
      [real],
    );
    await admin.close();
  });
});
