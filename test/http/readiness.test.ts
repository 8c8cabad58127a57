import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { oneDayCommuneSteps } from '../../fixtures/workflows.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';

const steps = oneDayCommuneSteps;
interface Board {
  provinces: { code: string }[];
  rows: { code: string; cells: Record<string, { ready: boolean; failing: string[] }> }[];
}

describe(`readiness board (${testEngine})`, () => {
  let s: TestServer;
  let admin: Signed;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db));
    const system = await signIn(s.app, 'quantri');
    assert.equal(
      (await system.call('PUT', '/api/v1/procedures/1.001193/versions/1/workflow', { steps })).statusCode,
      200,
    );
    admin = await signIn(s.app, 'hanoi.quantri');
    const rule = steps.map((x) => ({ stepCode: x.code, agencyKind: 'commune_service_center' }));
    assert.equal(
      (await admin.call('PUT', '/api/v1/procedures/1.001193/versions/1/bindings/01', { steps: rule }))
        .statusCode,
      200,
    );
  });
  after(() => s.close());

  const board = async () => {
    const res = await admin.call('GET', '/api/v1/readiness');
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Board>();
  };
  const cell = (b: Board, code: string, province: string) =>
    b.rows.find((r) => r.code === code)?.cells[province];

  it('covers every procedure in every province and says what is missing', async () => {
    const b = await board();
    assert.equal(b.provinces.length, 34);
    assert.ok(b.rows.length >= 25);
    assert.deepEqual(cell(b, '1.001193', '01'), { ready: false, failing: ['staffed'] });
    assert.deepEqual(cell(b, '1.001193', '40'), { ready: false, failing: ['bound', 'staffed'] });
    assert.deepEqual(cell(b, 'VD.000002', '01'), { ready: false, failing: ['workflow', 'bound', 'staffed'] });
  });

  it('turns a province green once every commune centre has its receiver, processor and leader', async () => {
    const db = s.db.database.db;
    // The direct count the board must agree with: Hà Nội commune centres lacking any of the roles.
    const lacking = async () =>
      (
        await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM agency a JOIN admin_unit u ON u.code = a.admin_unit_code AND u.parent_code = '01'
          WHERE a.kind = 'commune_service_center' AND (
            SELECT count(DISTINCT g.role) FROM role_grant g JOIN account ac ON ac.id = g.account_id
            WHERE g.agency_code = a.code AND g.revoked_at IS NULL AND ac.active AND g.role IN ('receiver', 'processor', 'leader')) < 3`.execute(
          db,
        )
      ).rows[0]?.n;
    assert.equal(await lacking(), 124, 'only Ba Đình and Ngọc Hà are staffed by the demo');
    const centres = await sql<{ code: string }>`
      SELECT a.code FROM agency a JOIN admin_unit u ON u.code = a.admin_unit_code AND u.parent_code = '01'
      WHERE a.kind = 'commune_service_center' AND a.code NOT IN ('000.04.51.H01', '000.08.51.H01')`.execute(
      db,
    );
    for (const [i, { code }] of centres.rows.entries()) {
      for (const role of ['receiver', 'processor', 'leader'] as const) {
        const { id } = await db
          .insertInto('account')
          .values({
            username: `hn${i}.${role}`,
            full_name: 'Cán bộ',
            search_name: 'can bo',
            agency_code: code,
            position: null,
            phone: null,
            email: null,
            valid_from: '2025-07-01',
            valid_to: null,
            password_hash: 'x',
            totp_secret: null,
            totp_pending_secret: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('role_grant')
          .values({
            account_id: id,
            role,
            agency_code: code,
            sectors: null,
            valid_from: new Date('2025-07-01'),
            valid_to: null,
            delegated_by: null,
            reason: null,
            granted_by: null,
            revoked_at: null,
            revoked_by: null,
          })
          .execute();
      }
    }
    assert.equal(await lacking(), 0);
    const t = performance.now();
    const b = await board();
    const ms = performance.now() - t;
    assert.deepEqual(cell(b, '1.001193', '01'), { ready: true, failing: [] });
    assert.deepEqual(cell(b, '1.001193', '40'), { ready: false, failing: ['bound', 'staffed'] });
    console.log(`# readiness board ${b.rows.length}×${b.provinces.length} answered in ${ms.toFixed(0)} ms`);
  });

  it('is for signed-in officials only', async () => {
    assert.equal((await s.app.inject({ method: 'GET', url: '/api/v1/readiness' })).statusCode, 401);
  });
});
