import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { startDemoSystem } from '../support/demoSystem.js';
import type { TestServer } from '../support/testServer.js';
import { launchChromium, listening, signInStaff, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();

/**
 * Issue 22 §5 at the counter: a Hà Nội centre receives a Nghệ An resident's criminal-record
 * request (received anywhere in the country), chooses where the result is returned, and the
 * dossier page says where it was received, who is competent and where the result comes back.
 */
describe('cross-boundary receipt at the counter', { skip }, () => {
  let s: TestServer;
  let base: string;
  let browser: Browser;

  before(async () => {
    s = await startDemoSystem();
    base = await listening(s);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  const shot = (page: Page, name: string) => checkScreen(page, name);

  it('receives for the competent agency of another province, with the result returned here', async () => {
    const commune = await s.db.database.db
      .selectFrom('admin_unit')
      .select('name')
      .where('parent_code', '=', '40')
      .where('valid_to', 'is', null)
      .orderBy('code', 'desc')
      .executeTakeFirstOrThrow();
    const place = commune.name.replace(/^(Phường|Xã)\s+/u, '');
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('To khai', { x: 60, y: 700, font: await pdf.embedFont(StandardFonts.Helvetica) });
    const counter = await signInStaff(browser, base, 'hanoi.motcua');
    await counter.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
    await counter.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await counter.keyboard.type('VD.000005');
    await counter.getByText('VD.000005 — Cấp Phiếu lý lịch tư pháp').waitFor();
    await counter.keyboard.press('Enter');
    await counter.getByLabel('Số định danh / mã số thuế').fill('040090011111');
    await counter.getByLabel('Họ và tên / tên tổ chức').fill('Hồ Văn Nghĩa');
    await counter.getByLabel('Xã, phường nơi cư trú').click();
    await counter.keyboard.type(place);
    await counter
      .locator('.ant-select-item-option', { hasText: `${place}, Tỉnh Nghệ An` })
      .first()
      .click();
    await counter.getByLabel('Số nhà, đường, thôn').fill('Xóm 3');
    await counter
      .locator('.ant-card', { hasText: '3. Thành phần hồ sơ' })
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: 'TK_to-khai.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(await pdf.save()),
      });
    // The procedure is received anywhere in the country: the counter says where the result goes.
    await counter
      .getByText('Nơi trả kết quả nếu người nộp ở địa bàn khác (phi địa giới toàn quốc)')
      .waitFor();
    assert.ok(await counter.getByRole('radio', { name: 'Tại quầy này' }).isChecked());
    await shot(counter, 'phi-dia-gioi-tiep-nhan');
    const form01 = counter.waitForEvent('popup');
    await counter.keyboard.press('Control+Enter');
    await (await form01).close();
    await counter.getByText('Đã tiếp nhận hồ sơ.').waitFor();
    const facts = counter.locator('.ant-card', { hasText: 'Thông tin hồ sơ' });
    await facts.getByText('Tiếp nhận phi địa giới tại').waitFor();
    await facts.getByText('Cơ quan có thẩm quyền').waitFor();
    await facts
      .getByText(/Nghệ An/)
      .first()
      .waitFor();
    await facts
      .locator('tr', { hasText: 'Nơi trả kết quả' })
      .getByText(/Hà Nội/)
      .waitFor();
    await facts.scrollIntoViewIfNeeded();
    await shot(counter, 'phi-dia-gioi-ho-so');
    await counter.close();
  });
});
