import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AgencyDetail, RegisterReport } from '../../src/contracts/agencies.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { postFile } from '../support/multipart.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * Who may change the register (issue 19): a province administrator its province's departments
 * and its communes' agencies; a ministry administrator its ministry's units; a system
 * administrator everything. Nobody else: not a commune administrator, not an official, not the
 * public. An agency of one province cannot be slipped in under another's parent.
 */
describe(`who may change the agency register (${testEngine})`, () => {
  let s: TestServer;
  const who: Record<string, Signed> = {};
  let ngheanCommune = '';
  let hanoiCommune = '';

  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    for (const name of ['hanoi.quantri', 'botuphap.quantri', 'badinh.quantri', 'hanoi.motcua', 'quantri'])
      who[name] = await signIn(s.app, name);
    const first = async (province: string) =>
      (
        await s.db.database.db
          .selectFrom('admin_unit')
          .select('code')
          .where('parent_code', '=', province)
          .orderBy('code', 'desc')
          .executeTakeFirstOrThrow()
      ).code;
    ngheanCommune = await first('40');
    hanoiCommune = await first('01');
  });
  after(() => s.close());

  const create = (name: string, body: Record<string, unknown>) =>
    (who[name] as Signed).call('POST', '/api/v1/agencies', body);
  const department = (code: string, parentCode: string, adminUnitCode: string) => ({
    code,
    name: `Sở thử nghiệm ${code}`,
    kind: 'department',
    parentCode,
    adminUnitCode,
  });
  const centreOf = (commune: string, province: string) =>
    `${commune.slice(0, 3)}.${commune.slice(3)}.51.H${province}`;

  it('lets a province administrator manage its own province, and nothing of another', async () => {
    assert.equal(
      (await create('hanoi.quantri', department('000.00.60.H01', '000.00.00.H01', '01'))).statusCode,
      201,
    );
    assert.equal(
      (await create('hanoi.quantri', department('000.00.60.H40', '000.00.00.H40', '40'))).statusCode,
      403,
    );
    const rename = await who['hanoi.quantri']!.call(
      'PATCH',
      `/api/v1/agencies/${centreOf(ngheanCommune, '40')}`,
      {
        name: 'Đổi tên trái phép',
      },
    );
    assert.equal(rename.statusCode, 403);
    const own = await who['hanoi.quantri']!.call(
      'PATCH',
      `/api/v1/agencies/${centreOf(hanoiCommune, '01')}`,
      {
        name: 'Trung tâm Phục vụ hành chính công (đổi tên)',
      },
    );
    assert.equal(own.statusCode, 200, own.body);
  });

  it('refuses to move an agency under a parent outside the reach, or to register one in another province', async () => {
    const move = await who['hanoi.quantri']!.call('PATCH', '/api/v1/agencies/000.00.60.H01', {
      parentCode: '000.00.00.H40',
    });
    assert.equal(move.statusCode, 403);
    // A commune centre of Nghệ An hung under Hà Nội's committee: the parent is in reach, the place is not.
    const slipped = await create('hanoi.quantri', {
      code: '999.99.51.H01',
      name: 'Trung tâm lạc tỉnh',
      kind: 'commune_service_center',
      parentCode: '000.00.00.H01',
      adminUnitCode: ngheanCommune,
    });
    assert.notEqual(slipped.statusCode, 201);
    const parent = (
      await s.app.inject({ method: 'GET', url: '/api/v1/agencies/000.00.60.H01' })
    ).json<AgencyDetail>();
    assert.equal(parent.parentCode, '000.00.00.H01', 'nothing moved');
  });

  it("keeps the province's administrator off the ministries, the vertical agencies and the top of the tree", async () => {
    assert.equal(
      (
        await create('hanoi.quantri', {
          code: '000.00.03.G09',
          name: 'Cục thử nghiệm',
          kind: 'ministry_unit',
          parentCode: '000.00.00.G09',
          adminUnitCode: '01',
        })
      ).statusCode,
      403,
    );
    const tax = await who['hanoi.quantri']!.call('PATCH', '/api/v1/agencies/001.00.01.G08', {
      name: 'Thuế đổi tên',
    });
    assert.equal(tax.statusCode, 403, 'a vertical agency in Hà Nội is not Hà Nội’s');
    assert.equal(
      (
        await create('hanoi.quantri', {
          code: '000.00.00.G99',
          name: 'Bộ thử nghiệm',
          kind: 'ministry',
          parentCode: null,
          adminUnitCode: '01',
        })
      ).statusCode,
      403,
    );
  });

  it("lets a ministry administrator manage its ministry's units only", async () => {
    const unit = (code: string, parentCode: string) => ({
      code,
      name: `Cục thử nghiệm ${code}`,
      kind: 'ministry_unit',
      parentCode,
      adminUnitCode: '01',
    });
    assert.equal((await create('botuphap.quantri', unit('000.00.05.G09', '000.00.00.G09'))).statusCode, 201);
    assert.equal((await create('botuphap.quantri', unit('000.00.05.G06', '000.00.00.G06'))).statusCode, 403);
    assert.equal(
      (await create('botuphap.quantri', department('000.00.61.H01', '000.00.00.H01', '01'))).statusCode,
      403,
    );
  });

  it('refuses every change from those who administer no register: a commune administrator, an official, the public', async () => {
    for (const name of ['badinh.quantri', 'hanoi.motcua'])
      assert.equal(
        (await create(name, department('000.00.62.H01', '000.00.00.H01', '01'))).statusCode,
        403,
        name,
      );
    const anonymous = await s.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      payload: department('000.00.62.H01', '000.00.00.H01', '01'),
    });
    assert.ok([401, 403].includes(anonymous.statusCode), String(anonymous.statusCode));
    const upload = await postFile(s.app, who['hanoi.motcua']!, '/api/v1/agencies/import?dryRun=true', {
      name: 'a.csv',
      bytes: Buffer.from('Mã định danh,Tên cơ quan,Loại,Mã đơn vị hành chính,Hiệu lực từ\n'),
    });
    assert.equal(upload.statusCode, 403);
  });

  it("imports only the rows within the importer's reach, refusing the others by row", async () => {
    const file = [
      'Mã định danh,Tên cơ quan,Loại,Mã cơ quan cấp trên,Mã đơn vị hành chính,Hiệu lực từ',
      '000.00.63.H01,Sở A thành phố Hà Nội,department,000.00.00.H01,01,2025-07-01',
      '000.00.63.H40,Sở A tỉnh Nghệ An,department,000.00.00.H40,40,2025-07-01',
    ].join('\n');
    const res = await postFile(s.app, who['hanoi.quantri']!, '/api/v1/agencies/import?dryRun=false', {
      name: 'a.csv',
      bytes: Buffer.from(file),
    });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json<RegisterReport>();
    assert.equal(report.created, 1);
    assert.deepEqual(
      report.refused.map((r) => r.row),
      [3],
    );
    assert.equal(
      (await s.app.inject({ method: 'GET', url: '/api/v1/agencies/000.00.63.H40' })).statusCode,
      404,
    );
  });
});
