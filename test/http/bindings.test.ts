import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import type { Problem } from '../../src/contracts/common.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { oneDayCommuneSteps } from '../../fixtures/workflows.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';

/** Birth registration (1 working day = 8 hours), all at the commune. */
const steps = oneDayCommuneSteps;
const base = '/api/v1/procedures/1.001193/versions/1';
const everyCommuneCentre = steps.map((s) => ({
  stepCode: s.code,
  agencyKind: 'commune_service_center',
  ...(s.code === 'PD' ? { hours: 1 } : {}),
}));

interface Bound {
  stepCode: string;
  agency: { code: string; name: string } | null;
  hours: number;
  source: string;
}

describe(`local binding of workflows (${testEngine})`, () => {
  let s: TestServer;
  let province: Signed;
  let commune: Signed;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db));
    const system = await signIn(s.app, 'quantri');
    assert.equal((await system.call('PUT', `${base}/workflow`, { steps })).statusCode, 200);
    province = await signIn(s.app, 'hanoi.quantri');
    commune = await signIn(s.app, 'badinh.quantri');
  });
  after(() => s.close());

  const resolve = async (communeCode: string) => {
    const res = await province.call('GET', `${base}/bindings/resolve?commune=${communeCode}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ items: Bound[] }>().items;
  };

  it('binds all 126 communes of a province with one rule by agency kind', async () => {
    const res = await province.call('PUT', `${base}/bindings/01`, { steps: everyCommuneCentre });
    assert.equal(res.statusCode, 200, res.body);
    const baDinh = await resolve('00004');
    assert.deepEqual(
      baDinh.map((b) => [b.stepCode, b.agency?.name, b.hours, b.source]),
      [
        ['TN', 'Trung tâm Phục vụ hành chính công phường Ba Đình', 1, 'province'],
        ['TD', 'Trung tâm Phục vụ hành chính công phường Ba Đình', 4, 'province'],
        ['PD', 'Trung tâm Phục vụ hành chính công phường Ba Đình', 1, 'province'],
        ['TK', 'Trung tâm Phục vụ hành chính công phường Ba Đình', 1, 'province'],
      ],
    );
    assert.equal(
      (await resolve('00008'))[0]?.agency?.name,
      'Trung tâm Phục vụ hành chính công phường Ngọc Hà',
    );
  });

  it('lets a commune override its own steps, and only its own', async () => {
    const override = await commune.call('PUT', `${base}/bindings/00004`, {
      steps: [{ stepCode: 'PD', agencyCode: '000.04.50.H01' }],
    });
    assert.equal(override.statusCode, 200, override.body);
    const baDinh = await resolve('00004');
    assert.deepEqual(baDinh.find((b) => b.stepCode === 'PD')?.agency, {
      code: '000.04.50.H01',
      name: 'Ủy ban nhân dân phường Ba Đình',
    });
    assert.equal(baDinh.find((b) => b.stepCode === 'PD')?.source, 'commune');
    assert.equal(
      (await resolve('00008')).find((b) => b.stepCode === 'PD')?.source,
      'province',
      'the sibling keeps the rule',
    );
    assert.equal(
      (
        await commune.call('PUT', `${base}/bindings/00008`, {
          steps: [{ stepCode: 'PD', agencyCode: '000.08.50.H01' }],
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await commune.call('PUT', `${base}/bindings/01`, { steps: everyCommuneCentre })).statusCode,
      403,
    );
  });

  it('keeps a province administrator out of another province', async () => {
    assert.equal(
      (await province.call('PUT', `${base}/bindings/40`, { steps: everyCommuneCentre })).statusCode,
      403,
    );
  });

  it('refuses to lengthen a step, to bind outside the area, or an override by kind', async () => {
    const longer = await province.call('PUT', `${base}/bindings/01`, {
      steps: everyCommuneCentre.map((b) => (b.stepCode === 'TD' ? { ...b, hours: 5 } : b)),
    });
    assert.equal(longer.statusCode, 400);
    assert.deepEqual(longer.json<Problem>().errors, [
      { field: 'body.steps[1].hours', message: 'Chỉ được rút ngắn, không được kéo dài thời gian của bước' },
    ]);
    const elsewhere = await province.call('PUT', `${base}/bindings/01`, {
      steps: everyCommuneCentre.map((b) =>
        b.stepCode === 'PD' ? { stepCode: 'PD', agencyCode: '000.00.01.H40' } : b,
      ),
    });
    assert.equal(elsewhere.statusCode, 400);
    const byKind = await commune.call('PUT', `${base}/bindings/00004`, {
      steps: [{ stepCode: 'PD', agencyKind: 'commune_committee' }],
    });
    assert.equal(byKind.statusCode, 400);
    const missing = await province.call('PUT', `${base}/bindings/01`, {
      steps: everyCommuneCentre.slice(0, 2),
    });
    assert.equal(missing.statusCode, 400);
  });

  it('reports steps nobody is bound to in a province without a rule', async () => {
    const res = await province.call('GET', `${base}/bindings/resolve?commune=16681`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.json<{ items: Bound[] }>().items.every((b) => b.source === 'unbound' && b.agency === null));
  });
});
