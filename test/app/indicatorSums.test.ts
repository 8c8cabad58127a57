import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';
import fc from 'fast-check';
import { type AppContext, createAppContext } from '../../src/app/context.js';
import { rateDossier } from '../../src/app/public/publicStatus.js';
import pg from 'pg';
import { checkIndicators, rebuildIndicators } from '../../src/app/reports/indicatorCheck.js';
import { countUncounted } from '../../src/app/reports/countIndicators.js';
import { testEngine } from '../support/testDatabase.js';
import { foldAllIndicators } from '../../src/app/reports/foldIndicators.js';
import { indicatorRecords } from '../../src/app/reports/indicatorRecords.js';
import { dayOfIso } from '../../src/domain/calendar/localTime.js';
import { indicatorsOf, totalsOf } from '../../src/domain/reports/indicators.js';
import { ratingLevels } from '../../src/domain/reports/ratings.js';
import type { IndicatorReport } from '../../src/contracts/indicators.js';
import { demoIntake } from '../../fixtures/intake.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

/**
 * How many random actions the mix tries (each through the HTTP API, as officials would): 1,500 in
 * CI; `INDICATOR_MIX_TRIES=100000` for the 100,000 (about half an hour; docs/indicators.md).
 */
const tries = Number(process.env['INDICATOR_MIX_TRIES'] ?? 1500);

