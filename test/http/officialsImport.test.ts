import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OfficialsReport } from '../../src/contracts/accounts.js';
import type { Problem } from '../../src/contracts/common.js';
import { verifyAuditChain } from '../../src/app/audit/auditLog.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { postFile } from '../support/multipart.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { windows1258 } from '../support/windows1258.js';

const badinh = '000.04.51.H01'; // Trung tâm PVHCC phường Ba Đình
const heading =
  'Tên đăng nhập,Họ và tên,Số định danh,Số điện thoại,Thư điện tử,Mã cơ quan,Vai trò,Hiệu lực từ,Hiệu lực đến';

describe(`officials in bulk (${testEngine})`, () => {
  let s: TestServer;
  let nation: Signed;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000, publicUrl: 'https://motcua.gov.vn' });
    await seedStaff(s.db.database.db);
    nation = await signIn(s.app, 'quantri');
  });
  after(() => s.close());

  const upload = (text: string | Buffer, dryRun: boolean) =>
    postFile(s.app, nation, `/api/v1/accounts/import?dryRun=${dryRun}`, {
      name: 'can-bo.csv',
      bytes: typeof text === 'string' ? Buffer.from(text) : text,
    });
  const file = [
    heading,
    `,Nguyễn Thị Mai,001189000001,0912000001,mai@badinh.gov.vn,${badinh},Cán bộ một cửa,,`,
    `,Trần Văn Bình,001089000002,,binh@badinh.gov.vn,${badinh},"Chuyên viên, Lãnh đạo",01/07/2026,`,
    `badinh.giamdoc,Lê Văn Cường,001089000003,0912000003,,${badinh},leader,,`,
    // 5: a province's role at a commune centre · 6: unknown agency · 7: dates reversed
    `,Phạm Thị Dung,001189000004,,,${badinh},Quản trị cấp tỉnh,,`,
    ',Hoàng Văn Em,001089000005,,,000.99.51.H01,receiver,,',
    `,Vũ Thị Giang,001189000006,,,${badinh},receiver,01/07/2026,01/01/2026`,
    // 8: the same person as row 2 · 9: a bad ID number and a bad phone · 10: no name
    `,Trần Văn Bình,001089000002,,,${badinh},receiver,,`,
    `,Đỗ Văn Hùng,12345,09,,${badinh},receiver,,`,
    `,,001089000009,,,${badinh},receiver,,`,
  ].join('\n');

  it('reports row by row in a dry run, writing nothing', async () => {
    const res = await upload(file, true);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json<OfficialsReport>();
    assert.deepEqual([r.created, r.updated, r.unchanged, r.invited], [3, 0, 0, 0]);
    assert.deepEqual([...new Set(r.refused.map((x) => x.row))], [5, 6, 7, 8, 9, 10]);
    assert.deepEqual(
      r.refused.filter((x) => x.row === 9).map((x) => x.field),
      ['Số định danh', 'Số điện thoại'],
    );
    assert.match(
      r.refused.find((x) => x.row === 5)?.message ?? '',
      /Quản trị cấp tỉnh: Vai trò này không được giao tại loại cơ quan/,
    );
    const none = await s.db.database.db
      .selectFrom('account')
      .select('id')
      .where('id_number', '=', '001189000001')
      .execute();
    assert.deepEqual(none, []);
  });

  it('creates the accounts without passwords, grants the roles, and sends each a one-time link', async () => {
    const r = (await upload(file, false)).json<OfficialsReport>();
    assert.deepEqual([r.created, r.invited], [3, 3]);
    assert.deepEqual(
      r.changes.map((c) => [c.username, c.roles]),
      [
        ['maint.0000451h01', ['receiver']],
        ['binhtv.0000451h01', ['processor', 'leader']],
        ['badinh.giamdoc', ['leader']],
      ],
    );
    const db = s.db.database.db;
    const grants = await db
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select(['a.username', 'g.role', 'g.agency_code'])
      .where('a.id_number', 'is not', null)
      .orderBy('a.username')
      .orderBy('g.role')
      .execute();
    assert.equal(grants.length, 4);
    const outbox = await db
      .selectFrom('outbox_message')
      .select(['destination', 'payload'])
      .where('kind', '=', 'account.invitation')
      .orderBy('id')
      .execute();
    assert.deepEqual(outbox.map((m) => m.destination).sort(), ['email', 'email', 'sms', 'sms']);
    const mail = outbox.find((m) => (m.payload as { to?: string }).to === 'mai@badinh.gov.vn');
    const link = /https:\/\/motcua\.gov\.vn\/kich-hoat\/([A-Za-z0-9_-]{43})/.exec(
      (mail?.payload as { body: string }).body,
    );
    assert.ok(link, 'the mail carries the link');
    const activated = await s.app.inject({
      method: 'POST',
      url: `/api/v1/activation/${link[1]}`,
      payload: { password: 'Mật khẩu riêng của Mai 2026' },
    });
    assert.equal(activated.statusCode, 200, activated.body);
    assert.equal(activated.json<{ stage: string }>().stage, 'full');
    const audit = await db
      .selectFrom('audit_log')
      .select(['action'])
      .where('request_id', 'is not', null)
      .where((eb) => eb('action', 'in', ['account.created', 'grant.created']))
      .execute();
    assert.equal(audit.filter((a) => a.action === 'account.created').length, 3);
    assert.equal(audit.filter((a) => a.action === 'grant.created').length, 4);
    assert.equal((await verifyAuditChain(db)).ok, true);
  });

  it('changes nothing when the same file is applied again, and updates only what changed', async () => {
    const again = (await upload(file, false)).json<OfficialsReport>();
    assert.deepEqual([again.created, again.updated, again.unchanged, again.invited], [0, 0, 3, 0]);
    const changed = file
      .replace('0912000003', '0912999999')
      .replace('"Chuyên viên, Lãnh đạo"', '"Chuyên viên, Lãnh đạo, Cán bộ một cửa"');
    const third = (await upload(changed, false)).json<OfficialsReport>();
    assert.deepEqual([third.created, third.updated, third.unchanged], [0, 2, 1]);
    assert.deepEqual(
      third.changes.map((c) => [c.username, c.roles]),
      [
        ['binhtv.0000451h01', ['receiver']],
        ['badinh.giamdoc', []],
      ],
    );
  });

  it('reads a Windows-1258 file, and refuses a file without the needed columns whole', async () => {
    const ansi = windows1258(
      [heading, `,Ngô Thị Hạnh,001189000011,,,${badinh},Cán bộ một cửa,,`].join('\r\n'),
    );
    const r = (await upload(ansi, true)).json<OfficialsReport>();
    assert.deepEqual([r.created, r.refused], [1, []]);
    assert.equal(r.changes[0]?.username, 'hanhnt.0000451h01');
    const wrong = await upload('Tên,Số\nA,1', true);
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(
      wrong
        .json<Problem>()
        .errors?.map((e) => e.field)
        .sort(),
      ['agencyCode', 'fullName', 'roles'],
    );
  });
});
