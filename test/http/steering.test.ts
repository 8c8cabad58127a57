import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { foldAllIndicators } from '../../src/app/reports/foldIndicators.js';
import type {
  BacklogRow,
  DeadlineWatch,
  DeploymentGaps,
  TodayFigures,
  TrendMonth,
} from '../../src/contracts/steering.js';
import { demoIntake, hanoiCenter } from '../../fixtures/intake.js';
import { actOn, startWithDossier } from '../support/dossierFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

describe('steering dashboard (điều hành) over the API', () => {
  // Monday 2 March 2026: two dossiers received at the Hà Nội centre, due on Monday 16 March.
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  let receiver: Signed;
  let hanoi: Signed;
  let nghean: Signed;
  let nation: Signed;
  let finishedCode: string;
  const at = (iso: string) => clock.setTime(new Date(iso).getTime());
  const act = actOn;
  const get = async <T>(who: Signed, path: string): Promise<T> => {
    const res = await who.call('GET', path);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<T>();
  };

  before(async () => {
    ({ s, receiver } = await startWithDossier({ loginPerMinute: 100 }, clock));
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012355'));
    finishedCode = res.json<{ code: string }>().code;
    hanoi = await signIn(s.app, 'hanoi.giamsat', clock);
    nghean = await signIn(s.app, 'nghean.giamsat', clock);
    nation = await signIn(s.app, 'vpcp.giamsat', clock);
  });
  after(() => s.close());

  it("counts today's intake and results for the viewer's reach only", async () => {
    const morning = await get<TodayFigures>(hanoi, '/api/v1/steering/today');
    assert.equal(morning.day, '2026-03-02');
    assert.deepEqual(morning.received, { total: 2, counter: 2, online: 0, postal: 0 });
    assert.deepEqual(morning.finished, { total: 0, late: 0 });

    await act(receiver, finishedCode, { type: 'forward', toStep: 'TD' });
    await act(await signIn(s.app, 'hanoi.chuyenvien', clock), finishedCode, {
      type: 'forward',
      toStep: 'PD',
    });
    await act(await signIn(s.app, 'hanoi.lanhdao', clock), finishedCode, { type: 'issue_result' });
    await act(receiver, finishedCode, { type: 'return_result', method: 'counter', reference: 'BN-1' });

    const evening = await get<TodayFigures>(hanoi, '/api/v1/steering/today');
    assert.deepEqual(evening.finished, { total: 1, late: 0 });
    assert.equal(evening.returned, 1);
    assert.deepEqual(await get<TodayFigures>(nation, '/api/v1/steering/today'), evening);
    const other = await get<TodayFigures>(nghean, '/api/v1/steering/today');
    assert.equal(other.received.total, 0, 'another province sees none of it');
    assert.equal(other.finished.total, 0);
    const narrowed = await get<TodayFigures>(nation, '/api/v1/steering/today?province=40');
    assert.equal(narrowed.received.total, 0);

    at('2026-03-03T08:00:00+07:00');
    assert.equal((await get<TodayFigures>(hanoi, '/api/v1/steering/today')).received.total, 0, 'a new day');
  });

  it('lists dossiers past due, due today and due the next working day, the same before and after folding', async () => {
    const watch = (who: Signed, q = '') => get<DeadlineWatch>(who, `/api/v1/steering/deadlines${q}`);
    // Friday 13 March: the next working day is Monday 16, when the open dossier is due.
    at('2026-03-13T09:00:00+07:00');
    const friday = await watch(hanoi);
    assert.equal(friday.nextWorkingDay, '2026-03-16');
    assert.equal(friday.group, 'agency');
    assert.deepEqual(friday.total, { overdue: 0, dueToday: 0, dueNext: 1 });
    assert.equal(friday.rows[0]?.code, hanoiCenter);
    await foldAllIndicators(createAppContext(s.db.database.db, { now: () => clock }));
    assert.deepEqual(await watch(hanoi), friday, 'folded sums give what the queue gave');

    at('2026-03-16T09:00:00+07:00');
    assert.deepEqual((await watch(hanoi)).total, { overdue: 0, dueToday: 1, dueNext: 0 });
    at('2026-03-17T09:00:00+07:00');
    const late = await watch(hanoi);
    assert.deepEqual(late.total, { overdue: 1, dueToday: 0, dueNext: 0 });

    const national = await watch(nation);
    assert.equal(national.group, 'province', 'a national view counts by province');
    assert.deepEqual(national.rows, [
      { code: '01', name: national.rows[0]?.name, overdue: 1, dueToday: 0, dueNext: 0 },
    ]);
    assert.match(national.rows[0]?.name ?? '', /Hà Nội/);
    assert.deepEqual((await watch(nghean)).rows, []);
    assert.equal((await watch(nation, '?province=01')).group, 'agency');
  });

  it('draws each month as its own period, the numbers of the indicators', async () => {
    const trend = await get<{ items: TrendMonth[] }>(hanoi, '/api/v1/steering/trend?months=3');
    assert.deepEqual(
      trend.items.map((m) => m.month),
      ['2026-01', '2026-02', '2026-03'],
    );
    assert.deepEqual(trend.items[2], {
      month: '2026-03',
      received: 2,
      finished: 1,
      finishedLate: 0,
      onTimeRate: 1,
      onlineRate: 0,
    });
    assert.equal(trend.items[0]?.onTimeRate, null);
    const other = await get<{ items: TrendMonth[] }>(nghean, '/api/v1/steering/trend?months=3');
    assert.equal(other.items[2]?.received, 0);
  });

  it('names an agency that a workflow sends work to with nobody in the needed role', async () => {
    const gaps = () => get<DeploymentGaps>(hanoi, '/api/v1/steering/gaps');
    const before = await gaps();
    assert.deepEqual(before.staffing, []);
    assert.deepEqual(
      before.readiness.map((r) => r.province.code),
      ['01'],
      'a province monitor sees their province',
    );
    const admin = await signIn(s.app, 'hanoi.quantri', clock);
    const leader = await signIn(s.app, 'hanoi.lanhdao', clock);
    const me = (await leader.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const account = (await admin.call('GET', `/api/v1/accounts/${me}`)).json<{
      grants: { id: string; role: string; revokedAt: string | null }[];
    }>();
    const grant = account.grants.find((g) => g.role === 'leader' && g.revokedAt === null);
    assert.ok(grant);
    const revoked = await admin.call('DELETE', `/api/v1/accounts/${me}/grants/${grant.id}`);
    assert.ok([200, 204].includes(revoked.statusCode), revoked.body);

    const after = await gaps();
    assert.equal(after.staffing.length, 1);
    assert.equal(after.staffing[0]?.agency.code, hanoiCenter);
    assert.deepEqual(after.staffing[0]?.missing, ['leader']);
    assert.equal(after.staffing[0]?.procedures, 1);
    assert.equal(after.staffing[0]?.open, 1, 'the dossier still open there');
    const cell = after.readiness[0];
    assert.ok(cell && cell.notReady >= 1);
    assert.ok(cell.failing.some((f) => f.criterion === 'staffed'));
    assert.deepEqual((await get<DeploymentGaps>(nghean, '/api/v1/steering/gaps')).staffing, []);
    assert.equal((await get<DeploymentGaps>(nation, '/api/v1/steering/gaps')).readiness.length, 34);
  });

  it("counts undelivered messages about the viewer's dossiers by destination", async () => {
    const mine = await get<{ items: BacklogRow[] }>(hanoi, '/api/v1/steering/integration-backlog');
    const portal = mine.items.find((r) => r.destination === 'dvcqg');
    assert.ok(portal && portal.waiting > 0, 'nothing was dispatched in this test: the portal is behind');
    assert.deepEqual(
      (await get<{ items: BacklogRow[] }>(nghean, '/api/v1/steering/integration-backlog')).items,
      [],
    );
  });

  it('refuses the cards without a session', async () => {
    for (const path of ['today', 'deadlines', 'trend', 'gaps', 'integration-backlog']) {
      const res = await s.app.inject({ method: 'GET', url: `/api/v1/steering/${path}` });
      assert.equal(res.statusCode, 401, path);
      assert.match(String(res.headers['content-type']), /problem\+json/);
    }
  });
});
