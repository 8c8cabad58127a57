import ExcelJS from 'exceljs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { demoIntake } from '../../fixtures/intake.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

/** Every item of a list endpoint, page by page (what the screen can show). */
async function listAll<T>(who: Signed, path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await who.call(
      'GET',
      `${path}${sep}limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json<{ items: T[]; nextCursor: string | null }>();
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The rows of a CSV export, after its byte-order mark and heading. */
function csvRows(body: Buffer): string[][] {
  assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM, for Excel');
  return parse(body.subarray(3).toString('utf8')) as string[][];
}

describe('exports of the tables on screen (CSV, Excel)', () => {
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  let code: string;
  let receiver: Signed;
  let nghean: Signed;

  before(async () => {
    ({ s, receiver, code } = await startWithDossier({ loginPerMinute: 100 }, clock));
    assert.equal(
      (await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012399'))).statusCode,
      201,
    );
    nghean = await signIn(s.app, 'nghean.giamsat', clock);
  });
  after(() => s.close());

  it('exports the worklist with the same filters and reach as the screen, and audits it', async () => {
    const res = await receiver.call('GET', '/api/v1/dossiers/export?format=csv&queue=all');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /ho-so-all\.csv/);
    const rows = csvRows(res.rawPayload);
    assert.equal(rows[0]?.[0], 'Mã hồ sơ');
    assert.equal(rows[0]?.[3], 'Trạng thái');
    const listed = await listAll<{ code: string }>(receiver, '/api/v1/dossiers?queue=all');
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      listed.map((d) => d.code),
      'the same rows as the screen',
    );
    assert.ok(rows.some((r) => r[0] === code && r[3] === 'Được tiếp nhận' && r[6] === 'Nguyễn Thị Mai'));

    const other = csvRows((await nghean.call('GET', '/api/v1/dossiers/export?format=csv')).rawPayload);
    assert.equal(other.length, 1, 'another province: the heading only');

    const xlsx = await receiver.call('GET', '/api/v1/dossiers/export?format=xlsx&applicant=001089012399');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.getRow(1).getCell(1).value, 'Danh sách hồ sơ');
    assert.equal(sheet.getRow(2).getCell(1).value, 'Mã hồ sơ');
    assert.equal(sheet.rowCount, 3, 'title, heading, the one dossier of that applicant');

    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'dossier.export')
      .execute();
    assert.equal(audit.length, 3);
    assert.ok(
      audit.some((a) => (a.detail as { rows?: number }).rows === listed.length),
      'the audit entry says how many rows left',
    );
  });

  it('exports accounts, the audit log and feedback no wider than their lists', async () => {
    const admin = await signIn(s.app, 'hanoi.quantri', clock);
    const accounts = csvRows((await admin.call('GET', '/api/v1/accounts/export?format=csv')).rawPayload);
    const listedAccounts = await listAll<{ username: string }>(admin, '/api/v1/accounts');
    assert.deepEqual(
      accounts
        .slice(1)
        .map((r) => r[0])
        .sort(),
      listedAccounts.map((a) => a.username).sort(),
    );
    assert.ok(
      accounts.slice(1).every((r) => r[3]?.endsWith('.H01')),
      'Hà Nội’s accounts only',
    );

    const monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    const audit = csvRows((await monitor.call('GET', '/api/v1/audit/export?format=csv')).rawPayload);
    const listedAudit = await listAll<{ seq: number }>(monitor, '/api/v1/audit');
    // The export itself is audited after it is read: the list taken after it has one more entry.
    assert.deepEqual(
      audit.slice(1).map((r) => Number(r[0])),
      listedAudit.map((e) => e.seq).filter((seq) => seq <= Number(audit[1]?.[0])),
    );

    const feedback = await s.app.inject({
      method: 'POST',
      url: `/api/v1/public/dossiers/${code}/feedback?verify=2345`,
      payload: { category: 'fees', content: 'Thu phí chưa rõ' },
    });
    assert.equal(feedback.statusCode, 201);
    const mine = csvRows((await monitor.call('GET', '/api/v1/feedback/export?format=csv')).rawPayload);
    assert.equal(mine.length, 2);
    assert.equal(mine[1]?.[2], 'Phí, lệ phí, chi phí');
    assert.equal(
      csvRows((await nghean.call('GET', '/api/v1/feedback/export?format=csv')).rawPayload).length,
      1,
    );
  });

  it('refuses without a session and with a bad filter', async () => {
    for (const path of [
      '/api/v1/dossiers/export',
      '/api/v1/accounts/export',
      '/api/v1/audit/export',
      '/api/v1/feedback/export',
    ])
      assert.equal((await s.app.inject({ method: 'GET', url: path })).statusCode, 401, path);
    const bad = await receiver.call('GET', '/api/v1/dossiers/export?format=pdf');
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /problem\+json/);
  });
});
