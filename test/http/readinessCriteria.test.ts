import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import type { Problem } from '../../src/contracts/common.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';

interface Board {
  criteria: { code: string; kind: string; active: boolean }[];
  rows: { code: string; cells: Record<string, { ready: boolean; failing: string[] }> }[];
}

describe(`readiness criteria set and manual ticks (${testEngine})`, () => {
  let s: TestServer;
  let system: Signed;
  let hanoi: Signed;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db));
    system = await signIn(s.app, 'quantri');
    hanoi = await signIn(s.app, 'hanoi.quantri');
  });
  after(() => s.close());

  const failing = async (procedure: string, province: string) => {
    const b = (await hanoi.call('GET', '/api/v1/readiness')).json<Board>();
    return b.rows.find((r) => r.code === procedure)?.cells[province]?.failing ?? [];
  };

  it('starts with the built-in criteria on and the manual ones off', async () => {
    const b = (await hanoi.call('GET', '/api/v1/readiness')).json<Board>();
    assert.deepEqual(
      b.criteria.map((c) => [c.code, c.kind, c.active]),
      [
        ['published', 'builtin', true],
        ['workflow', 'builtin', true],
        ['eform', 'builtin', true],
        ['bound', 'builtin', true],
        ['staffed', 'builtin', true],
        ['result_template', 'manual', false],
        ['portal_tested', 'manual', false],
      ],
    );
    assert.ok(!(await failing('1.001193', '01')).includes('portal_tested'));
  });

  it('lets only a system administrator shape the set', async () => {
    const body = { active: true };
    assert.equal((await hanoi.call('PUT', '/api/v1/readiness/criteria/portal_tested', body)).statusCode, 403);
    const on = await system.call('PUT', '/api/v1/readiness/criteria/portal_tested', body);
    assert.equal(on.statusCode, 200, on.body);
    const added = await system.call('PUT', '/api/v1/readiness/criteria/trained', {
      name: 'Đã tập huấn cán bộ',
      active: true,
    });
    assert.equal(added.statusCode, 200, added.body);
    const rename = await system.call('PUT', '/api/v1/readiness/criteria/staffed', {
      name: 'Khác',
      active: true,
    });
    assert.equal(rename.statusCode, 400);
    assert.deepEqual(await failing('1.001193', '01'), [
      'workflow',
      'bound',
      'staffed',
      'portal_tested',
      'trained',
    ]);
  });

  it('takes a tick with evidence from the province, and the latest tick counts', async () => {
    const url = '/api/v1/readiness/1.001193/01/attestations/portal_tested';
    const ok = await hanoi.call('PUT', url, { met: true, evidence: 'Biên bản kiểm thử số 12/BB-TTPVHCC' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(!(await failing('1.001193', '01')).includes('portal_tested'));
    assert.ok((await failing('1.001193', '40')).includes('portal_tested'));

    // Another province is outside Hà Nội's reach; a built-in criterion is never ticked by hand.
    const other = await hanoi.call('PUT', '/api/v1/readiness/1.001193/40/attestations/portal_tested', {
      met: true,
      evidence: 'x',
    });
    assert.equal(other.statusCode, 403);
    const builtin = await hanoi.call('PUT', '/api/v1/readiness/1.001193/01/attestations/staffed', {
      met: true,
      evidence: 'x',
    });
    assert.equal(builtin.statusCode, 400);
    assert.equal(builtin.json<Problem>().errors?.[0]?.field, 'params.criterion');
    const noEvidence = await hanoi.call('PUT', url, { met: true, evidence: '' });
    assert.equal(noEvidence.statusCode, 400);

    assert.equal(
      (await hanoi.call('PUT', url, { met: false, evidence: 'Lỗi khi đồng bộ lại' })).statusCode,
      200,
    );
    assert.ok((await failing('1.001193', '01')).includes('portal_tested'));
    const history = (await hanoi.call('GET', '/api/v1/readiness/1.001193/01/attestations')).json<{
      items: { revision: number; met: boolean; attestedBy: string }[];
    }>();
    assert.deepEqual(
      history.items.map((h) => [h.revision, h.met, h.attestedBy]),
      [
        [2, false, 'hanoi.quantri'],
        [1, true, 'hanoi.quantri'],
      ],
    );
  });
});
