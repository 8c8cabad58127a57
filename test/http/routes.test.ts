import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createAppContext } from '../../src/app/context.js';
import type { Problem } from '../../src/contracts/common.js';
import { routeAt, type RouteEntry } from '../../src/domain/catalog/deploymentRoute.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn } from '../../fixtures/staff.js';

describe('routeAt', () => {
  it('is the latest entry that had begun, whatever the order of the history', () => {
    const entry = fc.record({
      mode: fc.constantFrom('central', 'provincial', 'pilot' as const),
      effectiveFrom: fc.date({
        min: new Date('2025-01-01'),
        max: new Date('2027-01-01'),
        noInvalidDate: true,
      }),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 8 }),
        fc.date({ min: new Date('2024-06-01'), max: new Date('2027-06-01'), noInvalidDate: true }),
        (history: RouteEntry[], at) => {
          const begun = history.filter((h) => h.effectiveFrom <= at);
          const latest = Math.max(...begun.map((h) => h.effectiveFrom.getTime()));
          const found = routeAt(history, at);
          if (begun.length === 0) assert.equal(found, null);
          else assert.equal(found?.effectiveFrom.getTime(), latest);
        },
      ),
    );
  });
});

describe(`deployment routes (${testEngine})`, () => {
  let s: TestServer;
  let clock = new Date('2026-11-24T03:00:00Z');
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000, now: () => clock });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db, { now: () => clock }));
  });
  after(() => s.close());

  const resolve = async (at: string) =>
    (
      await s.app.inject({
        method: 'GET',
        url: `/api/v1/routes/resolve?procedure=1.001193&commune=00004&at=${encodeURIComponent(at)}`,
      })
    ).json<{ mode: string; central: boolean; provinceCode: string }>();

  it('sends dossiers to the province until the ministry moves the procedure, and never rewrites the past', async () => {
    const justice = await signIn(s.app, 'botuphap.quantri', clock);
    assert.deepEqual(await resolve('2026-11-24T10:00:00+07:00'), {
      procedureCode: '1.001193',
      communeCode: '00004',
      provinceCode: '01',
      mode: 'provincial',
      central: false,
      effectiveFrom: null,
    });
    const pilot = await justice.call('PUT', '/api/v1/procedures/1.001193/routes/01', { mode: 'pilot' });
    assert.equal(pilot.statusCode, 204, pilot.body);
    // No workflow is bound here: the go-live gate would refuse; the ministry's leader decides it.
    const goLive = await (
      await signIn(s.app, 'botuphap.lanhdao', clock)
    ).call('PUT', '/api/v1/procedures/1.001193/routes/01', {
      mode: 'central',
      effectiveFrom: '2026-12-01T00:00:00+07:00',
      note: 'Chính thức',
      override: { reason: 'Kiểm thử lịch sử tuyến triển khai' },
    });
    assert.equal(goLive.statusCode, 204);

    assert.equal((await resolve('2026-11-24T09:00:00+07:00')).mode, 'provincial', 'before the pilot began');
    assert.equal((await resolve('2026-11-25T09:00:00+07:00')).mode, 'pilot');
    assert.deepEqual((await resolve('2026-12-01T08:00:00+07:00')).central, true);

    const past = await justice.call('PUT', '/api/v1/procedures/1.001193/routes/01', {
      mode: 'provincial',
      effectiveFrom: '2026-11-01T00:00:00+07:00',
    });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json<Problem>().errors?.[0]?.field, 'body.effectiveFrom');

    const list = (await s.app.inject({ method: 'GET', url: '/api/v1/procedures/1.001193/routes' })).json<{
      items: { provinceCode: string; mode: string; upcoming: unknown[] }[];
    }>();
    assert.equal(list.items.length, 34);
    const hanoi = list.items.find((r) => r.provinceCode === '01');
    assert.equal(hanoi?.mode, 'pilot');
    assert.equal(hanoi?.upcoming.length, 1);
    clock = new Date('2026-12-02T03:00:00Z');
    const later = (await s.app.inject({ method: 'GET', url: '/api/v1/procedures/1.001193/routes' })).json<{
      items: { provinceCode: string; mode: string }[];
    }>();
    assert.equal(later.items.find((r) => r.provinceCode === '01')?.mode, 'central');
    assert.equal(later.items.find((r) => r.provinceCode === '40')?.mode, 'provincial');
  });

  it('lets only the owning ministry set routes', async () => {
    const province = await signIn(s.app, 'hanoi.quantri', clock);
    assert.equal(
      (await province.call('PUT', '/api/v1/procedures/1.001193/routes/01', { mode: 'central' })).statusCode,
      403,
    );
    const justice = await signIn(s.app, 'botuphap.quantri', clock);
    assert.equal(
      (await justice.call('PUT', '/api/v1/procedures/VD.000006/routes/01', { mode: 'central' })).statusCode,
      403,
      'residence is Bộ Công an’s',
    );
    assert.equal(
      (
        await s.app.inject({
          method: 'PUT',
          url: '/api/v1/procedures/1.001193/routes/01',
          payload: { mode: 'central' },
        })
      ).statusCode,
      401,
    );
  });

  it('computes the completion table from the routes in force, agreeing with a direct count', async () => {
    // Switched by the ministry's leader over the go-live gate (nothing is bound in these provinces).
    const justice = await signIn(s.app, 'botuphap.lanhdao', clock);
    for (const p of (
      await s.db.database.db.selectFrom('admin_unit').select('code').where('level', '=', 'province').execute()
    ).map((r) => r.code)) {
      await justice.call('PUT', `/api/v1/procedures/VD.000002/routes/${p}`, {
        mode: 'central',
        override: { reason: 'Kiểm thử bảng tỷ lệ triển khai' },
      });
    }
    const table = (await s.app.inject({ method: 'GET', url: '/api/v1/reports/completion' })).json<{
      items: {
        ministry: { code: string };
        required: number;
        deployed: number;
        started: number;
        percent: number | null;
        flagged: boolean;
      }[];
    }>();
    const row = table.items.find((r) => r.ministry.code === '000.00.00.G09');
    const required = (
      await s.db.database.db
        .selectFrom('procedure')
        .select('code')
        .where('ministry_code', '=', '000.00.00.G09')
        .execute()
    ).length;
    // Hà Nội alone is central for 1.001193 (started); VD.000002 is central everywhere (deployed).
    assert.deepEqual(row && [row.required, row.deployed, row.started, row.flagged], [required, 1, 2, false]);
    assert.equal(row?.percent, Math.round((1 * 10000) / required) / 100);
    const xlsx = await s.app.inject({ method: 'GET', url: '/api/v1/reports/completion.xlsx' });
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK', 'a zip (xlsx) file');
  });

  it('answers 404 for an unknown commune or procedure', async () => {
    assert.equal(
      (await s.app.inject({ method: 'GET', url: '/api/v1/routes/resolve?procedure=1.001193&commune=99999' }))
        .statusCode,
      404,
    );
    assert.equal(
      (await s.app.inject({ method: 'GET', url: '/api/v1/routes/resolve?procedure=VD.999999&commune=00004' }))
        .statusCode,
      404,
    );
  });
});
