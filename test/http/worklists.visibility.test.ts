import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { demoIntake } from '../../fixtures/intake.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

interface List {
  items: { code: string }[];
  total?: number;
  nextCursor: string | null;
}

/**
 * The visibility-wide worklists (DOMAIN: an official sees a dossier received, held or consulted on
 * by an agency they reach). Two Hà Nội dossiers are also seen by a Hà Nội department (as when it is
 * consulted): the province's monitor reaches both agencies and must find each dossier once, in the
 * list, its count and its pages; Nghệ An's monitor finds none; the department's mark alone does not
 * make a dossier visible in another province.
 */
describe(`visibility-wide worklists: once per dossier, only where seen (${testEngine})`, () => {
  let s: TestServer;
  let monitor: Signed;
  let outsider: Signed;
  const codes: string[] = [];
  const clock = new Date('2026-03-02T08:00:00+07:00');

  before(async () => {
    const first = await startWithDossier({}, clock);
    s = first.s;
    codes.push(first.code);
    const second = await first.receiver.call('POST', '/api/v1/dossiers', demoIntake());
    assert.equal(second.statusCode, 201, second.body);
    codes.push(second.json<{ code: string }>().code);
    const db = s.db.database.db;
    const department = await db
      .selectFrom('agency')
      .select('code')
      .where('kind', '=', 'department')
      .where('admin_unit_code', '=', '01')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    await sql`UPDATE dossier SET visible_to = visible_to || ${[department.code]}::text[]
      WHERE code = ANY(${codes}::text[])`.execute(db);
    monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    outsider = await signIn(s.app, 'nghean.giamsat', clock);
  });
  after(() => s.close());

  it('lists and counts each dossier once for an official who reaches two agencies that see it', async () => {
    const all = (await monitor.call('GET', '/api/v1/dossiers?queue=all')).json<List>();
    assert.equal(all.total, 2);
    assert.deepEqual(all.items.map((i) => i.code).sort(), [...codes].sort());
    const counts = (await monitor.call('GET', '/api/v1/dossiers/counts')).json<Record<string, number>>();
    assert.equal(counts['all'], 2);
  });

  it('pages through them one at a time, each once, and stops', async () => {
    const first = (await monitor.call('GET', '/api/v1/dossiers?queue=all&limit=1')).json<List>();
    assert.equal(first.items.length, 1);
    assert.ok(first.nextCursor);
    const second = (
      await monitor.call(
        'GET',
        `/api/v1/dossiers?queue=all&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`,
      )
    ).json<List>();
    assert.equal(second.items.length, 1);
    assert.equal(second.nextCursor, null);
    assert.deepEqual([first.items[0]!.code, second.items[0]!.code].sort(), [...codes].sort());
  });

  it('shows another province none of them, in any visibility-wide queue', async () => {
    for (const queue of ['all', 'overdue', 'due_soon', 'supplement']) {
      const list = (await outsider.call('GET', `/api/v1/dossiers?queue=${queue}`)).json<List>();
      assert.equal(list.total, 0, queue);
      assert.deepEqual(list.items, [], queue);
    }
  });
});
