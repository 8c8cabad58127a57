import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { demoIntake } from '../../fixtures/intake.js';
import { deployDemoProcedure } from '../support/dossierFixtures.js';
import { signIn } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { chooseOption, launchChromium, signInStaff, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();

describe('feedback in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  let code: string;

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    await deployDemoProcedure(server, new Date());
    const receiver = await signIn(server.app, 'hanoi.motcua');
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012345'));
    assert.equal(res.statusCode, 201, res.body);
    code = res.json<{ code: string }>().code;
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('carries a citizen’s feedback to the centre that received the dossier, where it is assigned and answered', async () => {
    const citizen = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await citizen.goto(`${base}/tra-cuu/${encodeURIComponent(code)}`);
    await citizen.getByLabel('4 số cuối giấy tờ').fill('2345');
    await citizen.getByLabel('4 số cuối giấy tờ').press('Enter');
    const form = citizen.locator('.ant-card', { hasText: 'Gửi phản ánh, kiến nghị về hồ sơ này' });
    await form.waitFor();
    await form.getByLabel('Về việc').click();
    await citizen.getByTitle('Chậm giải quyết, trễ hẹn').click();
    await form.getByLabel('Nội dung').fill('Đã quá hẹn hai ngày mà chưa nhận được kết quả.');
    await form.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const receipt = await citizen.getByText(/Đã nhận phản ánh số PA-\d{4}-\d{6}/).innerText();
    const number = /PA-\d{4}-\d{6}/.exec(receipt)?.[0];
    assert.ok(number);
    await citizen.close();

    const leader = await signInStaff(browser, base, 'hanoi.lanhdao');
    await leader.getByRole('link', { name: 'Phản ánh, kiến nghị' }).click();
    await leader.getByRole('heading', { name: 'Phản ánh, kiến nghị' }).waitFor();
    await leader.getByRole('button', { name: number }).click();
    const drawer = leader.locator('.ant-drawer');
    await drawer.getByText('Đã quá hẹn hai ngày mà chưa nhận được kết quả.').waitFor();
    await chooseOption(leader, drawer, 'Người xử lý');
    await drawer.getByRole('button', { name: 'Phân công' }).click();
    await drawer.getByText('Đang xử lý').waitFor();
    await drawer.getByLabel('Nội dung trả lời').fill('Kết quả đã có, mời ông/bà nhận tại quầy số 3.');
    await checkScreen(leader, 'phan-anh');
    await drawer.getByRole('button', { name: 'Gửi trả lời' }).click();
    await drawer.getByText('Đã trả lời').waitFor();
    await leader.keyboard.press('Escape');
    await leader
      .getByLabel('Tổng hợp theo lĩnh vực')
      .getByRole('row')
      .filter({ hasText: 'Chậm giải quyết, trễ hẹn' })
      .waitFor();

    const nghean = await signInStaff(browser, base, 'nghean.giamsat');
    await nghean.goto(`${base}/phan-anh`);
    await nghean.getByText('Không có phản ánh').waitFor();
    await leader.close();
    await nghean.close();
  });

  it('lets an official report a difficulty to the province centre, once', async () => {
    const processor = await signInStaff(browser, base, 'hanoi.chuyenvien');
    await processor.goto(`${base}/phan-anh`);
    await processor.getByRole('button', { name: 'Báo khó khăn, vướng mắc' }).click();
    const modal = processor.locator('.ant-modal');
    await modal.getByLabel('Lĩnh vực').click();
    await processor.getByTitle('Kết nối, đồng bộ với hệ thống khác').click();
    await modal.getByLabel('Tiêu đề').fill('Hồ sơ chậm đồng bộ lên Cổng');
    await modal.getByLabel('Mô tả khó khăn, đề xuất').fill('Trạng thái hồ sơ lên Cổng chậm vài giờ.');
    await modal.getByRole('button', { name: 'Gửi' }).click();
    await modal.getByText(/Đã gửi, số PA-/).waitFor();
    await modal.getByRole('button', { name: 'Đóng', exact: true }).last().click();
    const monitor = await signInStaff(browser, base, 'hanoi.giamsat');
    await monitor.goto(`${base}/phan-anh`);
    await monitor.getByRole('row').filter({ hasText: 'Hồ sơ chậm đồng bộ lên Cổng' }).waitFor();
    assert.equal(
      await monitor.getByRole('row').filter({ hasText: 'Hồ sơ chậm đồng bộ lên Cổng' }).count(),
      1,
    );
    // The table on screen, as a file.
    await monitor.getByRole('button', { name: 'Xuất dữ liệu' }).hover();
    const download = monitor.waitForEvent('download');
    await monitor.getByText('CSV (.csv)').click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'phan-anh.csv');
    const text = (await readFile((await file.path()) as string)).toString('utf8');
    assert.match(text, /Hồ sơ chậm đồng bộ lên Cổng/);
    await processor.close();
    await monitor.close();
  });
  it('takes a difficulty from Hà Nội to the Ministry of Justice, whose answer returns to the reporter', async () => {
    const reporter = await signIn(server.app, 'badinh.motcua');
    const filed = await reporter.call('POST', '/api/v1/feedback', {
      category: 'catalog',
      subject: 'Tờ khai lý lịch tư pháp thiếu trường nơi sinh',
      content: 'Mẫu tờ khai trên hệ thống thiếu trường nơi sinh.',
      procedure: 'VD.000005',
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const number = filed.json<{ code: string }>().code;

    const province = await signInStaff(browser, base, 'hanoi.lanhdao');
    await province.goto(`${base}/phan-anh`);
    await province.getByRole('button', { name: number }).click();
    const drawer = province.locator('.ant-drawer');
    await drawer.getByLabel('Lý do chuyển').fill('Biểu mẫu do Bộ Tư pháp ban hành');
    await drawer.getByRole('button', { name: 'Chuyển bộ quản lý thủ tục' }).click();
    await drawer.getByText('Đang ở: Bộ quản lý thủ tục').waitFor();
    await checkScreen(province, 'kho-khan-chuyen-bo');
    await province.close();

    const ministry = await signInStaff(browser, base, 'botuphap.lanhdao');
    await ministry.goto(`${base}/phan-anh`);
    await ministry.getByRole('button', { name: number }).click();
    const answer = ministry.locator('.ant-drawer');
    await answer.getByText('Biểu mẫu do Bộ Tư pháp ban hành').waitFor();
    await answer.getByLabel('Nội dung trả lời').fill('Đã bổ sung trường nơi sinh vào mẫu tờ khai.');
    await answer.getByLabel('Đã khắc phục trong bản phát hành').fill('Mẫu 2026.12');
    await answer.getByRole('button', { name: 'Gửi trả lời' }).click();
    await answer.getByText('Đã trả lời').waitFor();
    await ministry.close();

    const back = await reporter.call('GET', `/api/v1/feedback/${number}`);
    assert.equal(back.json<{ answer: string }>().answer, 'Đã bổ sung trường nơi sinh vào mẫu tờ khai.');
  });
});
