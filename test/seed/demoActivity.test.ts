import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createAppContext } from '../../src/app/context.js';
import { checkIndicators } from '../../src/app/reports/indicatorCheck.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedDemoSystem } from '../../src/seed/demoSystem.js';
import { DemoRefused, generateDemoActivity } from '../../src/seed/demo/activity.js';
import { createSeededDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

/** Two weeks ending on a Friday afternoon, two dossiers per procedure and desk a day: small, but every path. */
const size = { seed: 7, days: 14, perDay: 2, until: new Date('2026-11-20T16:00:00+07:00') };

async function demoDatabase(): Promise<TestDatabase> {
  const t = await createSeededDatabase();
  await seedCatalog(createAppContext(t.database.db, { now: () => new Date('2026-01-01') }));
  await seedDemoSystem(t.database.db, new Date('2026-01-01'));
  return t;
}

/** What a person would compare: each dossier's code, applicant, status and how many actions it took. */
const fingerprint = async (t: TestDatabase) =>
  (
    await t.database.db
      .selectFrom('dossier')
      .select(['code', 'applicant_name', 'status', 'version'])
      .orderBy('code')
      .execute()
  ).map((d) => `${d.code} ${d.applicant_name} ${d.status} ${d.version}`);

describe(`the living demo (${testEngine})`, () => {
  let a: TestDatabase;
  before(async () => {
    a = await demoDatabase();
  });
  after(() => a.drop());

  it('lives two weeks through the use cases: received, handled, late, refused, paid, returned, rated', async () => {
    const summary = await generateDemoActivity(a.database.db, size);
    const db = a.database.db;
    assert.ok(summary.dossiers >= 100, `only ${summary.dossiers} dossiers`);
    const count = async (where: ReturnType<typeof sql<boolean>>) =>
      Number(
        (await sql<{ n: string }>`SELECT count(*)::text AS n FROM dossier d WHERE ${where}`.execute(db))
          .rows[0]?.n,
      );
    assert.equal(await count(sql`true`), summary.dossiers);
    // Every dossier's log opens with its submission and its version counts the commands after it:
    // nothing was written beside the use cases.
    assert.equal(
      await count(sql`d.version <> (SELECT count(*) - 1 FROM dossier_action x WHERE x.dossier_id = d.id)`),
      0,
    );
    assert.equal(
      await count(
        sql`(SELECT x.type FROM dossier_action x WHERE x.dossier_id = d.id ORDER BY x.seq LIMIT 1) <> 'submit'`,
      ),
      0,
    );
    // Every channel, and what a month at a one-stop centre brings.
    for (const channel of [1, 2, 3])
      assert.ok((await count(sql`d.channel = ${channel}`)) > 0, `channel ${channel}`);
    for (const status of [3, 4, 10])
      assert.ok((await count(sql`d.status = ${status}`)) > 0, `status ${status}`);
    const kinds = await sql<{ type: string }>`SELECT DISTINCT type FROM dossier_action`.execute(db);
    for (const type of [
      'request_supplement',
      'receive_supplement',
      'request_payment',
      'record_payment',
      'return_to_step',
      'withdraw',
      'refuse',
    ])
      assert.ok(
        kinds.rows.some((k) => k.type === type),
        `no ${type}`,
      );
    // Late and on time, both, as the dossiers' own verdicts say.
    const verdicts = await sql<{ v: string }>`
      SELECT DISTINCT x.data->>'dossierVerdict' AS v FROM dossier_action x WHERE x.type = 'issue_result'`.execute(
      db,
    );
    assert.deepEqual(new Set(verdicts.rows.map((r) => r.v)).has('late'), true);
    assert.ok(verdicts.rows.some((r) => r.v === 'on_time' || r.v === 'before_due'));
    // Ratings and feedback by the applicants, difficulties by officials.
    const ratings = await db
      .selectFrom('dossier_rating')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(ratings.n), summary.ratings);
    assert.ok(summary.ratings > 0 && summary.difficulties > 0);
    // Online dossiers and every move reached the portal's queue; the sums equal a recount from the log.
    const toPortal = await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM outbox_message WHERE destination = 'dvcqg'`.execute(db);
    assert.ok(Number(toPortal.rows[0]?.n) >= summary.actions);
    const check = await checkIndicators(createAppContext(db));
    assert.equal(check.equal, true, JSON.stringify(check.tables));
    // Nothing after the end: no action is dated later than `until`.
    const last = await sql<{ at: Date }>`SELECT max(at) AS at FROM dossier_action`.execute(db);
    assert.ok(new Date(last.rows[0]!.at) <= size.until);
  });

  it('is the same from the same seed, and refuses a system that already holds dossiers or real accounts', async () => {
    const b = await demoDatabase();
    try {
      await generateDemoActivity(b.database.db, size);
      assert.deepEqual(await fingerprint(b), await fingerprint(a));
      // A second run would mix invented dossiers into existing ones.
      await assert.rejects(generateDemoActivity(b.database.db, size), DemoRefused);
    } finally {
      await b.drop();
    }
    const c = await demoDatabase();
    try {
      await c.database.db
        .updateTable('account')
        .set({ username: 'nguyenvana' })
        .where('username', '=', 'hanoi.motcua')
        .execute();
      await assert.rejects(generateDemoActivity(c.database.db, size), /nguyenvana/);
      assert.deepEqual(await fingerprint(c), []);
      const other = await demoDatabase();
      try {
        await generateDemoActivity(other.database.db, { ...size, days: 3, seed: 8 });
        assert.notDeepEqual(await fingerprint(other), await fingerprint(a));
      } finally {
        await other.drop();
      }
    } finally {
      await c.drop();
    }
  });
});
