import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import type { Problem } from '../../src/contracts/common.js';
import type { Workflow } from '../../src/contracts/workflow.js';
import type { WorkflowStep } from '../../src/domain/catalog/workflow.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn } from '../../fixtures/staff.js';

/** Receipt → appraisal → approval → return for "Đăng ký thường trú" (7 working days = 56 hours). */
const steps: WorkflowStep[] = [
  {
    code: 'TN',
    name: 'Tiếp nhận hồ sơ',
    role: 'receiver',
    place: 'counter',
    hours: 4,
    dvcqgStatus: 2,
    kind: 'receipt',
    moves: [{ to: 'TD', kind: 'next' }],
  },
  {
    code: 'TD',
    name: 'Thẩm định',
    role: 'processor',
    place: 'specialist',
    hours: 32,
    dvcqgStatus: 4,
    kind: 'work',
    moves: [{ to: 'PD', kind: 'next' }],
  },
  {
    code: 'PD',
    name: 'Phê duyệt',
    role: 'leader',
    place: 'leader',
    hours: 8,
    dvcqgStatus: 4,
    kind: 'work',
    moves: [
      { to: 'TK', kind: 'next' },
      { to: 'TD', kind: 'back' },
    ],
  },
  {
    code: 'TK',
    name: 'Trả kết quả',
    role: 'receiver',
    place: 'counter',
    hours: 4,
    dvcqgStatus: 9,
    kind: 'result',
    moves: [],
  },
];
const url = '/api/v1/procedures/VD.000006/versions/1/workflow';

describe(`workflow templates (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db));
  });
  after(() => s.close());

  it('lets the owning ministry save revisions, and shows the one in force', async () => {
    await s.db.database.db
      .insertInto('account')
      .values({
        username: 'bocongan.quantri',
        full_name: 'Quản trị Bộ Công an',
        search_name: 'x',
        agency_code: '000.00.00.G15',
        position: null,
        phone: null,
        email: null,
        valid_from: '2025-07-01',
        valid_to: null,
        password_hash: 'x',
        totp_secret: null,
        totp_pending_secret: null,
      })
      .execute();
    const system = await signIn(s.app, 'quantri');
    const first = await system.call('PUT', url, { steps });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(
      [
        first.json<Workflow>().revision,
        first.json<Workflow>().allottedHours,
        first.json<Workflow>().legalHours,
      ],
      [1, 48, 56],
    );
    const second = await system.call('PUT', url, {
      steps: steps.map((x) => (x.code === 'TD' ? { ...x, hours: 24 } : x)),
    });
    assert.equal(second.json<Workflow>().revision, 2);
    const current = await system.call('GET', url);
    assert.equal(current.json<Workflow>().allottedHours, 40);
  });

  it('refuses an invalid template with Vietnamese field errors, saving nothing', async () => {
    const system = await signIn(s.app, 'quantri');
    const tooLong = steps.map((x) => (x.code === 'TD' ? { ...x, hours: 60 } : x));
    const res = await system.call('PUT', url, { steps: tooLong });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json<Problem>().errors, [
      { field: 'body.steps', message: 'Tổng thời gian các bước vượt thời hạn giải quyết theo quy định' },
    ]);
    const noReceipt = await system.call('PUT', url, {
      steps: steps.map((x) => (x.code === 'TN' ? { ...x, role: 'leader' } : x)),
    });
    assert.ok(noReceipt.json<Problem>().errors?.some((e) => e.field === 'body.steps[0].role'));
    assert.equal((await system.call('GET', url)).json<Workflow>().revision, 2);
  });

  it('keeps other ministries and local administrators out', async () => {
    const justice = await signIn(s.app, 'botuphap.quantri');
    assert.equal(
      (await justice.call('PUT', url, { steps })).statusCode,
      403,
      'residence belongs to Bộ Công an',
    );
    assert.equal(
      (
        await justice.call('PUT', '/api/v1/procedures/1.001193/versions/1/workflow', {
          steps: steps.map((x) => ({ ...x, hours: 1 })),
        })
      ).statusCode,
      200,
    );
    const province = await signIn(s.app, 'hanoi.quantri');
    assert.equal((await province.call('PUT', url, { steps })).statusCode, 403);
    assert.equal((await s.app.inject({ method: 'GET', url })).statusCode, 401);
    assert.equal(
      (await province.call('GET', '/api/v1/procedures/VD.000006/versions/9/workflow')).statusCode,
      404,
    );
  });
});
