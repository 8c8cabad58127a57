import ExcelJS from 'exceljs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createAppContext } from '../../src/app/context.js';
import { foldAllIndicators } from '../../src/app/reports/foldIndicators.js';
import { demoIntake } from '../../fixtures/intake.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { readPdf } from '../support/readPdf.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

/** Every cell's text of a workbook's first sheet, one string. */
async function workbookText(bytes: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.worksheets[0]?.eachRow((row) => row.eachCell((c) => cells.push(String(c.text))));
  return cells.join(' | ');
}

const csv = (body: Buffer) => parse(body.subarray(3).toString('utf8')) as string[][];

/**
 * Half past midnight on 5 December 2026 in Hà Nội is 17:30 on 4 December in UTC. A person reading
 * anything motcua prints or exports at that moment must read 5 December, written day first; a
 * date taken in UTC would read 4 December. The oracle is the wall clock in Hà Nội, not the code.
 */
describe('dates people read are Vietnam dates (clock at 00:30 Vietnam time)', () => {
  // A dossier in November (so that November has data and closes), then the clock moves on.
  const clock = new Date('2026-11-20T08:00:00+07:00');
  const today = '05/12/2026';
  const now = `00:30 ${today}`;
  const utcDay = /04\/12\/2026|2026-12-04/;
  let s: TestServer;
  let receiver: Signed;
  let code: string;

  before(async () => {
    ({ s, receiver } = await startWithDossier({ loginPerMinute: 100 }, clock));
    clock.setTime(Date.parse('2026-12-04T17:30:00Z'));
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012355'));
    assert.equal(res.statusCode, 201, res.body);
    code = res.json<{ code: string }>().code;
  });
  after(() => s.close());

  it('prints Form 01 with the receipt time and place date of Vietnam', async () => {
    const res = await receiver.call('GET', `/api/v1/dossiers/${code}/forms/receipt`);
    assert.equal(res.statusCode, 200, res.body);
    const { text } = await readPdf(res.rawPayload);
    assert.ok(text.includes('Thời gian nhận hồ sơ: 00 giờ 30 phút, ngày 05/12/2026'), text);
    assert.ok(text.includes('ngày 05 tháng 12 năm 2026'), text);
    assert.doesNotMatch(text, /ngày 04\/12\/2026|ngày 04 tháng 12/);
  });

  it('exports the worklist (CSV and Excel) with Vietnam times', async () => {
    const res = await receiver.call('GET', '/api/v1/dossiers/export?format=csv&queue=all');
    assert.equal(res.statusCode, 200, res.body);
    const rows = csv(res.rawPayload);
    const submitted = rows[0]?.indexOf('Ngày nộp') ?? -1;
    assert.ok(submitted >= 0, 'a submission column');
    assert.equal(rows.find((r) => r[0] === code)?.[submitted], now);
    assert.equal(rows.find((r) => r[0] !== code && r[0] !== 'Mã hồ sơ')?.[submitted], '08:00 20/11/2026');
    const xlsx = await receiver.call('GET', '/api/v1/dossiers/export?format=xlsx&queue=all');
    assert.match(await workbookText(xlsx.rawPayload), new RegExp(now));
  });

  it('exports difficulty reports and the audit log with Vietnam times', async () => {
    const filed = await receiver.call('POST', '/api/v1/feedback', {
      category: 'integration',
      subject: 'Chậm đồng bộ',
      content: 'Hồ sơ lên Cổng chậm.',
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const feedback = await receiver.call('GET', '/api/v1/feedback/export?format=csv');
    assert.equal(feedback.statusCode, 200, feedback.body);
    const rows = csv(feedback.rawPayload);
    const sentAt = rows[0]?.indexOf('Gửi lúc') ?? -1;
    assert.equal(rows[1]?.[sentAt], now);
    const admin = await signIn(s.app, 'hanoi.quantri', clock);
    const audit = await admin.call('GET', '/api/v1/audit/export?format=csv');
    assert.equal(audit.statusCode, 200, audit.body);
    const auditRows = csv(audit.rawPayload);
    const at = auditRows[0]?.indexOf('Thời điểm') ?? -1;
    assert.ok(
      auditRows.slice(1).some((r) => r[at] === now),
      'an entry made now',
    );
    assert.ok(
      auditRows.slice(1).every((r) => /^\d\d:\d\d \d\d\/\d\d\/2026$/.test(r[at] ?? '')),
      'time then day',
    );
  });

  it('titles and names the completion workbook with the Vietnam day', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/reports/completion.xlsx' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-disposition']), /ty-le-trien-khai-2026-12-05\.xlsx/);
    const text = await workbookText(res.rawPayload);
    assert.match(text, /tính đến 05\/12\/2026/);
    assert.doesNotMatch(text, utcDay);
  });

  it('stamps the monthly report (Excel and PDF) with the Vietnam time it was made', async () => {
    await foldAllIndicators(createAppContext(s.db.database.db, { now: () => clock }));
    const nation = await signIn(s.app, 'vpcp.giamsat', clock);
    const made = await nation.call('POST', '/api/v1/reports/monthly', { month: '2026-11' });
    assert.equal(made.statusCode, 201, made.body);
    const { id } = made.json<{ id: string }>();
    const xlsx = await nation.call('GET', `/api/v1/reports/monthly/${id}/bao-cao.xlsx`);
    const book = await workbookText(xlsx.rawPayload);
    assert.match(book, new RegExp(`Lập lúc ${now}`));
    assert.match(book, /11\/2026/);
    const pdf = await nation.call('GET', `/api/v1/reports/monthly/${id}/bao-cao.pdf`);
    const { text } = await readPdf(pdf.rawPayload);
    assert.match(text.replace(/\s+/g, ' '), new RegExp(`Lập lúc ${now}`));
    assert.doesNotMatch(text, utcDay);
  });
});
