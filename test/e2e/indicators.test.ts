import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoIntake } from '../../fixtures/intake.js';
import { deployDemoProcedure } from '../support/dossierFixtures.js';
import { signIn } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, signInStaff, skipOrFail, checkScreen } from './browser.js';

const skip = skipOrFail();

describe('service-quality indicators in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    await deployDemoProcedure(server, new Date());
    const receiver = await signIn(server.app, 'hanoi.motcua');
    const codes: string[] = [];
    const versions: number[] = [];
    for (const id of ['001089012301', '001089012302']) {
      const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake(id));
      assert.equal(res.statusCode, 201, res.body);
      codes.push(res.json<{ code: string }>().code);
      versions.push(res.json<{ version: number }>().version);
    }
    // One dossier goes on to the processing step, then the centre's only processor loses the role:
    // the dossier waits where nobody can process it.
    const fwd = await receiver.call('POST', `/api/v1/dossiers/${codes[0]}/actions`, {
      expectedVersion: versions[0],
      type: 'forward',
      toStep: 'TD',
    });
    assert.equal(fwd.statusCode, 200, fwd.body);
    const admin = await signIn(server.app, 'hanoi.quantri');
    const processor = await server.db.database.db
      .selectFrom('account')
      .select('id')
      .where('username', '=', 'hanoi.chuyenvien')
      .executeTakeFirstOrThrow();
    const grants = (await admin.call('GET', `/api/v1/accounts/${processor.id}`)).json<{
      grants: { id: string; role: string; revokedAt: string | null }[];
    }>().grants;
    const grant = grants.find((g) => g.role === 'processor' && g.revokedAt === null);
    assert.ok(grant);
    const revoked = await admin.call('DELETE', `/api/v1/accounts/${processor.id}/grants/${grant.id}`);
    assert.ok([200, 204].includes(revoked.statusCode), revoked.body);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const received = async (page: Page) => {
    await page.getByRole('link', { name: 'Chỉ số phục vụ' }).click();
    await page.getByRole('heading', { name: 'Chỉ số phục vụ' }).waitFor();
    const card = page.locator('.ant-card', { hasText: 'Tiếp nhận trong kỳ' });
    await card.locator('.ant-statistic-content-value').waitFor();
    return card.locator('.ant-statistic-content-value').innerText();
  };

  it("shows a province's monitor their province's dossiers, and another province's monitor none of them", async () => {
    const hanoi = await signInStaff(browser, base, 'hanoi.giamsat');
    assert.equal(await received(hanoi), '2');
    // Impossible to miss: the orphaned dossier, in red at the top.
    await hanoi.getByText('1 hồ sơ đang nằm ở nơi không có người xử lý').waitFor();
    await hanoi
      .getByRole('row')
      .filter({ hasText: 'Chuyên viên' })
      .filter({ hasText: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội' })
      .waitFor();
    await hanoi.getByText('Trực tiếp 2 · Trực tuyến 0 · Bưu chính 0').waitFor();
    await hanoi.getByRole('progressbar', { name: 'Số hóa hồ sơ', exact: true }).waitFor();
    await hanoi
      .getByLabel('Điểm theo Quyết định 766')
      .getByText('Chấm trên Cổng Dịch vụ công quốc gia')
      .first()
      .waitFor();
    const row = hanoi
      .locator('.ant-card', { hasText: 'Theo cơ quan tiếp nhận' })
      .getByRole('row')
      .filter({ hasText: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội' });
    await row.waitFor();
    await checkScreen(hanoi, 'chi-so-phuc-vu', { fullPage: true });
    const download = hanoi.waitForEvent('download');
    await hanoi.getByRole('link', { name: 'Xuất Excel' }).click();
    assert.match((await download).suggestedFilename(), /^chi-so-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const nghean = await signInStaff(browser, base, 'nghean.giamsat');
    assert.equal(await received(nghean), '0');
    assert.equal(await nghean.getByText('không có người xử lý').count(), 0);
    await nghean.getByText('Không có hồ sơ trong kỳ').waitFor();
    await hanoi.close();
    await nghean.close();
  });

  it('says when the figures come from a standby that is behind', async () => {
    const page = await signInStaff(browser, base, 'hanoi.giamsat');
    // A standby 95 s behind, as its answers would say (the header itself: test/http/readReplica).
    await page.route('**/api/v1/reports/indicators?**', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'x-data-lag-seconds': '95' } });
    });
    assert.equal(await received(page), '2');
    await page
      .getByText('Số liệu đọc từ bản sao dự phòng, chậm khoảng 95 giây so với dữ liệu đang xử lý')
      .waitFor();
    await checkScreen(page, 'chi-so-ban-sao-cham');
    await page.unroute('**/api/v1/reports/indicators?**');
    await page.reload();
    await page.getByRole('heading', { name: 'Chỉ số phục vụ' }).waitFor();
    await page
      .locator('.ant-card', { hasText: 'Tiếp nhận trong kỳ' })
      .locator('.ant-statistic-content-value')
      .waitFor();
    assert.equal(
      await page.getByText('Số liệu đọc từ bản sao dự phòng').count(),
      0,
      'no notice without a lag',
    );
  });

  it('shows the national monitor all 34 provinces ranked, and narrows to one from the ranking', async () => {
    const national = await signInStaff(browser, base, 'vpcp.giamsat');
    assert.equal(await received(national), '2');
    const ranking = national.locator('.ant-card', { hasText: 'Xếp hạng 34 tỉnh, thành phố' });
    await ranking.waitFor();
    // Hà Nội, the only province with dossiers, at the top; 12 a page, 34 in all.
    await ranking.getByRole('row').nth(1).filter({ hasText: 'Thành phố Hà Nội' }).waitFor();
    assert.equal(await national.locator('.ant-card', { hasText: 'Xếp hạng' }).count(), 1);
    await ranking.scrollIntoViewIfNeeded();
    await checkScreen(national, 'xep-hang-tinh');
    await ranking.getByRole('button', { name: 'Thành phố Hà Nội' }).click();
    await national.locator('.ant-select').filter({ hasText: 'Thành phố Hà Nội' }).waitFor();
    const hanoi = await signInStaff(browser, base, 'hanoi.giamsat');
    await received(hanoi);
    assert.equal(await hanoi.locator('.ant-card', { hasText: 'Xếp hạng' }).count(), 0);
    await national.close();
    await hanoi.close();
  });
  it('steers from one screen: today, deadlines by province, the agency left without a processor', async () => {
    const national = await signInStaff(browser, base, 'vpcp.giamsat');
    await national.getByRole('link', { name: 'Điều hành' }).click();
    await national.getByRole('heading', { name: 'Điều hành' }).waitFor();
    const today = national.locator('.ant-card', { hasText: 'Tiếp nhận hôm nay' });
    await today.getByText('Trực tiếp 2 · Trực tuyến 0 · Bưu chính 0').waitFor();
    // The processor's grant was revoked: the centre a step of the workflow lands on has nobody.
    const gaps = national.getByLabel('Cơ quan thiếu người xử lý');
    const gap = gaps
      .getByRole('row')
      .filter({ hasText: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội' });
    await gap.filter({ hasText: 'Chuyên viên' }).waitFor();
    await national.getByLabel('Xu hướng 12 tháng').locator('.recharts-surface').first().waitFor();
    const backlog = national.getByLabel('Tích hợp tồn đọng');
    await backlog.getByRole('row').filter({ hasText: 'Cổng Dịch vụ công quốc gia' }).waitFor();
    const readiness = national.getByLabel('Thủ tục chưa sẵn sàng');
    await readiness.getByRole('row').filter({ hasText: 'Thành phố Hà Nội' }).waitFor();
    await checkScreen(national, 'dieu-hanh', { fullPage: true });
    const nghean = await signInStaff(browser, base, 'nghean.giamsat');
    await nghean.goto(`${base}/dieu-hanh`);
    await nghean
      .getByLabel('Cơ quan thiếu người xử lý')
      .getByText('Mọi cơ quan được giao việc đều có người giữ vai trò cần')
      .waitFor();
    await nghean.getByText('Mọi thông điệp về hồ sơ của bạn đã được gửi').waitFor();
    assert.equal(
      await nghean
        .locator('.ant-card', { hasText: 'Tiếp nhận hôm nay' })
        .locator('.ant-statistic-content-value')
        .innerText(),
      '0',
    );
    await national.close();
    await nghean.close();
  });

  it("shows a ministry's monitor its procedures in every province, narrows by ministry, and lists a ministry's procedures by province", async () => {
    // Phiếu lý lịch tư pháp (VD.000005) is Bộ Tư pháp's: its monitor sees the Hà Nội dossiers.
    const ministry = await signInStaff(browser, base, 'botuphap.giamsat');
    assert.equal(await received(ministry), '2');
    await ministry
      .locator('.ant-card', { hasText: 'Theo cơ quan tiếp nhận' })
      .getByRole('row')
      .filter({ hasText: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội' })
      .waitFor();
    const national = await signInStaff(browser, base, 'vpcp.giamsat');
    assert.equal(await received(national), '2');
    await national.getByLabel('Bộ, ngành quản lý thủ tục').click();
    await national.keyboard.type('Công an');
    await national.keyboard.press('Enter');
    const card = national.locator('.ant-card', { hasText: 'Tiếp nhận trong kỳ' });
    await card.locator('.ant-statistic-content-value', { hasText: /^0$/ }).waitFor();
    await national.getByLabel('Bộ, ngành quản lý thủ tục').click();
    await national.keyboard.type('Tư pháp');
    await national.keyboard.press('Enter');
    await card.locator('.ant-statistic-content-value', { hasText: /^2$/ }).waitFor();
    await checkScreen(national, 'chi-so-theo-bo');

    await ministry.getByRole('link', { name: 'Điều hành' }).click();
    await ministry
      .locator('.ant-card', { hasText: 'Tiếp nhận hôm nay' })
      .getByText('Trực tiếp 2 · Trực tuyến 0 · Bưu chính 0')
      .waitFor();
    await checkScreen(ministry, 'dieu-hanh-bo', { fullPage: true });

    await ministry.goto(`${base}/bao-cao/ty-le-trien-khai`);
    const justice = ministry.getByRole('row').filter({ hasText: 'Bộ Tư pháp' }).first();
    await justice.getByRole('button', { name: /mở rộng|expand/i }).click();
    const procedures = ministry.getByLabel('Thủ tục của bộ');
    // Phiếu lý lịch tư pháp is central in Hà Nội only (deployed above): 33 provinces to go.
    await procedures
      .getByRole('row')
      .filter({ hasText: 'VD.000005' })
      .filter({ hasText: '1/34' })
      .filter({ hasText: '33 tỉnh, thành phố' })
      .waitFor();
    await checkScreen(ministry, 'ty-le-trien-khai-bo', { fullPage: true });
    await ministry.close();
    await national.close();
  });
});
