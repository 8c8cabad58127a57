import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OfficialsReport } from '../../src/contracts/accounts.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { postFile } from '../support/multipart.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Who may bring officials in by file: an administrator, for agencies within their reach, roles not
 * above their own and fitting the agency; never someone else's official by naming their ID number.
 */
describe(`who may import officials (${testEngine})`, () => {
  let s: TestServer;
  const who: Record<string, Signed> = {};
  let hanoiCentre = '';
  let otherHanoiCentre = '';
  let ngheanCentre = '';
  const heading = 'Họ và tên,Số định danh,Mã cơ quan,Vai trò';

  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    for (const name of ['hanoi.quantri', 'badinh.quantri', 'hanoi.motcua'])
      who[name] = await signIn(s.app, name);
    const centres = async (province: string) =>
      (
        await s.db.database.db
          .selectFrom('agency')
          .select('code')
          .where('kind', '=', 'commune_service_center')
          .where('code', 'like', `%.H${province}`)
          .orderBy('code')
          .limit(3)
          .execute()
      ).map((a) => a.code);
    [hanoiCentre = '', , otherHanoiCentre = ''] = await centres('01');
    [ngheanCentre = ''] = await centres('40');
    await s.db.database.db
      .updateTable('account')
      .set({ id_number: '040089000001' })
      .where('username', '=', 'nghean.motcua')
      .execute();
  });
  after(() => s.close());

  const importAs = async (name: string, lines: string[]) => {
    const res = await postFile(s.app, who[name] as Signed, '/api/v1/accounts/import?dryRun=false', {
      name: 'a.csv',
      bytes: Buffer.from([heading, ...lines].join('\n')),
    });
    return res;
  };

  it("keeps a province administrator to its province's agencies and officials", async () => {
    const res = await importAs('hanoi.quantri', [
      `Nguyễn Văn An,001089100001,${hanoiCentre},receiver`,
      `Nguyễn Văn Bắc,040089100002,${ngheanCentre},receiver`,
      `Người lạ,040089000001,${hanoiCentre},receiver`,
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json<OfficialsReport>();
    assert.equal(r.created, 1);
    assert.deepEqual([...new Set(r.refused.map((x) => x.row))], [3, 4]);
    const stranger = await s.db.database.db
      .selectFrom('account')
      .select(['agency_code', 'full_name'])
      .where('username', '=', 'nghean.motcua')
      .executeTakeFirstOrThrow();
    assert.notEqual(stranger.full_name, 'Người lạ', 'another province’s official is untouched');
  });

  it('keeps a commune administrator to its commune, and to roles not above its own', async () => {
    const r = (
      await importAs('badinh.quantri', [
        `Trần Thị Cúc,001189100003,${hanoiCentre},Cán bộ một cửa`,
        `Trần Thị Dần,001189100004,${hanoiCentre},Quản trị cấp tỉnh`,
        `Trần Thị Én,001189100005,${otherHanoiCentre},receiver`,
      ])
    ).json<OfficialsReport>();
    assert.equal(r.created, 1);
    assert.deepEqual([...new Set(r.refused.map((x) => x.row))], [3, 4]);
  });

  it('never lets an administrator widen their own powers by naming themselves in a file', async () => {
    const id = '001089777777';
    await s.db.database.db
      .updateTable('account')
      .set({ id_number: id })
      .where('username', '=', 'badinh.quantri')
      .execute();
    const r = (
      await importAs('badinh.quantri', [`Quản trị Ba Đình,${id},${hanoiCentre},"Lãnh đạo, Cán bộ một cửa"`])
    ).json<OfficialsReport>();
    assert.equal(r.updated + r.created, 0);
    assert.match(r.refused[0]?.message ?? '', /Không tự giao vai trò/);
    const grants = await s.db.database.db
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select('g.role')
      .where('a.username', '=', 'badinh.quantri')
      .execute();
    assert.deepEqual(
      grants.map((g) => g.role),
      ['commune_admin'],
    );
  });

  it('refuses an official who administers nothing', async () => {
    assert.equal(
      (await importAs('hanoi.motcua', [`A B,001189100006,${hanoiCentre},receiver`])).statusCode,
      403,
    );
    const anonymous = await s.app.inject({ method: 'POST', url: '/api/v1/accounts/import?dryRun=true' });
    assert.ok([401, 403].includes(anonymous.statusCode));
  });
});
