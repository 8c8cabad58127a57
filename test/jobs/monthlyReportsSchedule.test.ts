import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { scheduleIndicatorFolding } from '../../src/jobs/indicatorFolding.js';
import { scheduleMonthlyReports } from '../../src/jobs/monthlyReports.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

/**
 * A month's reports come when its numbers close, not at the next hourly check: a server whose
 * folding closed the month a moment after its check used to leave the report an hour late (the
 * living demo's "no monthly report" on a busy machine).
 */
describe(`the monthly report's schedule (${testEngine})`, () => {
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  before(async () => {
    s = (await startWithDossier({}, clock)).s;
    clock.setTime(new Date('2026-04-02T08:00:00+07:00').getTime());
  });
  after(() => s.close());

  it('generates March’s reports as soon as this node’s folding closes March', async () => {
    const ctx = createAppContext(s.db.database.db, { now: () => clock });
    const closedMonths: string[][] = [];
    // The first scheduled check is a minute away and the next an hour: only the close can trigger it.
    const reports = scheduleMonthlyReports(ctx, 3_600_000);
    const stopFolding = scheduleIndicatorFolding(ctx, 50, undefined, (months) => {
      closedMonths.push(months);
      reports.check();
    });
    try {
      const generated = async () =>
        s.db.database.db
          .selectFrom('monthly_report')
          .select(['scope_code', 'month'])
          .where('generated_by', 'is', null)
          .execute();
      const deadline = Date.now() + 20_000;
      while ((await generated()).length === 0) {
        assert.ok(Date.now() < deadline, 'no report 20 s after the month closed');
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(closedMonths.flat().includes('2026-03-01'));
      const reported = await generated();
      assert.ok(reported.some((r) => r.scope_code === '' && String(r.month).startsWith('2026-03')));
    } finally {
      stopFolding();
      reports.stop();
    }
  });
});
