import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { DiskFileStore } from '../../src/app/files/fileStore.js';
import { deployDemoProcedure } from '../support/dossierFixtures.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import {
  actOnDossier as act,
  chooseOption,
  launchChromium,
  signInStaff,
  skipOrFail,
  checkScreen,
} from './browser.js';

const skip = skipOrFail();

async function scanPdf(pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++)
    pdf.addPage().drawText(`To khai - trang ${i + 1}`, { x: 60, y: 700, font, size: 24 });
  return Buffer.from(await pdf.save());
}
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
  'base64',
);

describe('counter and back office in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  let root: string;
  let code = '';

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'motcua-e2e-files-'));
    server = await startTestServer({ loginPerMinute: 1000, files: new DiskFileStore(root) });
    await deployDemoProcedure(server, new Date());
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => checkScreen(page, name);
  const statusIs = (page: Page, status: string) =>
    page.getByRole('heading', { name: new RegExp(`Hồ sơ .* ${status}`) }).waitFor();
  const publicStatus = async (expected: RegExp) => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await page.goto(`${base}/tra-cuu/${encodeURIComponent(code)}`);
    await page.getByLabel('4 số cuối giấy tờ').fill('2345');
    await page.getByLabel('4 số cuối giấy tờ').press('Enter');
    await page.getByText(expected).first().waitFor();
    return page;
  };

  it('receives a dossier with scans, asks for a supplement, approves, prints and returns the result', async () => {
    const counter = await signInStaff(browser, base, 'hanoi.motcua');
    await counter.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
    await counter.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    // Keyboard: the procedure box has the focus; type its code and Enter.
    await counter.keyboard.type('VD.000005');
    await counter.getByText('VD.000005 — Cấp Phiếu lý lịch tư pháp').waitFor();
    await counter.keyboard.press('Enter');
    await counter.getByText('Phí cung cấp thông tin lý lịch tư pháp: 200.000 đồng').waitFor();
    await counter.getByLabel('Số định danh / mã số thuế').fill('001089012345');
    await counter.getByLabel('Họ và tên / tên tổ chức').fill('Nguyễn Thị Mai');
    await counter.getByLabel('Xã, phường nơi cư trú').click();
    await counter.keyboard.type('Ba Đình');
    await counter.locator('.ant-select-item-option', { hasText: 'Ba Đình, Thành phố Hà Nội' }).click();
    await counter.getByLabel('Số nhà, đường, thôn').fill('Số 1 phố Điện Biên Phủ');
    // All scans dropped at once on the list: the one named after a component goes to it, the other
    // to the required component still without a scan.
    await counter
      .locator('.ant-card', { hasText: '3. Thành phần hồ sơ' })
      .locator('input[type=file]')
      .first()
      .setInputFiles([
        { name: 'TK_to-khai.pdf', mimeType: 'application/pdf', buffer: await scanPdf(2) },
        { name: 'anh-chup.png', mimeType: 'image/png', buffer: photo },
      ]);
    const tk = counter.locator('tr', { hasText: 'Tờ khai hoặc đơn đề nghị theo mẫu' });
    await tk.getByText('anh-chup.png').waitFor();
    await tk.getByText('TK_to-khai.pdf').waitFor();
    await shot(counter, 'tiep-nhan');
    const form01 = counter.waitForEvent('popup');
    await counter.keyboard.press('Control+Enter');
    // The tab opens at the keypress (so no popup blocker stops it) and shows the receipt once issued.
    await (await form01).waitForURL(/\/forms\/receipt$/);
    await (await form01).close();
    await counter.getByText('Đã tiếp nhận hồ sơ.').waitFor();
    code = decodeURIComponent(new URL(counter.url()).pathname.split('/').pop() ?? '');
    assert.match(code, /^000\.00\.01\.H01-\d{6}-\d{4,}$/);
    await statusIs(counter, 'Được tiếp nhận');
    await counter.getByRole('button', { name: 'TK_to-khai.pdf' }).click();
    await counter.locator('iframe[title="TK_to-khai.pdf"]').waitFor();
    await shot(counter, 'ho-so');
    await (await publicStatus(/Hồ sơ đã được tiếp nhận/)).close();

    // The receiver asks for a supplement: Form 02 opens, the clock stops.
    const form02 = counter.waitForEvent('popup');
    await act(counter, 'Yêu cầu bổ sung', async () => {
      await counter.getByRole('dialog').getByText('Hồ sơ sẽ tạm dừng tính thời gian').waitFor();
      await chooseOption(
        counter,
        counter.getByRole('dialog'),
        'Giấy tờ cần bổ sung',
        'Tờ khai hoặc đơn đề nghị theo mẫu',
      );
      await counter.getByLabel('Lý do').fill('Tờ khai chưa ký');
    });
    await (await form02).waitForURL(/\/forms\/supplement$/);
    await (await form02).close();
    await statusIs(counter, 'Yêu cầu bổ sung giấy tờ');
    const citizen = await publicStatus(/Giấy tờ cần bổ sung/);
    await citizen.getByText('Tờ khai chưa ký').waitFor();
    await shot(citizen, 'tra-cuu');
    await citizen.close();
    // The applicant brings the signed form: a new version of the component, then the clock resumes.
    await counter
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'to-khai-da-ky.pdf', mimeType: 'application/pdf', buffer: await scanPdf(1) });
    await counter.getByRole('button', { name: 'to-khai-da-ky.pdf' }).waitFor();
    await act(counter, 'Nhận hồ sơ bổ sung');
    await statusIs(counter, 'Đang xử lý');
    await act(counter, 'Chuyển xử lý');

    // The leader hands the dossier to the processor from the agency's queue.
    const lead = await signInStaff(browser, base, 'hanoi.lanhdao');
    await lead.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
    await lead
      .getByRole('row', { name: new RegExp(code.replace(/\./g, '\\.')) })
      .getByRole('checkbox')
      .check();
    await chooseOption(lead, lead, 'Cán bộ được giao', '(Chuyên viên)');
    await lead.getByRole('button', { name: 'Giao việc' }).click();
    await lead.getByText('Đã giao 1/1 hồ sơ').waitFor();
    await shot(lead, 'giao-viec');
    await lead.close();

    const processor = await signInStaff(browser, base, 'hanoi.chuyenvien');
    await processor.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
    await processor.locator('.ant-segmented-item', { hasText: 'Của tôi' }).click();
    await processor.getByRole('link', { name: code }).waitFor();
    await shot(processor, 'danh-sach-ho-so');
    await processor.getByRole('link', { name: code }).click();
    await statusIs(processor, 'Đang xử lý');
    await act(processor, 'Chuyển xử lý', async () => {
      await processor.getByRole('dialog').getByText('PD —').waitFor();
    });
    await processor.close();

    const leader = await signInStaff(browser, base, 'hanoi.lanhdao');
    await leader.goto(`${base}/ho-so/${encodeURIComponent(code)}`);
    await act(leader, 'Phê duyệt, ban hành kết quả');
    await statusIs(leader, 'Đã xử lý xong');
    await leader.close();

    await counter.reload();
    const tracking = counter.waitForEvent('popup');
    await counter.getByRole('button', { name: 'In phiếu' }).hover();
    await counter.getByText('Mẫu 06 — Phiếu kiểm soát quá trình').click();
    assert.match((await tracking).url(), /\/forms\/tracking$/);
    await (await tracking).close();
    await act(counter, 'Trả kết quả', async () => {
      await counter.getByLabel('Người nhận (số định danh) hoặc mã bưu gửi').fill('001089012345');
    });
    await statusIs(counter, 'Đã trả kết quả');
    // The help page opens on the counter's own section.
    await counter.getByRole('link', { name: 'Hướng dẫn sử dụng' }).click();
    await counter.getByText('hồ sơ được cấp mã, bản quét được lưu').waitFor();
    await shot(counter, 'huong-dan');
    await counter.close();
  });
});
