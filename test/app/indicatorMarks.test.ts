import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type AppContext, createAppContext } from '../../src/app/context.js';
import { checkIndicators } from '../../src/app/reports/indicatorCheck.js';
import { countDirty } from '../../src/app/reports/countIndicators.js';
import { foldAllIndicators, foldIndicators } from '../../src/app/reports/foldIndicators.js';
import { indicatorRecords } from '../../src/app/reports/indicatorRecords.js';
import { dayOfIso } from '../../src/domain/calendar/localTime.js';
import { indicatorsOf, totalsOf } from '../../src/domain/reports/indicators.js';
import type { IndicatorReport } from '../../src/contracts/indicators.js';
import { demoIntake } from '../../fixtures/intake.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { actOn, startWithDossier } from '../support/dossierFixtures.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

/**
 * The indicator count runs outside the request: a change marks its dossier, the folding job counts
 * the marked ones. The rule held here is DOMAIN's (statistics reproducible from the processing log)
 * and the live views' promise: at every commit, counted or not yet, what a monitor reads is the
 * recount of every dossier's log.
 */
describe('indicator marks: counted after the request, exact before', () => {
  const clock = new Date('2026-03-02T08:30:00+07:00');
  const today = '2026-03-02';
  // From the month's first day: a whole month to date is answered from the sums.
  const monthStart = '2026-03-01';
  let s: TestServer;
  let ctx: AppContext;
  let receiver: Signed;
  let monitor: Signed;
  let first: string;
  before(async () => {
    ({ s, receiver, code: first } = await startWithDossier({ rateLimitPerMinute: 1e6 }, clock));
    ctx = createAppContext(s.db.database.db, { now: () => clock });
    monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    await foldAllIndicators(ctx);
  });
  after(() => s.close());

  const marked = async () =>
    (
      await sql<{ code: string }>`
        SELECT d.code FROM indicator_dirty x JOIN dossier d ON d.id = x.dossier_id ORDER BY d.code`.execute(
        ctx.db,
      )
    ).rows.map((r) => r.code);
  const recount = async () => {
    const all = await ctx.db.transaction().execute((tx) => indicatorRecords(tx, sql`true`));
    return indicatorsOf(
      totalsOf(all, { from: dayOfIso(monthStart) * 1440, to: (dayOfIso(today) + 1) * 1440 }),
    );
  };
  const live = async () => {
    const res = await monitor.call('GET', `/api/v1/reports/indicators?from=${monthStart}&to=${today}`);
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json<IndicatorReport>();
    assert.equal(report.source, 'sums');
    return report.indicators;
  };

  it('a change marks its dossier; the live view and the check already count it; the job counts it', async () => {
    assert.deepEqual(await marked(), [], 'folding counted the first dossier');
    const before = await live();
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012345'));
    assert.equal(res.statusCode, 201, res.body);
    const second = res.json<{ code: string }>().code;
    await actOn(receiver, first, { type: 'forward', toStep: 'TD' });
    assert.deepEqual(await marked(), [first, second].sort(), 'the intake and the forward each marked theirs');

    // Not counted yet: the live view is the recount, one more received than before.
    const now = await live();
    assert.deepEqual(now, await recount());
    assert.equal(now.received.total, before.received.total + 1);
    const check = await checkIndicators(ctx);
    assert.ok(check.equal, JSON.stringify(check, null, 1));
    assert.equal(check.dossiersDiffering, 0, 'a marked dossier is pending, not wrong');

    assert.equal(await countDirty(ctx), 2);
    assert.deepEqual(await marked(), []);
    assert.equal(await countDirty(ctx), 0);
    assert.deepEqual(await live(), now, 'counting changes nothing a monitor sees');
    await foldAllIndicators(ctx);
    assert.deepEqual(await live(), now, 'nor does folding');
    assert.ok((await checkIndicators(ctx)).equal);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM dossier d
      WHERE NOT EXISTS (SELECT 1 FROM dossier_indicator i WHERE i.dossier_id = d.id)`.execute(ctx.db);
    assert.equal(rows[0]?.n, 0, 'every dossier has its counted rows');
  });

  it('a counted dossier whose rows are wrong is still found by the check', async () => {
    await sql`UPDATE dossier_indicator SET rows = '[]'::jsonb
      WHERE dossier_id = (SELECT id FROM dossier WHERE code = ${first})`.execute(ctx.db);
    const report = await checkIndicators(ctx);
    assert.equal(report.equal, false);
    assert.equal(report.dossiersDiffering, 1);
    // Emptied, the sums are rebuilt through the marks at the end.
    await sql`TRUNCATE dossier_indicator, indicator_change, indicator_cell, indicator_open, indicator_open_change,
      indicator_month_end, indicator_month_closed`.execute(ctx.db);
  });

  it(
    'the job skips a dossier being changed, which stays marked and is counted by a later pass (PostgreSQL)',
    { skip: testEngine !== 'postgres' && 'needs a second connection' },
    async () => {
      const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089054321'));
      assert.equal(res.statusCode, 201, res.body);
      const third = res.json<{ code: string }>().code;
      const locker = new pg.Client({ connectionString: s.db.url });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('SELECT 1 FROM dossier WHERE code = $1 FOR UPDATE', [third]);
        assert.equal(await countDirty(ctx), 0);
        assert.deepEqual(await marked(), [third], 'the locked dossier keeps its mark');
        await locker.query('COMMIT');
      } finally {
        await locker.end();
      }
      assert.equal(await countDirty(ctx), 1);
      assert.deepEqual(await marked(), []);
    },
  );

  it(
    'a view read while the job counts and folds shows the same figures throughout (PostgreSQL: concurrent)',
    { skip: testEngine !== 'postgres' && 'needs concurrent connections' },
    async () => {
      for (const id of ['001089060001', '001089060002', '001089060003', '001089060004']) {
        const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake(id));
        assert.equal(res.statusCode, 201, res.body);
      }
      await sql`INSERT INTO indicator_dirty SELECT id FROM dossier ON CONFLICT DO NOTHING`.execute(ctx.db);
      const expected = await live();
      // Counting and folding move figures between tables; a view that read them in two snapshots
      // would count a dossier twice, or not at all, when a commit fell between its statements.
      let working = true;
      const job = (async () => {
        while (working && (await countDirty(ctx, 1)) > 0) await foldIndicators(ctx);
        working = false;
      })();
      let reads = 0;
      while (working || reads < 5) {
        assert.deepEqual(await live(), expected, `read ${reads}`);
        reads++;
      }
      await job;
      assert.deepEqual(await marked(), []);
    },
  );

  it('after everything is counted and folded, the sums are the recount', async () => {
    // The sums were emptied above: counting every dossier again from its log rebuilds them.
    await sql`INSERT INTO indicator_dirty SELECT id FROM dossier ON CONFLICT DO NOTHING`.execute(ctx.db);
    await foldAllIndicators(ctx);
    assert.deepEqual(await marked(), []);
    const report = await checkIndicators(ctx);
    assert.ok(report.equal, JSON.stringify(report, null, 1));
    assert.deepEqual(await live(), await recount());
  });
});
