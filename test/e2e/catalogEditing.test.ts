import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedStaff } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { chooseOption, launchChromium, signInAdmin, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();

/**
 * The acceptance flow of the catalog: a ministry administrator drafts a version, draws its workflow
 * and publishes it; a province administrator binds it; the readiness board turns green there.
 */
describe('catalog editing in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(server.db.database.db);
    await seedCatalog(createAppContext(server.db.database.db));
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (username: string) => signInAdmin(browser, base, username);

  /** Picks an option of an Ant Design select: types and confirms (searchable) or clicks the option. */
  async function choose(page: Page, label: string, option: string, searchable = false) {
    if (!searchable) return chooseOption(page, page, label, option);
    await page.getByLabel(label, { exact: true }).click();
    await page.keyboard.type(option);
    await page.keyboard.press('Enter');
  }

  it('a ministry drafts, draws and publishes; a province binds; the board turns green', async () => {
    const ministry = await signedIn('botuphap.quantri');
    await ministry.goto(base + '/thu-tuc/VD.000005');
    await ministry.getByRole('button', { name: 'Soạn phiên bản mới' }).click();
    await ministry.getByRole('heading', { name: /phiên bản 2/ }).waitFor();

    // Content: a rule broken is named on its field; fixed, the draft saves.
    const firstName = ministry.locator('#components_0_name');
    const original = await firstName.inputValue();
    await firstName.fill('');
    await ministry.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await ministry.getByText('Bắt buộc nhập').first().waitFor();
    await firstName.fill(original);
    await ministry.getByLabel('Thời hạn giải quyết (trực tuyến): số lượng').fill('9');
    await ministry.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await ministry.getByText('Đã lưu bản nháp').waitFor();

    // Workflow: start from the skeleton, add a consultation by keyboard panel and by drawing.
    await ministry.getByRole('tab', { name: 'Quy trình' }).click();
    await ministry.getByText('Tổng thời gian: 72 / 72 giờ làm việc theo quy định').waitFor();
    await ministry.getByRole('button', { name: 'Thêm bước' }).click();
    await ministry.getByLabel('Tên bước').fill('Lấy ý kiến Công an tỉnh');
    await choose(ministry, 'Nơi thực hiện', 'Cơ quan phối hợp (liên thông)');
    await ministry.locator('.react-flow__node[data-id="TD"]').click();
    await choose(ministry, 'Loại hướng chuyển', 'Lấy ý kiến');
    await choose(ministry, 'Tới bước', 'B5 — Lấy ý kiến Công an tỉnh');
    await ministry.getByRole('button', { name: 'Thêm', exact: true }).click();
    await ministry.getByText('Lấy ý kiến → B5').waitFor();
    await ministry.getByText('Quy trình chưa hợp lệ').waitFor();
    // Draw the answer's way back: from the consultation's lower handle to the appraisal step.
    const from = ministry.locator(
      '.react-flow__node[data-id="B5"] .react-flow__handle[data-handleid="bottom"]',
    );
    const to = ministry.locator('.react-flow__node[data-id="TD"] .react-flow__handle[data-handleid="top"]');
    await from.dragTo(to);
    await ministry.getByText('Quy trình hợp lệ').waitFor();
    assert.equal(await ministry.locator('.react-flow__edge').count(), 6);
    // Consultations run beside the main path: the total stays within the legal time.
    await ministry.getByText('Tổng thời gian: 72 / 72 giờ làm việc theo quy định').waitFor();
    await ministry.getByRole('button', { name: 'Lưu quy trình' }).click();
    await ministry.getByText('Đã lưu quy trình (lần sửa đổi 1)').waitFor();

    await ministry.getByRole('tab', { name: 'Công bố' }).click();
    await ministry.getByLabel('Số quyết định công bố').fill('2468/QĐ-BTP');
    await ministry.getByRole('button', { name: 'Công bố phiên bản 2' }).click();
    await ministry.getByText('Đã công bố', { exact: true }).waitFor();
    await ministry.close();

    // The province: red on the board, bind every step to its service centre, green.
    const province = await signedIn('hanoi.quantri');
    await province.goto(base + '/bao-cao/san-sang');
    const cell = (state: string) =>
      province.getByRole('img', { name: `VD.000005 Thành phố Hà Nội: ${state}`, exact: true });
    await cell('chưa sẵn sàng').waitFor();
    await province.goto(base + '/thu-tuc/VD.000005');
    await province.getByRole('button', { name: 'Gắn quy trình cho địa phương' }).click();
    await province.getByRole('heading', { name: 'Gắn quy trình với cơ quan thực hiện' }).waitFor();
    await province.getByText('Chưa gắn').waitFor();
    for (const step of ['TN', 'TD', 'PD', 'TK', 'B5']) {
      await choose(province, `Cơ quan thực hiện bước ${step}`, 'Trung tâm PVHCC cấp tỉnh', true);
    }
    await province.getByLabel('Số giờ bước TD').fill('40');
    await province.getByRole('button', { name: 'Lưu gắn quy trình' }).click();
    await province.getByText('Đã lưu lần gắn 1').waitFor();
    await province.goto(base + '/bao-cao/san-sang');
    await cell('sẵn sàng').waitFor();
    await province.close();
  });

  it('a ministry words a notice with a live preview; a province overrides it for its own dossiers', async () => {
    const ministry = await signedIn('botuphap.quantri');
    await ministry.goto(base + '/thu-tuc/VD.000005');
    const card = ministry.locator('.ant-card', { hasText: 'Thông báo cho người nộp' });
    const row = card.locator('tr', { hasText: 'Từ chối tiếp nhận, giải quyết' });
    await row.getByText('Mặc định', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Lời của bộ' }).click();
    const dialog = ministry.getByRole('dialog');
    const text = dialog.getByLabel('Nội dung (có dấu; tin nhắn SMS gửi không dấu)');
    await text.fill('Hồ sơ {ma_hoso} bị từ chối.');
    await dialog.getByText('Không có trường thay thế {ma_hoso}').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Lưu phiên bản mới' }).isDisabled(), true);
    await text.fill('Bộ Tư pháp: hồ sơ {ma_ho_so} bị từ chối. Lý do: {ly_do}.');
    await dialog
      .getByText(/^Bo Tu phap: ho so 000\.00\.01\.H01-261206-000123 bi tu choi\. Ly do: Thieu ban sao/)
      .waitFor();
    await dialog.getByText(/SMS \(1 phần, không dấu\)/).waitFor();
    await checkScreen(ministry, 'mau-thong-bao');
    await dialog.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('Của bộ', { exact: true }).waitFor();
    await ministry.close();

    const province = await signedIn('hanoi.quantri');
    await province.goto(base + '/thu-tuc/VD.000005');
    const pcard = province.locator('.ant-card', { hasText: 'Thông báo cho người nộp' });
    await pcard.getByLabel('Tỉnh có mẫu riêng').click();
    await province.keyboard.type('Hà Nội');
    await province.keyboard.press('Enter');
    const prow = pcard.locator('tr', { hasText: 'Từ chối tiếp nhận, giải quyết' });
    await prow.getByText('Của bộ', { exact: true }).waitFor();
    assert.equal(
      await prow.getByRole('button', { name: 'Lời của bộ' }).count(),
      0,
      'a province words only its own',
    );
    await prow.getByRole('button', { name: 'Lời của tỉnh' }).click();
    const pdialog = province.getByRole('dialog');
    await pdialog
      .getByLabel('Nội dung (có dấu; tin nhắn SMS gửi không dấu)')
      .fill('Hà Nội: hồ sơ {ma_ho_so} chưa được nhận ({ly_do}).');
    await pdialog.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await pdialog.waitFor({ state: 'hidden' });
    await prow.getByText('Của tỉnh', { exact: true }).waitFor();

    // The province's own SMS sender name.
    await province.goto(base + '/don-vi-hanh-chinh/01');
    const brand = province.locator('.ant-card', { hasText: 'Tên hiển thị tin nhắn SMS' });
    await brand.getByText('Chưa đặt: tin nhắn mang tên chung của hệ thống.').waitFor();
    await brand.getByLabel('Tên hiển thị SMS').fill('UBND HANOI');
    await brand.getByRole('button', { name: 'Lưu tên hiển thị' }).click();
    await brand.getByText('UBND HANOI', { exact: true }).waitFor();
    await province.close();
  });
});
