import ExcelJS from 'exceljs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createAppContext } from '../../src/app/context.js';
import { foldAllIndicators } from '../../src/app/reports/foldIndicators.js';
import { generateScheduledReports } from '../../src/app/reports/monthly/monthlyReports.js';
import type { MonthlySnapshot } from '../../src/app/reports/monthly/monthlySnapshot.js';
import { monthlySheets } from '../../src/app/reports/monthly/monthlyWorkbook.js';
import { demoIntake, demoProcedure } from '../../fixtures/intake.js';
import { actOn, startWithDossier } from '../support/dossierFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

interface Summary {
  id: string;
  month: string;
  scope: { kind: string; code: string | null; name: string };
  total: { received: number; finished: number; late: number; onTimeRate: number | null };
}

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
  }
  return text;
}

/** Every row of a sheet as plain values (index 0 = column A). */
function rowsOf(book: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = book.getWorksheet(name);
  assert.ok(sheet, `sheet ${name}`);
  const out: unknown[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('monthly report (báo cáo tháng)', () => {
  // March 2026 at the Hà Nội centre: two dossiers received, one finished before due, one still in
  // progress past its 16 March due at the month's end; one citizen's feedback, one difficulty.
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  let nation: Signed;
  let hanoi: Signed;
  let nghean: Signed;
  let national: Summary;
  const ctx = () => createAppContext(s.db.database.db, { now: () => clock });

  before(async () => {
    const started = await startWithDossier({ loginPerMinute: 100, publicLookupsPerMinute: 100 }, clock);
    s = started.s;
    const receiver = started.receiver;
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012355'));
    const code = res.json<{ code: string }>().code;
    const act = (who: Signed, body: Record<string, unknown>) => actOn(who, code, body);
    await act(receiver, { type: 'forward', toStep: 'TD' });
    await act(await signIn(s.app, 'hanoi.chuyenvien', clock), { type: 'forward', toStep: 'PD' });
    await act(await signIn(s.app, 'hanoi.lanhdao', clock), { type: 'issue_result' });
    const feedback = await s.app.inject({
      method: 'POST',
      url: `/api/v1/public/dossiers/${started.code}/feedback?verify=2345`,
      payload: { category: 'slow', content: 'Chưa thấy kết quả' },
    });
    assert.equal(feedback.statusCode, 201, feedback.body);
    const difficulty = await receiver.call('POST', '/api/v1/feedback', {
      category: 'integration',
      subject: 'Chậm đồng bộ',
      content: 'Hồ sơ lên Cổng chậm.',
    });
    assert.equal(difficulty.statusCode, 201, difficulty.body);
    clock.setTime(new Date('2026-04-02T08:00:00+07:00').getTime());
    await foldAllIndicators(ctx()); // closes March
    nation = await signIn(s.app, 'vpcp.giamsat', clock);
    hanoi = await signIn(s.app, 'hanoi.giamsat', clock);
    nghean = await signIn(s.app, 'nghean.giamsat', clock);
  });
  after(() => s.close());

  it('is generated on demand for the nation, and for the one province a province monitor sees', async () => {
    const res = await nation.call('POST', '/api/v1/reports/monthly', { month: '2026-03' });
    assert.equal(res.statusCode, 201, res.body);
    national = res.json<Summary>();
    assert.deepEqual(national.scope, { kind: 'national', code: null, name: 'Toàn quốc' });
    assert.deepEqual(national.total, { received: 2, finished: 1, late: 1, onTimeRate: 1 });
    const province = await hanoi.call('POST', '/api/v1/reports/monthly', { month: '2026-03' });
    assert.equal(province.statusCode, 201, province.body);
    assert.equal(province.json<Summary>().scope.code, '01');

    assert.equal(
      (await nghean.call('POST', '/api/v1/reports/monthly', { month: '2026-03', province: '01' })).statusCode,
      403,
    );
    const current = await hanoi.call('POST', '/api/v1/reports/monthly', { month: '2026-04' });
    assert.equal(current.statusCode, 400, 'a month not ended');
    const notClosed = await hanoi.call('POST', '/api/v1/reports/monthly', { month: '2026-01' });
    assert.equal(notClosed.statusCode, 409, notClosed.body);
    assert.match(notClosed.json<{ detail: string }>().detail, /chưa được khóa/);
  });

  it('opens in Excel with one sheet per section and the expected totals', async () => {
    const res = await nation.call('GET', `/api/v1/reports/monthly/${national.id}/bao-cao.xlsx`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /bao-cao-thang-2026-03-toan-quoc\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      book.worksheets.map((w) => w.name),
      [
        monthlySheets.summary,
        monthlySheets.provinces,
        monthlySheets.ministries,
        monthlySheets.completion,
        monthlySheets.late,
        monthlySheets.feedback,
      ],
    );
    const summary = rowsOf(book, monthlySheets.summary);
    assert.deepEqual(
      summary.find((r) => r[0] === 'Hồ sơ tiếp nhận trong tháng'),
      ['Hồ sơ tiếp nhận trong tháng', 2],
    );
    const provinces = rowsOf(book, monthlySheets.provinces);
    const body = provinces.filter((r) => typeof r[0] === 'number');
    assert.equal(body.length, 34, 'every province, ranked');
    assert.deepEqual(body[0]?.slice(0, 4), [1, '01', 'Thành phố Hà Nội', 2]);
    const total = provinces.find((r) => r[2] === 'Tổng cộng');
    assert.equal(total?.[3], 2, 'received');
    assert.equal(total?.[5], 1, 'finished');
    assert.equal(total?.[10], 1, 'in progress late at the end of March');
    const late = rowsOf(book, monthlySheets.late);
    const procedure = late.find((r) => r[1] === demoProcedure);
    assert.deepEqual(procedure?.slice(3), [1, 0, 1, 1]);
    const feedback = rowsOf(book, monthlySheets.feedback);
    assert.deepEqual(feedback.find((r) => r[0] === 'Tổng cộng')?.slice(0, 3), ['Tổng cộng', '', 2]);
    assert.ok(
      feedback.some((r) => r[0] === 'Khó khăn, vướng mắc theo bộ quản lý thủ tục'),
      'difficulties by ministry below',
    );
    assert.ok(rowsOf(book, monthlySheets.completion).some((r) => r[1] === 'Tổng cộng'));
  });

  it('prints Vietnamese in the PDF (read back by text extraction)', async () => {
    const res = await nation.call('GET', `/api/v1/reports/monthly/${national.id}/bao-cao.pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    for (const expected of [
      'BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
      'Toàn quốc — tháng 03/2026',
      'Thành phố Hà Nội',
      'Tỷ lệ hoàn thành triển khai tập trung',
      'Phản ánh của người dân',
      'Chậm giải quyết, trễ hẹn',
      'Khó khăn, vướng mắc của địa phương',
    ])
      assert.ok(text.includes(expected), `${expected} in: ${text.slice(0, 400)}`);
  });

  it('keeps the snapshot it was made from, and shows each report only to those who see its scope', async () => {
    const res = await nation.call('GET', `/api/v1/reports/monthly/${national.id}/so-lieu.json`);
    const snapshot = res.json<MonthlySnapshot>();
    assert.equal(snapshot.month, '2026-03');
    assert.equal(snapshot.provinces.length, 34);
    assert.equal(snapshot.topLateProcedures[0]?.code, demoProcedure);

    const seen = (await hanoi.call('GET', '/api/v1/reports/monthly')).json<{ items: Summary[] }>().items;
    assert.deepEqual(
      seen.map((r) => r.scope.code),
      ['01'],
      'a province monitor: their province only',
    );
    assert.equal(
      (await nation.call('GET', '/api/v1/reports/monthly')).json<{ items: Summary[] }>().items.length,
      2,
    );
    assert.deepEqual(
      (await nghean.call('GET', '/api/v1/reports/monthly')).json<{ items: Summary[] }>().items,
      [],
    );
    assert.equal(
      (await nghean.call('GET', `/api/v1/reports/monthly/${national.id}/bao-cao.pdf`)).statusCode,
      404,
    );
  });

  it('is generated on schedule once per month and scope', async () => {
    const made = await generateScheduledReports(ctx());
    assert.equal(made.length, 35, 'the nation and its 34 provinces');
    assert.deepEqual(await generateScheduledReports(ctx()), [], 'nothing twice');
    const items = (await nation.call('GET', '/api/v1/reports/monthly')).json<{ items: Summary[] }>().items;
    assert.equal(items.length, 37);
  });
});
