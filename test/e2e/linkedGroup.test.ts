import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { LocalCertificateAuthority } from '../../src/app/signing/localCertificateAuthority.js';
import type { Dispatcher } from '../../src/integrations/outbox/dispatcher.js';
import { seedDemoDeployment } from '../../src/seed/demoDeployment.js';
import { agencyOf, unitOf } from '../support/demoSystem.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import type { TestServer } from '../support/testServer.js';
import { launchChromium, newPage, signInStaff, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();

async function scan(title: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage().drawText(title, { x: 60, y: 700, font, size: 24 });
  return Buffer.from(await pdf.save());
}

/**
 * Issue 22 §6 acceptance: a birth registration received at a commune's counter starts the child's
 * permanent residence and health-insurance card in their own systems (simulated); the counter sees
 * both linked dossiers with their own codes and statuses, and the citizen's status page shows the
 * group.
 */
describe('a chained procedure group in the browser', { skip }, () => {
  let s: TestServer;
  let hub: TestHub;
  let base: string;
  let close: () => Promise<void>;
  let dir: string;
  let browser: Browser;
  let dispatcher: Dispatcher;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-pki-'));
    const ca = await LocalCertificateAuthority.open(dir, { now: new Date('2025-01-01') });
    ({ s, hub, base, close } = await startWithHub((h) => ({ exchangeSecret: h.exchangeSecret }), {
      signer: ca,
      loginPerMinute: 1000,
    }));
    await seedDemoDeployment(s.db.database.db, new Date('2025-07-01T00:00:00+07:00'));
    dispatcher = hub.dispatcher();
    await dispatcher.start();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await dispatcher?.stop();
    await close?.();
    await rm(dir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => checkScreen(page, name);

  it('the counter receives one dossier; two linked dossiers appear; the citizen sees the group', async () => {
    const commune = await s.db.database.db
      .selectFrom('admin_unit')
      .select('name')
      .where('code', '=', await unitOf(s, await agencyOf(s, 'badinh.motcua')))
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const place = commune.name.replace(/^(Phường|Xã)\s+/u, '');
    const counter = await signInStaff(browser, base, 'badinh.motcua');
    await counter.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
    await counter.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await counter.keyboard.type('1.001193');
    await counter.getByText('1.001193 — Đăng ký khai sinh').waitFor();
    await counter.keyboard.press('Enter');
    await counter.getByLabel('Số định danh / mã số thuế').fill('001089012345');
    await counter.getByLabel('Họ và tên / tên tổ chức').fill('Nguyễn Thị Mai');
    await counter.getByLabel('Xã, phường nơi cư trú').click();
    await counter.keyboard.type(place);
    await counter
      .locator('.ant-select-item-option', { hasText: `${place}, Thành phố Hà Nội` })
      .first()
      .click();
    await counter.getByLabel('Số nhà, đường, thôn').fill('Số 1 phố Điện Biên Phủ');
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
    await counter
      .locator('tr', { hasText: 'Giấy chứng sinh' })
      .getByText('GCS_giay-chung-sinh.pdf')
      .waitFor();
    const form01 = counter.waitForEvent('popup');
    await counter.keyboard.press('Control+Enter');
    await (await form01).close();
    await counter.getByText('Đã tiếp nhận hồ sơ.').waitFor();
    const code = decodeURIComponent(new URL(counter.url()).pathname.split('/').pop() ?? '');

    // The simulated systems answer; the dossier page shows each linked dossier as it stands.
    const card = counter.locator('.ant-card', { hasText: 'Liên thông với hệ thống khác' });
    for (let i = 0; i < 50; i++) {
      if ((await card.getByText('Đã có kết quả', { exact: true }).count()) === 2) break;
      await counter.waitForTimeout(200);
      await counter.reload();
    }
    assert.equal(
      await card.getByText('Đã có kết quả', { exact: true }).count(),
      2,
      'both linked dossiers answered',
    );
    await card.getByText('Đăng ký thường trú cho trẻ vừa đăng ký khai sinh').waitFor();
    await card.getByText('Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi').waitFor();
    await card.getByText(/^CT-\d{4}-\d{6}$/).waitFor();
    await card.getByText(/^BH-\d{4}-\d{6}$/).waitFor();
    await shot(counter, 'lien-thong-ho-so');

    const citizen = await newPage(browser);
    await citizen.goto(`${base}/tra-cuu/${encodeURIComponent(code)}`);
    await citizen.getByLabel('4 số cuối giấy tờ').fill('2345');
    await citizen.getByLabel('4 số cuối giấy tờ').press('Enter');
    await citizen.getByText('Nhóm thủ tục liên thông: Đang giải quyết').waitFor();
    const group = citizen.locator('.ant-card-small', { hasText: 'Nhóm thủ tục liên thông' });
    await group.getByText('Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi').waitFor();
    await group.getByText(/^BH-\d{4}-\d{6}$/).waitFor();
    await group.scrollIntoViewIfNeeded();
    await shot(citizen, 'lien-thong-tra-cuu');
    await citizen.close();
    await counter.close();
  });
});
