import ExcelJS from 'exceljs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { foldAllIndicators } from '../../src/app/reports/foldIndicators.js';
import type { IndicatorReport, ProvinceIndicatorRow } from '../../src/contracts/indicators.js';
import { checkScoring, type ScoringGroup } from '../../src/domain/reports/scoring.js';
import { demoIntake } from '../../fixtures/intake.js';
import { actOn, startWithDossier } from '../support/dossierFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

describe('service-quality indicators over the API', () => {
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  let receiver: Signed;
  before(async () => {
    ({ s, receiver } = await startWithDossier({ loginPerMinute: 100 }, clock));
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012355'));
    const code = res.json<{ code: string }>().code;
    const act = (who: Signed, body: Record<string, unknown>) => actOn(who, code, body);
    clock.setTime(new Date('2026-03-03T09:00:00+07:00').getTime());
    await act(receiver, { type: 'forward', toStep: 'TD' });
    await act(await signIn(s.app, 'hanoi.chuyenvien', clock), { type: 'forward', toStep: 'PD' });
    clock.setTime(new Date('2026-03-05T10:00:00+07:00').getTime());
    await act(await signIn(s.app, 'hanoi.lanhdao', clock), { type: 'issue_result' });
  });
  after(() => s.close());

  const report = async (who: Signed, query: string) => {
    const res = await who.call('GET', `/api/v1/reports/indicators?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<IndicatorReport>();
  };

  it('counts a month of the province from the log, for its monitor', async () => {
    const monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    const march = await report(monitor, 'from=2026-03-01&to=2026-03-31');
    assert.deepEqual(march.indicators.received, {
      total: 2,
      byChannel: { counter: 2, online: 0, postal: 0 },
    });
    assert.deepEqual(march.indicators.finished, { total: 1, beforeDue: 1, onTime: 0, late: 0 });
    // The other dossier was due on 16 March and is still open at the end of the month.
    assert.deepEqual(march.indicators.inProgress, { total: 1, onTime: 0, late: 1 });
    assert.equal(march.indicators.rates.onTime, 1);
    const early = await report(monitor, 'from=2026-03-01&to=2026-03-10');
    assert.deepEqual(early.indicators.inProgress, { total: 1, onTime: 1, late: 0 });
    const april = await report(monitor, 'from=2026-04-01&to=2026-04-30');
    assert.equal(april.indicators.carriedOver, 1, 'the open dossier carries over; the finished one does not');
    assert.equal(april.indicators.received.total, 0);
    const province = await report(monitor, 'from=2026-03-01&to=2026-03-31&province=01');
    assert.equal(province.dossiers, 2);
  });

  it('shows another province nothing of these, and refuses a period that ends before it starts', async () => {
    const outsider = await signIn(s.app, 'nghean.giamsat', clock);
    assert.equal((await report(outsider, 'from=2026-03-01&to=2026-03-31')).dossiers, 0);
    const bad = await outsider.call('GET', '/api/v1/reports/indicators?from=2026-03-31&to=2026-03-01');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(
      (await s.app.inject({ method: 'GET', url: '/api/v1/reports/indicators?from=2026-03-01&to=2026-03-31' }))
        .statusCode,
      401,
    );
  });

  it('lists the indicators by receiving agency, and exports that table to Excel with its total', async () => {
    const monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    const res = await monitor.call(
      'GET',
      '/api/v1/reports/indicators/by-agency?from=2026-03-01&to=2026-03-31',
    );
    assert.equal(res.statusCode, 200, res.body);
    const rows = res.json<{ items: { agency: string; agencyName: string; dossiers: number }[] }>().items;
    assert.deepEqual(
      rows.map((r) => [r.agency, r.dossiers]),
      [['000.00.01.H01', 2]],
    );
    const file = await monitor.call(
      'GET',
      '/api/v1/reports/indicators/by-agency.xlsx?from=2026-03-01&to=2026-03-31',
    );
    assert.equal(file.statusCode, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Chỉ số theo cơ quan');
    assert.ok(sheet);
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    assert.deepEqual(values(4).slice(1, 4), ['000.00.01.H01', rows[0]?.agencyName, 2]);
    const total = values(5);
    assert.equal(total[2], 'Tổng cộng');
    assert.equal(total[3], 2, 'received');
    assert.equal(total[5], 1, 'finished');
    assert.equal(total[12], 1, 'on-time rate 100 %');
    const outsider = await signIn(s.app, 'nghean.giamsat', clock);
    const none = await outsider.call(
      'GET',
      '/api/v1/reports/indicators/by-agency?from=2026-03-01&to=2026-03-31',
    );
    assert.deepEqual(none.json<{ items: unknown[] }>().items, []);
  });

  it('ranks the provinces: all 34 for the national monitor, its own for a province monitor; sums and recount agree', async () => {
    type Row = ProvinceIndicatorRow;
    const rank = async (who: Signed, query: string) => {
      const res = await who.call('GET', `/api/v1/reports/indicators/by-province?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: Row[] }>().items;
    };
    const national = await signIn(s.app, 'vpcp.giamsat', clock);
    // This month up to today: read from the sums (nothing folded yet: all of it still queued).
    const queued = await rank(national, 'from=2026-03-01&to=2026-03-05');
    assert.equal(queued.length, 34);
    assert.deepEqual(
      queued.slice(0, 1).map((r) => [r.rank, r.province, r.dossiers, r.indicators.rates.onTime]),
      [[1, '01', 2, 1]],
      'Hà Nội first: the only province with a dossier finished, on time',
    );
    assert.ok(queued.slice(1).every((r) => r.dossiers === 0 && r.indicators.rates.onTime === null));
    await foldAllIndicators(createAppContext(s.db.database.db, { now: () => clock }));
    assert.deepEqual(
      await rank(national, 'from=2026-03-01&to=2026-03-05'),
      queued,
      'folded into the province sums',
    );
    const recounted = await rank(national, 'from=2026-03-02&to=2026-03-05');
    assert.deepEqual(
      recounted.map((r) => [r.province, r.dossiers]),
      queued.map((r) => [r.province, r.dossiers]),
    );
    const hanoi = await rank(await signIn(s.app, 'hanoi.giamsat', clock), 'from=2026-03-01&to=2026-03-05');
    assert.deepEqual(
      hanoi.map((r) => [r.province, r.dossiers]),
      [['01', 2]],
    );
    const nghean = await rank(await signIn(s.app, 'nghean.giamsat', clock), 'from=2026-03-01&to=2026-03-05');
    assert.deepEqual(
      nghean.map((r) => [r.province, r.dossiers]),
      [['40', 0]],
    );
  });
  it('scores the period on 100 points by the scoring in force at its end; new versions only from tomorrow', async () => {
    const monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    const march = await report(monitor, 'from=2026-03-01&to=2026-03-31');
    // Version 1: publicity not measured here; on time 100 % (20 of 20); no online, payment or rating.
    assert.equal(march.score.version, 1);
    assert.deepEqual(
      march.score.groups.map((g) => [g.code, g.max, g.points]),
      [
        ['publicity', 18, null],
        ['progress', 20, 20],
        ['digitization', 22, march.score.groups[2]?.points ?? null],
        ['online', 22, 0],
        ['satisfaction', 18, null],
      ],
    );
    const versions = (await monitor.call('GET', '/api/v1/reports/scoring')).json<{
      items: { version: number; groups: ScoringGroup[] }[];
    }>().items;
    assert.deepEqual(checkScoring(versions[0]?.groups ?? []), [], 'the migrated version is valid');

    const groups = (versions[0]?.groups ?? []).map((g) =>
      g.code === 'progress'
        ? {
            ...g,
            criteria: g.criteria.map((c) => ({
              ...c,
              curve: [
                [0.5, 0],
                [0.9, 1],
              ] as [number, number][],
            })),
          }
        : g,
    );
    const admin = await signIn(s.app, 'quantri', clock);
    const refused = await monitor.call('POST', '/api/v1/reports/scoring', {
      effectiveFrom: '2026-04-01',
      groups,
    });
    assert.equal(refused.statusCode, 403);
    const past = await admin.call('POST', '/api/v1/reports/scoring', { effectiveFrom: '2026-03-01', groups });
    assert.equal(past.statusCode, 400, 'a score already given never changes');
    const bad = await admin.call('POST', '/api/v1/reports/scoring', {
      effectiveFrom: '2026-04-01',
      groups: groups.slice(1),
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<{ title: string }>().title, 'Dữ liệu gửi lên không hợp lệ');
    const made = await admin.call('POST', '/api/v1/reports/scoring', {
      effectiveFrom: '2026-04-01',
      groups,
      note: 'Đúng hạn dưới 50 % không có điểm',
    });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(
      (await report(monitor, 'from=2026-03-01&to=2026-03-31')).score.version,
      1,
      'March keeps its score',
    );
    assert.equal((await report(monitor, 'from=2026-04-01&to=2026-04-30')).score.version, 2);
  });
});
