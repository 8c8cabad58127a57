import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import type { VersionView } from '../../src/contracts/catalog.js';
import type { Problem } from '../../src/contracts/common.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';

// Cấp Phiếu lý lịch tư pháp (example code), owned by Bộ Tư pháp, published as version 1.
const code = 'VD.000005';

describe(`version editor (${testEngine})`, () => {
  let s: TestServer;
  let ministry: Signed;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db));
    ministry = await signIn(s.app, 'botuphap.quantri');
  });
  after(() => s.close());

  const auditCount = async (action: string) =>
    (
      await s.db.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n;

  it('lets only the owning ministry open a draft, and only one at a time', async () => {
    const province = await signIn(s.app, 'hanoi.quantri');
    assert.equal((await province.call('POST', `/api/v1/procedures/${code}/versions`)).statusCode, 403);
    assert.equal(
      (await s.app.inject({ method: 'POST', url: `/api/v1/procedures/${code}/versions` })).statusCode,
      401,
    );
    // Another ministry's procedure (Bộ Công an) is outside Bộ Tư pháp's reach.
    assert.equal((await ministry.call('POST', `/api/v1/procedures/VD.000006/versions`)).statusCode, 403);

    const created = await ministry.call('POST', `/api/v1/procedures/${code}/versions`);
    assert.equal(created.statusCode, 201, created.body);
    const draft = created.json<VersionView>();
    assert.equal(draft.version, 2);
    assert.equal(draft.status, 'draft');
    assert.equal(draft.decision, null);
    const v1 = (await s.app.inject({ url: `/api/v1/procedures/${code}/versions/1` })).json<VersionView>();
    assert.deepEqual(draft.content, v1.content);

    const again = await ministry.call('POST', `/api/v1/procedures/${code}/versions`);
    assert.equal(again.statusCode, 409);
    assert.match(again.json<Problem>().detail ?? '', /phiên bản 2/);

    // A draft is not public.
    assert.equal((await s.app.inject({ url: `/api/v1/procedures/${code}/versions/2` })).statusCode, 404);
    assert.equal((await province.call('GET', `/api/v1/procedures/${code}/versions/2`)).statusCode, 404);
    assert.equal((await ministry.call('GET', `/api/v1/procedures/${code}/versions/2`)).statusCode, 200);
    const found = (await ministry.call('GET', `/api/v1/procedures/${code}/draft`)).json<{
      draft: VersionView | null;
    }>();
    assert.equal(found.draft?.version, 2);
    assert.equal(await auditCount('version.drafted'), 1);
  });

  it('saves a draft only when every rule holds, with field-level errors', async () => {
    const draft = (await ministry.call('GET', `/api/v1/procedures/${code}/versions/2`)).json<VersionView>();
    const broken = {
      ...draft.content,
      components: draft.content.components.map((c, i) =>
        i === 0 ? { ...c, name: ' ', eformSchema: null } : c,
      ),
      results: [],
    };
    const bad = await ministry.call('PUT', `/api/v1/procedures/${code}/versions/2`, broken);
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
    const problem = bad.json<Problem>();
    assert.equal(problem.title, 'Dữ liệu gửi lên không hợp lệ');
    const fields = (problem.errors ?? []).map((e) => e.field);
    assert.ok(fields.includes('body.components[0].name'), fields.join());
    assert.ok(fields.includes('body.results'), fields.join());
    // Nothing was half-written.
    const unchanged = (
      await ministry.call('GET', `/api/v1/procedures/${code}/versions/2`)
    ).json<VersionView>();
    assert.deepEqual(unchanged.content, draft.content);

    const edited = {
      ...draft.content,
      time: { direct: { amount: 8, unit: 'working_days' }, online: { amount: 7, unit: 'working_days' } },
    };
    const ok = await ministry.call('PUT', `/api/v1/procedures/${code}/versions/2`, edited);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json<VersionView>().content.time.online.amount, 7);
    const edits = await auditCount('version.edited');
    // Saving the same content again changes nothing and records nothing.
    assert.equal(
      (await ministry.call('PUT', `/api/v1/procedures/${code}/versions/2`, edited)).statusCode,
      200,
    );
    assert.equal(await auditCount('version.edited'), edits);
  });

  it('publishes under a decision, supersedes the version in force, and then refuses edits', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const future = await ministry.call('POST', `/api/v1/procedures/${code}/versions/2/publish`, {
      decision: { number: '123/QĐ-BTP', date: today },
      effectiveFrom: '2099-01-01',
    });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json<Problem>().errors?.[0]?.field, 'body.effectiveFrom');

    const province = await signIn(s.app, 'hanoi.quantri');
    const decision = { decision: { number: '123/QĐ-BTP', date: today }, effectiveFrom: today };
    assert.equal(
      (await province.call('POST', `/api/v1/procedures/${code}/versions/2/publish`, decision)).statusCode,
      403,
    );
    const published = await ministry.call('POST', `/api/v1/procedures/${code}/versions/2/publish`, decision);
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json<VersionView>().status, 'published');

    const detail = (await s.app.inject({ url: `/api/v1/procedures/${code}` })).json<{
      versions: VersionView[];
    }>();
    assert.deepEqual(
      detail.versions.map((v) => [v.version, v.status, v.effectiveTo]),
      [
        [2, 'published', null],
        [1, 'superseded', today],
      ],
    );
    const twice = await ministry.call('POST', `/api/v1/procedures/${code}/versions/2/publish`, decision);
    assert.equal(twice.statusCode, 409);
    const edit = await ministry.call(
      'PUT',
      `/api/v1/procedures/${code}/versions/2`,
      detail.versions[0]?.content,
    );
    assert.equal(edit.statusCode, 409);
    assert.equal(await auditCount('version.published'), 1);

    // The export carries the new version and re-importing it changes nothing.
    const exported = (await s.app.inject({ url: '/api/v1/catalog/export' })).json<{ code: string }[]>();
    const record = exported.find((r) => r.code === code);
    const reimport = await ministry.call('POST', '/api/v1/catalog/import', [record]);
    assert.equal(reimport.json<{ outcomes: { outcome: string }[] }>().outcomes[0]?.outcome, 'unchanged');
  });
});
