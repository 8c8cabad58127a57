import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { PopulationClient } from '../../src/integrations/population/populationClient.js';
import { startPopulationSimulator } from '../../src/integrations/population/populationSimulator.js';
import type { Dispatcher } from '../../src/integrations/outbox/dispatcher.js';
import { demoIntake } from '../../fixtures/intake.js';
import { deployDemoProcedure } from '../support/dossierFixtures.js';
import { startTestHub } from '../support/integrationFixtures.js';
import { signIn } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import {
  actOnDossier,
  launchChromium,
  signInAdmin,
  signInStaff,
  skipOrFail,
  checkScreen,
} from './browser.js';
import { createAppContext } from '../../src/app/context.js';
import { issueSystemClientKey } from '../../src/app/integrations/apiClients.js';

const skip = skipOrFail();

describe('integration hub in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  let population: Awaited<ReturnType<typeof startPopulationSimulator>>;
  let dispatcher: Dispatcher;

  before(async () => {
    population = await startPopulationSimulator({ port: 0, token: 'p' });
    hub = await startTestHub(() => server.db.database);
    server = await startTestServer({
      loginPerMinute: 1000,
      integrations: {
        paymentSecret: hub.paymentSecret,
        postalCallbackToken: hub.postalCallbackToken,
        docmgmtSecret: hub.docmgmtSecret,
        portalEventSecret: hub.portalEventSecret,
        portal: hub.portalClient,
        population: new PopulationClient({ url: population.url, token: 'p', timeoutMs: 2000 }),
      },
    });
    await deployDemoProcedure(server, new Date());
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    hub.self.url = base;
    hub.portal.connect({
      url: base,
      key: await issueSystemClientKey(createAppContext(server.db.database.db), 'Cổng DVCQG (thử)', [
        'portal.events',
      ]),
    });
    dispatcher = hub.dispatcher();
    await dispatcher.start();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await dispatcher?.stop();
    await hub?.close();
    await population?.close();
    await server?.close();
  });

  const shot = (page: Page, name: string) => checkScreen(page, name);

  it('fills the applicant in from the population database as the ID is typed', async () => {
    const page = await signInStaff(browser, base, 'hanoi.motcua');
    await page.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await page.keyboard.type('VD.000005');
    await page.getByText('VD.000005 — Cấp Phiếu lý lịch tư pháp').waitFor();
    await page.keyboard.press('Enter');
    // The ID document is supplied by the population database: not asked for.
    const idRow = page.locator('tr', { hasText: 'Giấy tờ tùy thân của người yêu cầu' });
    await idRow.getByText('Không yêu cầu nộp, khai thác từ CSDL quốc gia về dân cư').waitFor();
    await page.getByLabel('Số định danh / mã số thuế').fill('001089012345');
    await page.getByRole('status').filter({ hasText: 'Đã điền theo CSDL quốc gia về dân cư' }).waitFor();
    await idRow.getByText('Đã khai thác từ CSDL quốc gia về dân cư').waitFor();
    await idRow.getByText('Không cần bản quét').waitFor();
    const expected = population.lookups.length;
    assert.ok(expected >= 1);
    const name = await page.getByLabel('Họ và tên / tên tổ chức').inputValue();
    assert.match(name, /^\p{Lu}\p{Ll}* \p{Lu}\p{Ll}* \p{Lu}\p{Ll}*$/u);
    assert.match(await page.getByLabel('Số nhà, đường, thôn').inputValue(), /^Số \d+ đường /);
    // The commune shows by name, not by code.
    const commune = page.locator('.ant-select').filter({ has: page.getByLabel('Xã, phường nơi cư trú') });
    assert.match(await commune.innerText(), /\p{L}{2,}/u);
    await shot(page, 'tiep-nhan-dan-cu');

    await page.getByLabel('Số định danh / mã số thuế').fill('001089000000');
    await page.getByRole('status').filter({ hasText: 'Không tìm thấy công dân' }).waitFor();
    await page.close();
  });

  it('shows the outbox to the system administrator, replays a parked message and reconciles a day', async () => {
    const db = server.db.database.db;
    await dispatcher.stop();
    const receiver = await signIn(server.app, 'hanoi.motcua');
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089055555'));
    assert.equal(res.statusCode, 201, res.body);
    const code = res.json<{ code: string }>().code;
    // Park its portal message: the portal refuses a malformed citizen ID.
    await db
      .updateTable('dossier')
      .set({ applicant: JSON.stringify({ ...demoIntake().applicant, idNumber: '42' }) })
      .where('code', '=', code)
      .execute();
    await hub.drain(hub.dispatcher());
    await db
      .updateTable('dossier')
      .set({ applicant: JSON.stringify(demoIntake('001089055555').applicant) })
      .where('code', '=', code)
      .execute();
    await dispatcher.start();

    const page = await signInAdmin(browser, base, 'quantri');
    await page.getByRole('link', { name: 'Trục tích hợp' }).click();
    await page.getByRole('heading', { name: 'Trục tích hợp' }).waitFor();
    const portalRow = page.getByRole('row').filter({ hasText: 'Cổng Dịch vụ công quốc gia' });
    await portalRow.getByText('1 dừng gửi').waitFor();
    const row = page.getByRole('row').filter({ hasText: code });
    await row.getByText(/SoGiayTo/).waitFor();
    await page
      .getByRole('button', { name: 'Ngày đối soát' })
      .or(page.getByLabel('Ngày đối soát'))
      .first()
      .waitFor();
    await shot(page, 'tich-hop');

    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: /Gửi lại 1 tin/ }).click();
    await page.getByText('Đã xếp gửi lại 1 tin').waitFor();
    await portalRow.getByText('Bình thường').waitFor({ timeout: 15_000 });
    // Nothing is parked any more once the message is queued again; the dispatcher sends it a moment later.
    const sent = () => hub.portal.state.dossiers.get(code)?.[0]?.record.SoGiayTo;
    for (const until = Date.now() + 15_000; sent() === undefined && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(sent(), '001089055555');

    const today = new Date(Date.now() + 7 * 3_600_000)
      .toISOString()
      .slice(0, 10)
      .split('-')
      .reverse()
      .join('/');
    const picker = page.getByLabel('Ngày đối soát');
    await picker.click();
    await picker.fill(today);
    await picker.press('Enter');
    // The portal shows another due time than ours: the reconciliation names the field and sends
    // the dossier again.
    const held = hub.portal.state.dossiers.get(code)![0]!;
    const due = held.record.NgayHenTra;
    held.record = { ...held.record, NgayHenTra: '20000101000000' };
    await page.getByRole('button', { name: 'Đối soát ngay' }).click();
    await page.getByText(`${code} (NgayHenTra)`).waitFor();
    await shot(page, 'tich-hop-doi-soat');
    for (let i = 0; i < 100 && hub.portal.state.dossiers.get(code)![0]!.record.NgayHenTra !== due; i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(hub.portal.state.dossiers.get(code)![0]!.record.NgayHenTra, due, 'sent again as it is');
    await page.getByRole('button', { name: 'Đối soát ngay' }).click();
    await page.getByText('Khớp').waitFor();
    await page.close();
  });

  it('shows what the applicant sent on the portal: the supplement received, the message to answer', async () => {
    const receiver = await signIn(server.app, 'hanoi.motcua');
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089055555'));
    assert.equal(res.statusCode, 201, res.body);
    const { code, version } = res.json<{ code: string; version: number }>();
    const asked = await receiver.call('POST', `/api/v1/dossiers/${code}/actions`, {
      expectedVersion: version,
      type: 'request_supplement',
      reason: 'Thiếu tờ khai',
      components: ['TK'],
    });
    assert.equal(asked.statusCode, 200, asked.body);
    const png =
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001';
    const sent = await fetch(`${hub.portal.url}/_sim/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        order: 'reverse',
        events: [
          {
            MaHoSo: code,
            LoaiSuKien: 'BoSung',
            NoiDung: {
              TepDinhKem: [
                {
                  MaThanhPhan: 'TK',
                  TenTep: 'to-khai-bo-sung.png',
                  NoiDungBase64: Buffer.from(png, 'hex').toString('base64'),
                },
              ],
            },
          },
          {
            MaHoSo: code,
            LoaiSuKien: 'TinNhan',
            NoiDung: {
              NguoiGui: 'Nguyễn Thị Mai',
              NoiDung: 'Tôi đã bổ sung tờ khai, xin cán bộ kiểm tra giúp.',
            },
          },
        ],
      }),
    });
    assert.equal(sent.status, 200);

    const page = await signInStaff(browser, base, 'hanoi.motcua');
    await page.goto(`${base}/ho-so?ds=citizen_requests`);
    await page.getByRole('link', { name: code }).click();
    await page.getByRole('heading', { name: new RegExp(`Hồ sơ ${code}.*Đang xử lý`) }).waitFor();
    const card = page.locator('.ant-card', { hasText: 'Người nộp gửi qua Cổng DVCQG' });
    await card.getByText('1. Bổ sung hồ sơ trực tuyến').waitFor();
    await card.getByText('TK: to-khai-bo-sung.png').waitFor();
    await card.getByText('2. Tin nhắn của người nộp').waitFor();
    await card.getByText('1 chờ trả lời').waitFor();
    await page.getByText('qua Cổng DVCQG').first().waitFor();
    await shot(page, 'cong-dan-gui-qua-cong');
    // Answering the message by writing back answers it.
    const exchange = page.locator('.ant-card', { hasText: 'Trao đổi với người nộp' });
    await exchange.getByText('Người nộp: Nguyễn Thị Mai').waitFor();
    await exchange
      .getByLabel('Tin nhắn gửi người nộp')
      .fill('Đã nhận tờ khai bổ sung, hồ sơ đang được xử lý.');
    await exchange.getByRole('button', { name: 'Gửi tin nhắn' }).click();
    await exchange.getByText('Đã nhận tờ khai bổ sung, hồ sơ đang được xử lý.').waitFor();
    await card.getByText('1 chờ trả lời').waitFor({ state: 'hidden' });
    await shot(page, 'trao-doi-voi-nguoi-nop');
    await page.close();
  });

  it('asks for a fee, the applicant pays on the payment page, and processing resumes', async () => {
    const receiver = await signIn(server.app, 'hanoi.motcua');
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089066666'));
    assert.equal(res.statusCode, 201, res.body);
    const { code, version } = res.json<{ code: string; version: number }>();
    const fwd = await receiver.call('POST', `/api/v1/dossiers/${code}/actions`, {
      expectedVersion: version,
      type: 'forward',
      toStep: 'TD',
    });
    assert.equal(fwd.statusCode, 200, fwd.body);

    const page = await signInStaff(browser, base, 'hanoi.motcua');
    await page.goto(`${base}/ho-so/${encodeURIComponent(code)}`);
    await actOnDossier(page, 'Yêu cầu nghĩa vụ tài chính', () =>
      page.getByRole('dialog').getByLabel('Số tiền (đồng)').fill('150000'),
    );
    await page.getByText('Chờ người nộp thanh toán').waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Trang thanh toán' }).waitFor();
    await shot(page, 'nghia-vu-tai-chinh');

    // The applicant, from the public status page.
    const citizen = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await citizen.goto(`${base}/tra-cuu/${encodeURIComponent(code)}`);
    await citizen.getByLabel('4 số cuối giấy tờ').fill('6666');
    await citizen.getByLabel('4 số cuối giấy tờ').press('Enter');
    await citizen.getByText('Số tiền cần nộp: 150.000 đồng').waitFor();
    await citizen.getByRole('link', { name: 'Thanh toán trực tuyến' }).click();
    await citizen.getByRole('heading', { name: `Thanh toán hồ sơ ${code}` }).waitFor();
    await citizen.getByRole('button', { name: 'Thanh toán' }).click();
    await citizen.getByRole('status').filter({ hasText: 'Đã thanh toán' }).waitFor();
    await citizen.close();

    // The running dispatcher has the e-receipt issued for the paid fee.
    for (let i = 0; i < 100; i++) {
      const [p] = (await receiver.call('GET', `/api/v1/dossiers/${code}/payments`)).json<{
        items: { eReceipt: unknown }[];
      }>().items;
      if (p?.eReceipt) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const again = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await again.goto(`${base}/tra-cuu/${encodeURIComponent(code)}`);
    await again.getByLabel('4 số cuối giấy tờ').fill('6666');
    await again.getByLabel('4 số cuối giấy tờ').press('Enter');
    await again.getByText(/^Biên lai điện tử 1C\d{2}TBL-\d{7}: 150\.000 đồng$/).waitFor();
    await shot(again, 'bien-lai-dien-tu');
    await again.close();
    await page.reload();
    await page.getByText('Đã thanh toán').waitFor();
    await page.getByText(/Chứng từ thanh toán số BL\d{4}-\d{6}/).waitFor();
    await page.getByRole('link', { name: /^1C\d{2}TBL-\d{7}$/ }).waitFor();
    await page.getByRole('heading', { name: /Đang xử lý/ }).waitFor();
    await page.close();
  });

  it('sends an issued result by post and shows the parcel until it is delivered', async () => {
    const receiver = await signIn(server.app, 'hanoi.motcua');
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089077777'));
    assert.equal(res.statusCode, 201, res.body);
    const { code } = res.json<{ code: string }>();
    const step = async (who: string, body: Record<string, unknown>) => {
      const signed = await signIn(server.app, who);
      const { version } = (await signed.call('GET', `/api/v1/dossiers/${code}`)).json<{ version: number }>();
      const r = await signed.call('POST', `/api/v1/dossiers/${code}/actions`, {
        expectedVersion: version,
        ...body,
      });
      assert.equal(r.statusCode, 200, r.body);
    };
    await step('hanoi.motcua', { type: 'forward', toStep: 'TD' });
    await step('hanoi.chuyenvien', { type: 'forward', toStep: 'PD' });
    await step('hanoi.lanhdao', { type: 'issue_result' });

    const page = await signInStaff(browser, base, 'hanoi.motcua');
    await page.goto(`${base}/ho-so/${encodeURIComponent(code)}`);
    await page.getByRole('button', { name: 'Gửi kết quả qua bưu chính' }).click();
    const dialog = page.getByRole('dialog');
    assert.equal(await dialog.getByLabel('Người nhận', { exact: true }).inputValue(), 'Nguyễn Thị Mai');
    assert.equal(await dialog.getByLabel('Số điện thoại người nhận').inputValue(), '0912345678');
    await dialog.getByRole('button', { name: 'Tạo đơn gửi' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const tracking = page.getByText(/^EB\d{9}VN$/);
    await tracking.waitFor({ timeout: 15_000 });
    const number = await tracking.innerText();
    for (const status of ['picked_up', 'in_transit', 'delivered']) {
      const r = await fetch(`${hub.postal.url}/_sim/parcels/${number}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      });
      assert.equal(((await r.json()) as { answered: number }).answered, 200);
    }
    await page.reload();
    await page.getByRole('heading', { name: /Đã trả kết quả/ }).waitFor();
    await page.getByText('Đã phát cho người nhận').first().waitFor();
    // The result was numbered and signed by the document-management system meanwhile.
    await page.getByText('Đã cấp số, ký').waitFor();
    await page.getByText(/^\d+\/\d{4}\/KQ$/).waitFor();
    await shot(page, 'tra-ket-qua-buu-chinh');
    await page.close();

    // The applicant rates the returned dossier from the public status page.
    const citizen = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await citizen.goto(`${base}/tra-cuu/${encodeURIComponent(code)}`);
    await citizen.getByLabel('4 số cuối giấy tờ').fill('7777');
    await citizen.getByLabel('4 số cuối giấy tờ').press('Enter');
    await citizen.getByText('Đánh giá mức độ hài lòng').waitFor();
    await citizen.getByLabel('Không hài lòng').check();
    await citizen.getByLabel('Giải quyết chậm, trễ hẹn').check();
    await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await citizen.getByText('Cảm ơn ông/bà đã đánh giá.').waitFor();
    await citizen.getByText('Ông/bà đã đánh giá:').waitFor();
    await shot(citizen, 'danh-gia');
    const rating = await server.db.database.db
      .selectFrom('dossier_rating')
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(rating.level, 'unsatisfied');
    assert.deepEqual(rating.reasons, ['slow']);
    await citizen.close();
  });
});
