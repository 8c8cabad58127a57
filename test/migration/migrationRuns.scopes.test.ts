import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signIn, seedStaff } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { testEngine } from '../support/testDatabase.js';

/**
 * Who follows a province's take-over (issue 20): those who manage the register of that province —
 * the system's administrators (every province) and the province's own administrators. The oracle
 * is that rule, over one run in Nghệ An (40) and one in Hà Nội (01): nobody else sees either,
 * neither a commune's administrator, nor a ministry's, nor an official who works dossiers.
 */
describe(`migration runs: who sees which (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    const db = s.db.database.db;
    await seedStaff(db);
    const now = new Date();
    for (const province of ['40', '01'])
      await db
        .insertInto('migration_run')
        .values({
          province,
          source: `/exports/${province}`,
          started_at: now,
          updated_at: now,
          state: 'importing',
        })
        .execute();
  });
  after(() => s.close());

  const seen = async (username: string) => {
    const who = await signIn(s.app, username);
    const res = await who.call('GET', '/api/v1/migration/runs');
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { items: { province: string; export: string }[] }).items
      .map((r) => r.province)
      .sort();
  };

  it('the system administrator sees every province; a province administrator only their own', async () => {
    assert.deepEqual(await seen('quantri'), ['01', '40']);
    assert.deepEqual(await seen('nghean.quantri'), ['40']);
    assert.deepEqual(await seen('hanoi.quantri'), ['01']);
  });

  it('nobody else sees a run', async () => {
    for (const u of [
      'botuphap.quantri',
      'botuphap.giamsat',
      'hanoi.motcua',
      'hanoi.lanhdao',
      'nghean.giamsat',
    ])
      assert.deepEqual(await seen(u), [], u);
    const { rows } = await import('kysely').then(({ sql }) =>
      sql<{ username: string }>`SELECT a.username FROM account a JOIN role_grant g ON g.account_id = a.id
        WHERE g.role = 'commune_admin' ORDER BY a.username LIMIT 1`.execute(s.db.database.db),
    );
    assert.ok(rows[0]);
    assert.deepEqual(await seen(rows[0].username), []);
  });

  it('the server path of an export is not shown, only its folder name', async () => {
    const who = await signIn(s.app, 'quantri');
    const res = await who.call('GET', '/api/v1/migration/runs');
    assert.ok(!res.body.includes('/exports/'));
  });

  it('an anonymous request is refused', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/migration/runs' });
    assert.equal(res.statusCode, 401);
  });
});
