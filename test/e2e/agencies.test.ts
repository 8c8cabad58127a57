import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seedStaff } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, listening, signInAdmin, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();
const shot = (page: Page, name: string) => checkScreen(page, name);

describe('the agency register in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(server.db.database.db);
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a province administrator registers a department, renames it and sees its history', async () => {
    const page = await signInAdmin(browser, base, 'hanoi.quantri');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('link', { name: 'Cơ quan, đơn vị' }).click();
    await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Mã định danh điện tử').fill('000.00.30.H01');
    await dialog.getByLabel('Loại cơ quan').click();
    await page.locator('.ant-select-item-option', { hasText: 'Sở, ban, ngành' }).click();
    await dialog.getByLabel('Tên cơ quan').fill('Sở Dân tộc và Tôn giáo thành phố Hà Nội');
    await dialog.getByLabel('Mã định danh cơ quan cấp trên').fill('000.00.00.H01');
    await dialog.getByLabel('Mã đơn vị hành chính nơi đặt trụ sở').fill('01');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('heading', { name: /Sở Dân tộc và Tôn giáo thành phố Hà Nội/ }).waitFor();

    await page.getByRole('button', { name: 'Đổi tên, chuyển cơ quan cấp trên' }).click();
    await page.getByRole('dialog').getByLabel('Tên cơ quan').fill('Sở Dân tộc, Tôn giáo thành phố Hà Nội');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('heading', { name: /Sở Dân tộc, Tôn giáo thành phố Hà Nội/ }).waitFor();
    await page.getByRole('cell', { name: 'Thành lập' }).waitFor();
    await page.getByRole('cell', { name: 'Thay đổi', exact: true }).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await shot(page, 'co-quan.png');

    // Closing the city's centre, which holds no dossier here, is allowed; one with dossiers is not (API tests).
    await page.getByRole('button', { name: 'Đóng, sáp nhập' }).click();
    const day = page.getByRole('dialog').getByLabel('Hết hiệu lực từ ngày');
    await day.click();
    await day.fill('01/01/2099');
    await day.press('Enter');
    await page
      .getByRole('dialog')
      .getByLabel('Sáp nhập vào cơ quan (mã định danh), nếu có')
      .fill('000.00.10.H01');
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng cơ quan' }).click();
    await page
      .getByText(/Hết hiệu lực từ/)
      .first()
      .waitFor();
    await page.getByRole('cell', { name: 'Sáp nhập' }).waitFor();
  });

  it('imports a register file: the dry run shows each refused row before anything is written', async () => {
    const file = join(tmpdir(), `danh-muc-${process.pid}.csv`);
    writeFileSync(
      file,
      [
        'Mã định danh,Tên cơ quan,Loại,Mã cơ quan cấp trên,Mã đơn vị hành chính,Hiệu lực từ',
        '000.00.31.H01,Ban Quản lý các khu công nghiệp Hà Nội,department,000.00.00.H01,01,01/07/2025',
        '000.00.32.H01,Ban Quản lý khu công nghệ cao Hà Nội,department,000.00.99.H01,01,01/07/2025',
      ].join('\n'),
    );
    // The system administrator (an administrator's one-time code is used once: another account here).
    const page = await signInAdmin(browser, base, 'quantri');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${base}/co-quan`);
    await page.getByRole('button', { name: 'Nhập danh mục từ tệp' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('Kết quả kiểm tra (chưa ghi)').waitFor();
    await page
      .getByRole('cell', { name: 'Không có cơ quan cấp trên mã này trong danh mục hoặc trong tệp' })
      .waitFor();
    const before = await server.db.database.db
      .selectFrom('agency')
      .select('code')
      .where('code', '=', '000.00.31.H01')
      .executeTakeFirst();
    assert.equal(before, undefined, 'the dry run wrote nothing');
    await shot(page, 'nhap-danh-muc.png');
    await page.getByRole('button', { name: 'Áp dụng 1 thay đổi' }).click();
    await page.getByText('Đã nhập', { exact: true }).waitFor();
    await page.getByRole('link', { name: '000.00.31.H01' }).waitFor();
  });

  it('imports officials from a file: the dry run names each refused row, then the accounts are made', async () => {
    const file = join(tmpdir(), `can-bo-${process.pid}.csv`);
    writeFileSync(
      file,
      [
        'Họ và tên,Số định danh,Thư điện tử,Mã cơ quan,Vai trò',
        'Nguyễn Thị Hoa,001189000321,hoa@hanoi.gov.vn,000.00.01.H01,"Cán bộ một cửa, Chuyên viên"',
        'Trần Văn Nam,001089000322,nam@hanoi.gov.vn,000.00.01.H01,Thủ quỹ',
      ].join('\n'),
    );
    const page = await signInAdmin(browser, base, 'nghean.quantri');
    await page.goto(`${base}/quan-tri/tai-khoan`);
    await page.getByRole('button', { name: 'Nhập cán bộ từ tệp' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('Kết quả kiểm tra (chưa ghi)').waitFor();
    // Nghệ An's administrator: Hà Nội's centre is outside the reach, whatever the role.
    await page.getByRole('cell', { name: 'Cơ quan nằm ngoài phạm vi quản trị của bạn' }).first().waitFor();
    assert.equal(await page.getByRole('button', { name: /Áp dụng/ }).isDisabled(), true);

    writeFileSync(
      file,
      [
        'Họ và tên,Số định danh,Thư điện tử,Mã cơ quan,Vai trò',
        'Nguyễn Thị Hoa,040189000321,hoa@nghean.gov.vn,000.00.01.H40,"Cán bộ một cửa, Chuyên viên"',
        'Trần Văn Nam,040089000322,nam@nghean.gov.vn,000.00.01.H40,Thủ quỹ',
      ].join('\n'),
    );
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('cell', { name: /Vai trò “Thủ quỹ” không có/ }).waitFor();
    await shot(page, 'nhap-can-bo.png');
    await page.getByRole('button', { name: 'Áp dụng 1 thay đổi' }).click();
    await page.getByText('Đã nhập', { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Cán bộ một cửa, Chuyên viên', exact: true }).waitFor();
  });

  it("a commune administrator staffs the commune's centre in one step, from the role template", async () => {
    const page = await signInAdmin(browser, base, 'badinh.quantri');
    await page.goto(`${base}/co-quan/000.04.51.H01`);
    await page.getByRole('button', { name: 'Bố trí cán bộ theo mẫu' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Họ và tên Cán bộ một cửa').fill('Lê Thị Thu');
    await dialog.getByLabel('Số định danh Cán bộ một cửa').fill('001189000555');
    await dialog.getByLabel('Thư điện tử Cán bộ một cửa').fill('thu@badinh.gov.vn');
    await dialog.getByLabel('Họ và tên Chuyên viên').fill('Phạm Văn Sơn');
    await dialog.getByLabel('Số định danh Chuyên viên').fill('001089000556');
    await dialog.getByRole('button', { name: 'Tạo tài khoản, gửi liên kết kích hoạt' }).click();
    await dialog.getByText('Tạo 2, cập nhật 0 tài khoản; gửi 1 liên kết kích hoạt').waitFor();
    await shot(page, 'bo-tri-can-bo.png');
    const made = await server.db.database.db
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select(['a.full_name', 'g.role'])
      .where('a.id_number', 'in', ['001189000555', '001089000556'])
      .orderBy('a.full_name')
      .execute();
    assert.deepEqual(
      made.map((m) => [m.full_name, m.role]),
      [
        ['Lê Thị Thu', 'receiver'],
        ['Phạm Văn Sơn', 'processor'],
      ],
    );
  });
});