describe('indicator sums: kept with every action, equal to the recount from the log', () => {
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  let ctx: AppContext;
  let monitor: Signed;
  before(async () => {
    let receiver: Signed;
    ({ s, receiver } = await startWithDossier({ rateLimitPerMinute: 1e6 }, clock));
    ctx = createAppContext(s.db.database.db, { now: () => clock });
    const officials = {
      receiver,
      processor: await signIn(s.app, 'hanoi.chuyenvien', clock),
      leader: await signIn(s.app, 'hanoi.lanhdao', clock),
    };
    monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    const commands = [
      ['receiver', { type: 'forward', toStep: 'TD' }],
      ['processor', { type: 'forward', toStep: 'PD' }],
      ['leader', { type: 'issue_result' }],
      ['receiver', { type: 'return_result', method: 'direct', reference: 'Trả tại quầy' }],
      ['processor', { type: 'request_supplement', reason: 'Thiếu bản sao', components: ['TK'] }],
      ['receiver', { type: 'receive_supplement' }],
      ['leader', { type: 'recall_result', reason: 'Sai sót' }],
      ['receiver', { type: 'withdraw', reason: 'Công dân rút' }],
      ['leader', { type: 'stop', reason: 'Không đủ điều kiện' }],
    ] as const;
    const versions = new Map<string, number>();
    const idNumbers = new Map<string, string>();
    // A reproducible mix: intake, moves, ratings, over March to mid-May, folded now and then.
    const rand = fc.sample(fc.tuple(fc.nat(99), fc.nat(10_000), fc.nat(24 * 60 * 2)), {
      numRuns: tries,
      seed: 766,
    });
    for (const [dice, pick, minutes] of rand) {
      clock.setTime(clock.getTime() + minutes * 60_000 * 0.05);
      const codes = [...versions.keys()];
      if (dice < 12 || codes.length === 0) {
        const idNumber = `0010890${String(pick).padStart(5, '0')}`;
        const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake(idNumber));
        assert.equal(res.statusCode, 201, res.body);
        const d = res.json<{ code: string; version: number }>();
        versions.set(d.code, d.version);
        idNumbers.set(d.code, idNumber);
        continue;
      }
      const code = codes[pick % codes.length] as string;
      if (dice < 16) {
        await rateDossier(ctx, code, (idNumbers.get(code) ?? '').slice(-4), {
          level: ratingLevels[pick % 4] ?? 'satisfied',
          reasons: ['slow'],
          comment: '',
        }).catch(() => undefined); // not finished yet: refused, nothing changes
        continue;
      }
      if (dice < 18) {
        await foldAllIndicators(ctx);
        continue;
      }
      const [role, command] = commands[pick % commands.length] as (typeof commands)[number];
      const res = await officials[role].call('POST', `/api/v1/dossiers/${code}/actions`, {
        ...command,
        expectedVersion: versions.get(code),
      });
      if (res.statusCode === 200) versions.set(code, res.json<{ version: number }>().version);
      else assert.ok([400, 403, 404, 409].includes(res.statusCode), res.body);
    }
  });
  after(() => s.close());

  it('the check finds the sums (folded or still queued) equal to the recount, table by table', async (t) => {
    const { rows } = await sql<{ n: number; d: number }>`
      SELECT count(*)::int AS n, count(DISTINCT dossier_id)::int AS d FROM dossier_action`.execute(ctx.db);
    t.diagnostic(`${tries} tries: ${rows[0]?.d} dossiers, ${rows[0]?.n} log entries`);
    assert.ok((rows[0]?.n ?? 0) > 800, `a mix of some size: ${rows[0]?.n} log entries`);
    const report = await checkIndicators(ctx);
    assert.ok(report.equal, JSON.stringify(report, null, 1));
    assert.ok(
      report.tables.every((t) => t.expected > 0),
      'every table has something to compare',
    );
    await foldAllIndicators(ctx);
    assert.ok((await checkIndicators(ctx)).equal);
  });

  /** The indicators recounted from every dossier's log, for the Hà Nội monitor's scope (all of them). */
  const recount = async (from: string, to: string) => {
    const all = await ctx.db.transaction().execute((tx) => indicatorRecords(tx, sql`true`));
    return indicatorsOf(totalsOf(all, { from: dayOfIso(from) * 1440, to: (dayOfIso(to) + 1) * 1440 }));
  };

  it('answers closed months and this month to date from the sums, exactly as the recount', async () => {
    const today = clock.toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
    assert.ok(today >= '2026-05-01', `the mix spans three months (now ${today})`);
    for (const [from, to, source] of [
      ['2026-03-01', '2026-03-31', 'sums'],
      ['2026-04-01', '2026-04-30', 'sums'],
      ['2026-03-01', '2026-04-30', 'sums'],
      ['2026-05-01', today, 'sums'],
      ['2026-03-01', today, 'sums'],
      ['2026-03-10', '2026-04-20', 'recount'],
    ] as const) {
      const res = await monitor.call('GET', `/api/v1/reports/indicators?from=${from}&to=${to}`);
      assert.equal(res.statusCode, 200, res.body);
      const report = res.json<IndicatorReport>();
      assert.equal(report.source, source, `${from}..${to}`);
      assert.deepEqual(report.indicators, await recount(from, to), `${from}..${to}`);
    }
  });

  it("migration 0033 fills each procedure's province sums exactly as the fold keeps them", async () => {
    await foldAllIndicators(ctx);
    // As a database folded before 0033: no per-procedure province rows.
    for (const table of ['indicator_cell', 'indicator_open', 'indicator_open_change', 'indicator_month_end'])
      await sql`DELETE FROM ${sql.table(table)} WHERE procedure_code <> '*' AND agency_code LIKE '*%'`.execute(
        ctx.db,
      );
    assert.equal((await checkIndicators(ctx)).equal, false, 'the check misses them');
    const backfill = readFileSync(
      join(projectRoot, 'src/store/migrations/0033_province_procedure_sums.sql'),
      'utf8',
    );
    await sql.raw(backfill).execute(ctx.db);
    assert.ok((await checkIndicators(ctx)).equal, 'filled as the fold fills them');
  });

  it('a tampered sum or a dossier counted wrong is found by the check', async () => {
    await sql`UPDATE indicator_cell SET n = n + 1 WHERE ctid = (SELECT ctid FROM indicator_cell LIMIT 1)`.execute(
      ctx.db,
    );
    const report = await checkIndicators(ctx);
    assert.equal(report.equal, false);
    assert.equal(report.tables.find((t) => t.table === 'indicator_cell')?.differing, 1);
    await rebuildIndicators(ctx);
    assert.ok((await checkIndicators(ctx)).equal, 'the rebuild from the log repairs it');
  });

  it(
    'counts at start-up a dossier that was locked during the first pass (PostgreSQL: two connections)',
    {
      skip: testEngine !== 'postgres' && 'needs a second connection',
    },
    async () => {
      await sql`TRUNCATE dossier_indicator, indicator_change`.execute(ctx.db);
      const [one] = (await sql<{ id: string }>`SELECT id FROM dossier ORDER BY id LIMIT 1`.execute(ctx.db))
        .rows;
      assert.ok(one);
      const locker = new pg.Client({ connectionString: s.db.url });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM dossier WHERE id = $1 FOR UPDATE', [one.id]);
      const counting = countUncounted(ctx);
      await new Promise((r) => setTimeout(r, 300));
      await locker.query('COMMIT');
      await locker.end();
      const total = await counting;
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier`.execute(ctx.db);
      assert.equal(total, rows[0]?.n, 'every dossier counted, the locked one too');
      await sql`TRUNCATE indicator_cell, indicator_open, indicator_open_change, indicator_month_end, indicator_month_closed`.execute(
        ctx.db,
      );
      await foldAllIndicators(ctx);
      assert.ok((await checkIndicators(ctx)).equal);
    },
  );
});
