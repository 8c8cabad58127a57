import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAppContext } from '../../src/app/context.js';
import { DiskFileStore } from '../../src/app/files/fileStore.js';
import { runImport } from '../../src/app/migration/runImport.js';
import { writeProvincialExport } from '../../bench/provincialExport.js';
import { demoCommuneCentre, migrationTarget } from '../../fixtures/migrationTarget.js';
import { seedStaff } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import {
  actOnDossier as act,
  launchChromium,
  listening,
  signInAdmin,
  signInStaff,
  skipOrFail,
  checkScreen,
} from './browser.js';

const skip = skipOrFail();

/**
 * The take-over in the browser (issue 20): the province's administrator follows the run and reads
 * its reconciliation; an imported in-flight dossier is processed to its result by the officials of
 * the agency it was mapped to, and its public status page shows the history from the provincial
 * system followed by what was done here.
 */
describe('a provincial take-over in the browser', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-migration-'));
  let server: TestServer;
  let browser: Browser;
  let base: string;
  let code: string;
  let verify: string;
  let centre: Awaited<ReturnType<typeof demoCommuneCentre>>;
  const shot = (page: Page, name: string) => checkScreen(page, name);

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    const db = server.db.database.db;
    await seedStaff(db);
    centre = await demoCommuneCentre(db);
    const source = await writeProvincialExport(join(dir, 'export'), 150);
    const mapping = await migrationTarget(db, source, [centre.agency]);
    const r = await runImport(createAppContext(db), join(dir, 'export'), {
      files: new DiskFileStore(join(dir, 'store')),
      asOf: '2025-06-30',
      mapping,
    });
    assert.deepEqual(r.reconciliation?.defects, []);
    const d = await db
      .selectFrom('dossier')
      .select(['code', 'applicant_id_number'])
      .where('procedure_code', '=', '1.001193')
      .where('status', '=', 4)
      .where('step_code', '=', 'TD')
      .where('agency_code', '=', centre.agency)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    code = d.code;
    verify = d.applicant_id_number.slice(-4);
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the province's administrator follows the run and reads its reconciliation", async () => {
    const admin = await signInAdmin(browser, base, 'nghean.quantri');
    await admin.goto(`${base}/co-quan`);
    await admin.getByRole('button', { name: 'Chuyển đổi dữ liệu' }).click();
    await admin.getByRole('heading', { name: 'Chuyển đổi dữ liệu từ hệ thống một cửa của tỉnh' }).waitFor();
    await admin.getByText('Đã xong').waitFor();
    await admin.getByText('Đối soát khớp').waitFor();
    await admin.getByText('Dòng bị từ chối (tệp, dòng, mã, lý do)').waitFor();
    await shot(admin, 'chuyen-doi');
    await admin.close();
    // Another province's administrator does not see it.
    const other = await signInAdmin(browser, base, 'hanoi.quantri');
    await other.goto(`${base}/co-quan/chuyen-doi`);
    await other.getByText('Chưa có lần nhập nào trong phạm vi của bạn').waitFor();
    await other.close();
  });

  it('an imported dossier in flight is processed to its result here; its public page shows old and new', async () => {
    const statusIs = (page: Page, status: string) =>
      page.getByRole('heading', { name: new RegExp(`Hồ sơ .* ${status}`) }).waitFor();
    const open = `${base}/ho-so/${encodeURIComponent(code)}`;

    const processor = await signInStaff(browser, base, centre.processor);
    await processor.goto(open);
    await statusIs(processor, 'Đang xử lý');
    await processor.getByText('hệ thống cũ').first().waitFor();
    await processor.getByText('Chuyển sang hệ thống tập trung, tiếp tục xử lý').waitFor();
    await shot(processor, 'ho-so-chuyen-doi');
    await act(processor, 'Chuyển xử lý');
    await processor.close();

    const leader = await signInStaff(browser, base, centre.leader);
    await leader.goto(open);
    await act(leader, 'Phê duyệt, ban hành kết quả');
    await statusIs(leader, 'Đã xử lý xong');
    await leader.close();

    const counter = await signInStaff(browser, base, centre.receiver);
    await counter.goto(open);
    await act(counter, 'Trả kết quả', async () => {
      await counter.getByLabel('Người nhận (số định danh) hoặc mã bưu gửi').fill('040189000321');
    });
    await statusIs(counter, 'Đã trả kết quả');
    await counter.close();

    const citizen = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await citizen.goto(`${base}/tra-cuu/${encodeURIComponent(code)}`);
    await citizen.getByLabel('4 số cuối giấy tờ').fill(verify);
    await citizen.getByLabel('4 số cuối giấy tờ').press('Enter');
    const history = citizen.locator('.ant-table-wrapper', { hasText: 'Quá trình xử lý' });
    await history.getByText('Tiếp nhận hồ sơ').first().waitFor();
    await history.getByText('Chuyển sang hệ thống tập trung, tiếp tục xử lý').waitFor();
    await history.getByText('Trả kết quả', { exact: true }).waitFor();
    await shot(citizen, 'tra-cuu-chuyen-doi');
    await citizen.close();
  });
});
