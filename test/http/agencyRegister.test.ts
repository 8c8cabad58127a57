import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { AgencyDetail, AgencyRevision, RegisterReport } from '../../src/contracts/agencies.js';
import type { Problem } from '../../src/contracts/common.js';
import { verifyAuditChain } from '../../src/app/audit/auditLog.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { postFile } from '../support/multipart.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { windows1258 } from '../support/windows1258.js';

const hanoiCommittee = '000.00.00.H01';
const hanoiCentre = '000.00.01.H01';
const ngheanCommittee = '000.00.00.H40';
const heading =
  'Mã định danh,Tên cơ quan,Loại,Mã cơ quan cấp trên,Mã đơn vị hành chính,Hiệu lực từ,Hiệu lực đến';

describe(`the agency register (${testEngine})`, () => {
  let s: TestServer;
  let code = '';
  let province: Signed;
  let nation: Signed;
  const clock = new Date('2026-03-02T08:00:00+07:00');

  before(async () => {
    ({ s, code } = await startWithDossier({ loginPerMinute: 1000 }, clock));
    province = await signIn(s.app, 'hanoi.quantri', clock);
    nation = await signIn(s.app, 'quantri', clock);
  });
  after(() => s.close());

  const history = async (c: string) =>
    (await nation.call('GET', `/api/v1/agencies/${c}/history`)).json<{ items: AgencyRevision[] }>().items;
  const upload = (who: Signed, text: string | Buffer, dryRun: boolean, name = 'danh-muc.csv') =>
    postFile(s.app, who, `/api/v1/agencies/import?dryRun=${dryRun}`, {
      name,
      bytes: typeof text === 'string' ? Buffer.from(text) : text,
    });
  const agencyExists = async (c: string) =>
    (await s.app.inject({ method: 'GET', url: `/api/v1/agencies/${c}` })).statusCode === 200;

  it('registers, renames and closes a department, each change a revision with its day and author', async () => {
    const created = await province.call('POST', '/api/v1/agencies', {
      code: '000.00.30.H01',
      name: 'Sở Dân tộc và Tôn giáo thành phố Hà Nội',
      kind: 'department',
      parentCode: hanoiCommittee,
      adminUnitCode: '01',
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json<AgencyDetail>().parent?.code, hanoiCommittee);
    const again = await province.call('POST', '/api/v1/agencies', {
      code: '000.00.30.H01',
      name: 'Trùng',
      kind: 'department',
      parentCode: hanoiCommittee,
      adminUnitCode: '01',
    });
    assert.equal(again.statusCode, 400);

    const renamed = await province.call('PATCH', '/api/v1/agencies/000.00.30.H01', {
      name: 'Sở Dân tộc, Tôn giáo thành phố Hà Nội',
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    const closed = await province.call('PATCH', '/api/v1/agencies/000.00.30.H01', { validTo: '2026-04-01' });
    assert.equal(closed.statusCode, 200, closed.body);

    const revisions = await history('000.00.30.H01');
    assert.deepEqual(
      revisions.map((r) => [r.revision, r.change, r.name, r.validTo, r.effectiveOn, r.changedBy]),
      [
        [2, 'closed', 'Sở Dân tộc, Tôn giáo thành phố Hà Nội', '2026-04-01', '2026-04-01', 'hanoi.quantri'],
        [1, 'updated', 'Sở Dân tộc, Tôn giáo thành phố Hà Nội', null, '2026-03-02', 'hanoi.quantri'],
        [0, 'created', 'Sở Dân tộc và Tôn giáo thành phố Hà Nội', null, '2026-03-02', 'hanoi.quantri'],
      ],
    );
    // In force until its last day, then gone from the list of that day; its history stays.
    const listed = async (on: string) =>
      (
        await s.app.inject({
          method: 'GET',
          url: `/api/v1/agencies?kind=department&province=01&on=${on}&limit=100`,
        })
      )
        .json<{ items: { code: string }[] }>()
        .items.some((a) => a.code === '000.00.30.H01');
    assert.equal(await listed('2026-03-31'), true);
    assert.equal(await listed('2026-04-01'), false);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', '000.00.30.H01')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['agency.created', 'agency.updated', 'agency.closed'],
    );
  });

  it('refuses to close an agency that still holds dossiers, naming each one, and changes nothing', async () => {
    const res = await nation.call('PATCH', `/api/v1/agencies/${hanoiCentre}`, { validTo: '2026-06-30' });
    assert.equal(res.statusCode, 409, res.body);
    const p = res.json<Problem>();
    assert.equal(p.type, 'https://motcua.gov.vn/problems/agency-holds-dossiers');
    assert.deepEqual(
      p.errors?.map((e) => e.message),
      [code],
    );
    assert.equal(
      (await s.app.inject({ method: 'GET', url: `/api/v1/agencies/${hanoiCentre}` })).json<AgencyDetail>()
        .validTo,
      null,
    );
  });

  it('shows the history, with the names of those who changed it, to signed-in officials only', async () => {
    const anonymous = await s.app.inject({ method: 'GET', url: '/api/v1/agencies/000.00.30.H01/history' });
    assert.equal(anonymous.statusCode, 401);
  });

  it('never closes a registered agency from a day already past (history is not rewritten)', async () => {
    const res = await nation.call('PATCH', '/api/v1/agencies/000.00.10.H01', { validTo: '2026-01-01' });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json<Problem>().detail ?? '', /ngày đã qua/);
  });

  it('merges an agency into another: closed that day, the successor in its history', async () => {
    for (const [c, name] of [
      ['000.00.31.H01', 'Ban Quản lý các khu công nghiệp Hà Nội'],
      ['000.00.32.H01', 'Ban Quản lý khu công nghệ cao Hà Nội'],
    ] as const) {
      const r = await province.call('POST', '/api/v1/agencies', {
        code: c,
        name,
        kind: 'department',
        parentCode: hanoiCommittee,
        adminUnitCode: '01',
        validFrom: '2026-01-01',
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    const merged = await province.call('PATCH', '/api/v1/agencies/000.00.32.H01', {
      mergeInto: '000.00.31.H01',
    });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json<AgencyDetail>().validTo, '2026-03-02');
    const [last] = await history('000.00.32.H01');
    assert.equal(last?.change, 'merged');
    assert.equal(last?.successorCode, '000.00.31.H01');
    const self = await province.call('PATCH', '/api/v1/agencies/000.00.31.H01', {
      mergeInto: '000.00.31.H01',
    });
    assert.equal(self.statusCode, 400);
  });

  it('imports a register: a dry run reports row by row and writes nothing; applying twice changes nothing the second time', async () => {
    const file = [
      heading,
      // 2: a new department of Nghệ An (kind named in Vietnamese, day as dd/mm/yyyy);
      // 3: a ministry's sub-unit under the unit of row 4 (a parent later in the file)
      `000.00.40.H40,Sở Dân tộc và Tôn giáo tỉnh Nghệ An,"Sở, ban, ngành",${ngheanCommittee},40,01/07/2025,`,
      '000.01.09.G07,Chi cục Thủy lợi khu vực Bắc Trung Bộ,ministry_unit,000.00.09.G07,40,2025-07-01,',
      '000.00.09.G07,Cục Thủy lợi,ministry_unit,000.00.00.G07,01,2025-07-01,',
      // 5: unknown parent · 6: lost diacritics · 7: reversed dates · 8: duplicate of 2
      '000.00.43.H40,Sở A tỉnh Nghệ An,department,000.00.99.H99,40,2025-07-01,',
      `000.00.44.H40,S? T? ph?p t?nh Ngh? An,department,${ngheanCommittee},40,2025-07-01,`,
      `000.00.45.H40,Sở B tỉnh Nghệ An,department,${ngheanCommittee},40,2025-07-01,2025-01-01`,
      `000.00.40.H40,Sở trùng mã,department,${ngheanCommittee},40,2025-07-01,`,
      // 9: a department placed in a commune · 10: a malformed code · 11: a kind nobody knows
      `000.00.46.H40,Sở C tỉnh Nghệ An,department,${ngheanCommittee},16702,2025-07-01,`,
      `00.00.47.H40,Sở D tỉnh Nghệ An,department,${ngheanCommittee},40,2025-07-01,`,
      `000.00.48.H40,Sở E tỉnh Nghệ An,Hội đồng,${ngheanCommittee},40,2025-07-01,`,
    ].join('\n');
    // The department in row 3 comes before its parent in row 4 and is still accepted (file order is not tree order).
    const dry = await upload(nation, file, true);
    assert.equal(dry.statusCode, 200, dry.body);
    const report = dry.json<RegisterReport>();
    assert.deepEqual(report.changes.length, 3, JSON.stringify(report.refused));
    assert.deepEqual([report.dryRun, report.created, report.updated, report.unchanged], [true, 3, 0, 0]);
    assert.deepEqual(
      report.refused.map((r) => [r.row, r.field]),
      [
        [5, 'Mã cơ quan cấp trên'],
        [6, 'Tên cơ quan'],
        [7, 'Hiệu lực đến'],
        [8, 'Mã định danh'],
        [9, 'Mã đơn vị hành chính'],
        [10, 'Mã định danh'],
        [11, 'Loại'],
      ],
    );
    assert.match(report.refused[3]?.message ?? '', /trùng với dòng 2/);
    assert.equal(await agencyExists('000.00.40.H40'), false, 'a dry run writes nothing');

    const applied = (await upload(nation, file, false)).json<RegisterReport>();
    assert.deepEqual([applied.dryRun, applied.created, applied.refused.length], [false, 3, 7]);
    assert.equal(await agencyExists('000.01.09.G07'), true);
    const twice = (await upload(nation, file, false)).json<RegisterReport>();
    assert.deepEqual([twice.created, twice.updated, twice.closed, twice.unchanged], [0, 0, 0, 3]);

    const renamed = file.replace('Cục Thủy lợi,', 'Cục Quản lý và Xây dựng công trình thủy lợi,');
    const third = (await upload(nation, renamed, false)).json<RegisterReport>();
    assert.deepEqual([third.created, third.updated, third.unchanged], [0, 1, 2]);
    assert.deepEqual(third.changes, [{ row: 4, code: '000.00.09.G07', outcome: 'updated' }]);
    assert.deepEqual(
      (await history('000.00.09.G07')).map((r) => [r.revision, r.change, r.source]),
      [
        [1, 'updated', 'import'],
        [0, 'created', 'import'],
      ],
    );
    assert.deepEqual(await verifyAuditChain(s.db.database.db), {
      ok: true,
      rows: (await verifyAuditChain(s.db.database.db)).rows,
    });
  });

  it('reads Windows-1258 and UTF-8 with a byte-order mark alike', async () => {
    const rows = [
      heading,
      `000.00.50.H40,Sở Văn hóa, Thể thao tỉnh Nghệ An,department,${ngheanCommittee},40,2025-07-01,`,
    ];
    // A comma inside a name must be quoted; the file says so.
    rows[1] = `000.00.50.H40,"Sở Văn hóa, Thể thao tỉnh Nghệ An",department,${ngheanCommittee},40,2025-07-01,`;
    const ansi = (await upload(nation, windows1258(rows.join('\r\n')), true)).json<RegisterReport>();
    assert.deepEqual([ansi.created, ansi.refused], [1, []]);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows.join('\n'))]);
    const utf8 = (await upload(nation, bom, false)).json<RegisterReport>();
    assert.deepEqual([utf8.created, utf8.refused], [1, []]);
    assert.equal(
      (await s.app.inject({ method: 'GET', url: '/api/v1/agencies/000.00.50.H40' })).json<AgencyDetail>()
        .name,
      'Sở Văn hóa, Thể thao tỉnh Nghệ An',
    );
  });

  it('refuses a formula cell in Excel by its row, and a file without the required columns whole', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Danh mục');
    sheet.addRow(heading.split(','));
    sheet.addRow([
      '000.00.51.H40',
      'Sở G tỉnh Nghệ An',
      'department',
      ngheanCommittee,
      '40',
      '2025-07-01',
      '',
    ]);
    sheet.addRow([
      '000.00.52.H40',
      { formula: 'CONCATENATE("Sở H ","tỉnh Nghệ An")', result: 'Sở H tỉnh Nghệ An' },
      'department',
      ngheanCommittee,
      '40',
      '2025-07-01',
      '',
    ]);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const res = await upload(nation, xlsx, true, 'danh-muc.xlsx');
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json<RegisterReport>();
    assert.equal(report.created, 1);
    assert.deepEqual(
      report.refused.map((r) => [r.row, r.field]),
      [[3, 'Tên cơ quan']],
    );
    assert.match(report.refused[0]?.message ?? '', /công thức/);

    const wrong = await upload(nation, 'Mã,Tên\n000.00.53.H40,Sở K', true);
    assert.equal(wrong.statusCode, 400);
    const p = wrong.json<Problem>();
    assert.equal(p.title, 'Tệp nhập không hợp lệ');
    assert.deepEqual(p.errors?.map((e) => e.field).sort(), ['adminUnitCode', 'kind', 'validFrom']);
  });
});
