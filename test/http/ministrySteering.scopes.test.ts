import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { placeOracle, type PlaceOracle } from '../support/placeOracle.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import {
  agencyOf,
  birthDossier,
  deployResidenceInHanoi,
  startDemoSystem,
  unitOf,
} from '../support/demoSystem.js';
import type {
  DeadlineWatch,
  DeploymentGaps,
  TodayFigures,
  TrendMonth,
} from '../../src/contracts/steering.js';
import type { IndicatorReport, ProvinceIndicatorRow } from '../../src/contracts/indicators.js';

const justice = '000.00.00.G09';
const police = '000.00.00.G15';

interface Case {
  agency: string;
  ministry: string;
}
interface Viewer {
  username: string;
  role: 'monitor' | 'national_monitor' | 'leader';
  agency: string;
  session: Signed;
}

/**
 * Ministry-level steering (issue 19 part 6): the indicators, the steering cards and the completion
 * table narrowed to the procedures a ministry owns, in every province. The oracle is the issue's
 * rule and DOMAIN.md §2, written here: a report counts exactly the dossiers its viewer may see —
 * a ministry's monitor those of the ministry's procedures wherever received, a local monitor those
 * received in its area, a leader those under its agency, the national monitor all — narrowed to a
 * ministry's procedures and to a province when asked.
 */
describe(`ministry-level steering: viewer × ministry × province (${testEngine})`, () => {
  let s: TestServer;
  let place: PlaceOracle;
  const cases: Case[] = [];
  const viewers: Viewer[] = [];

  before(async () => {
    s = await startDemoSystem();
    await deployResidenceInHanoi(s);
    place = await placeOracle(s.db.database.db);
    // Birth registrations (Bộ Tư pháp) at Ngọc Hà (two), Thành Vinh (Nghệ An) and Ba Đình; a
    // permanent residence registration (Bộ Công an) at Ba Đình.
    for (const [username, procedure] of [
      ['ngocha.motcua', '1.001193'],
      ['ngocha.motcua', '1.001193'],
      ['thanhvinh.motcua', '1.001193'],
      ['badinh.motcua', '1.001193'],
      ['badinh.motcua', 'VD.000006'],
    ] as const) {
      const agency = await agencyOf(s, username);
      await birthDossier(await signIn(s.app, username), await unitOf(s, agency), procedure);
      cases.push({ agency, ministry: procedure === 'VD.000006' ? police : justice });
    }
    for (const [username, role] of [
      ['botuphap.giamsat', 'monitor'],
      ['vpcp.giamsat', 'national_monitor'],
      ['hanoi.giamsat', 'monitor'],
      ['nghean.giamsat', 'monitor'],
      ['badinh.giamsat', 'monitor'],
      ['ngocha.lanhdao', 'leader'],
    ] as const)
      viewers.push({
        username,
        role,
        agency: await agencyOf(s, username),
        session: await signIn(s.app, username),
      });
  });
  after(() => s.close());

  /** Does the viewer see the dossier at all (the dossier lists' rule)? */
  function sees(x: Viewer, d: Case): boolean {
    if (x.role === 'national_monitor') return true;
    if (x.role === 'leader') return place.under(d.agency, x.agency);
    return place.central(x.agency)
      ? place.ministryOf(x.agency) === d.ministry
      : place.inArea(d.agency, x.agency);
  }
  const provinceOf = (agency: string) => {
    const unit = place.agency(agency).unit;
    return place.unitParent.get(unit) ?? unit;
  };
  /** How many dossiers the report must count for this viewer and filter. */
  const expected = (x: Viewer, f: { ministry?: string; province?: string }) =>
    cases.filter(
      (d) =>
        sees(x, d) &&
        (!f.ministry || d.ministry === f.ministry) &&
        (!f.province || provinceOf(d.agency) === f.province),
    ).length;

  const filters: { ministry?: string; province?: string }[] = [
    {},
    { ministry: justice },
    { ministry: police },
    { province: '01' },
    { province: '40' },
    { ministry: justice, province: '01' },
    { ministry: police, province: '40' },
  ];
  const query = (f: { ministry?: string; province?: string }) =>
    new URLSearchParams(
      Object.entries(f).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();
  const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const get = async <T>(x: Viewer, path: string): Promise<T> => {
    const res = await x.session.call('GET', path);
    assert.equal(res.statusCode, 200, `${x.username} ${path}: ${res.body}`);
    return res.json<T>();
  };

  it('counts in the indicators, by province, today and the trend exactly the dossiers the oracle says', async () => {
    // The matrix is not trivial: the ministry's monitor sees both provinces, not the other ministry.
    const monitor = viewers[0] as Viewer;
    assert.deepEqual(
      cases.map((d) => sees(monitor, d)),
      [true, true, true, true, false],
    );
    const mismatches: string[] = [];
    const period = `from=${today().slice(0, 8)}01&to=${today()}`;
    for (const x of viewers)
      for (const f of filters) {
        const want = expected(x, f);
        const q = query(f);
        const report = await get<IndicatorReport>(x, `/api/v1/reports/indicators?${period}&${q}`);
        if (report.indicators.received.total !== want)
          mismatches.push(
            `${x.username} ${q} indicators: ${report.indicators.received.total}, expected ${want}`,
          );
        if (report.ministry?.code !== f.ministry)
          mismatches.push(`${x.username} ${q}: ministry ${report.ministry?.code ?? 'none'}`);
        const ranked = await get<{ items: ProvinceIndicatorRow[] }>(
          x,
          `/api/v1/reports/indicators/by-province?${period}&${q}`,
        );
        const sum = ranked.items.reduce((n, r) => n + r.indicators.received.total, 0);
        if (sum !== want) mismatches.push(`${x.username} ${q} by province: ${sum}, expected ${want}`);
        const day = await get<TodayFigures>(x, `/api/v1/steering/today?${q}`);
        if (day.received.total !== want)
          mismatches.push(`${x.username} ${q} today: ${day.received.total}, expected ${want}`);
        const trend = await get<{ items: TrendMonth[] }>(x, `/api/v1/steering/trend?${q}`);
        if (trend.items.at(-1)?.received !== want)
          mismatches.push(`${x.username} ${q} trend: ${trend.items.at(-1)?.received}, expected ${want}`);
      }
    assert.deepEqual(mismatches, []);
  });

  it("shows a ministry's monitor its procedures in every province, the same as the nation's view of them", async () => {
    const [monitor, nation] = viewers as [Viewer, Viewer];
    for (const path of ['/api/v1/steering/deadlines', '/api/v1/steering/today']) {
      assert.deepEqual(
        await get<DeadlineWatch | TodayFigures>(monitor, path),
        await get<DeadlineWatch | TodayFigures>(nation, `${path}?ministry=${justice}`),
        path,
      );
    }
    const mine = await get<DeploymentGaps>(monitor, '/api/v1/steering/gaps');
    assert.equal(mine.readiness.length, 34, 'the readiness of every province');
    // Each province's readiness counts the ministry's procedures only: the catalog's own list.
    const catalog = await s.db.database.db
      .selectFrom('procedure')
      .select(['code', 'ministry_code'])
      .execute();
    const board = await get<{ rows: { code: string }[] }>(nation, '/api/v1/readiness');
    const justiceRows = board.rows.filter(
      (r) => catalog.find((p) => p.code === r.code)?.ministry_code === justice,
    ).length;
    assert.ok(justiceRows > 0 && justiceRows < board.rows.length);
    for (const p of mine.readiness) assert.equal(p.ready + p.notReady, justiceRows, p.province.name);
    // The other ministry's procedures are not the monitor's: within its own reach, nothing.
    const other = await get<IndicatorReport>(
      monitor,
      `/api/v1/reports/indicators?from=${today().slice(0, 8)}01&to=${today()}&ministry=${police}`,
    );
    assert.equal(other.indicators.received.total, 0);
  });

  it('refuses a ministry that is not one, in Vietnamese', async () => {
    const nation = viewers[1] as Viewer;
    for (const path of [
      `/api/v1/steering/today?ministry=000.00.01.H01`,
      `/api/v1/reports/indicators?from=2026-01-01&to=2026-01-31&ministry=000.00.01.H01`,
    ]) {
      const res = await nation.session.call('GET', path);
      assert.equal(res.statusCode, 400, path);
      assert.match(res.json<{ detail: string }>().detail, /Không có bộ, ngành mã 000\.00\.01\.H01/);
    }
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/reports/completion/000.00.01.H01' });
    assert.equal(res.statusCode, 404);
  });

  it("narrows the completion table to one ministry and lists its procedures' provinces", async () => {
    const all = (await s.app.inject({ method: 'GET', url: '/api/v1/reports/completion' })).json<{
      items: { ministry: { code: string }; required: number; started: number }[];
    }>();
    const one = (
      await s.app.inject({ method: 'GET', url: `/api/v1/reports/completion?ministry=${justice}` })
    ).json<{ items: { ministry: { code: string }; required: number; started: number }[] }>();
    assert.deepEqual(
      one.items,
      all.items.filter((r) => r.ministry.code === justice),
    );
    const detail = (
      await s.app.inject({ method: 'GET', url: `/api/v1/reports/completion/${justice}` })
    ).json<{
      ministry: { name: string };
      items: { code: string; central: number; provinces: number; missing: { code: string }[] }[];
    }>();
    assert.equal(detail.ministry.name, 'Bộ Tư pháp');
    assert.equal(detail.items.length, one.items[0]?.required);
    // Birth registration is central in Hà Nội and Nghệ An (the demo deployment), nowhere else yet.
    const birth = detail.items.find((p) => p.code === '1.001193');
    assert.equal(birth?.central, 2);
    assert.equal(birth?.provinces, 34);
    assert.equal(birth?.missing.length, 32);
    assert.ok(!birth?.missing.some((p) => p.code === '01' || p.code === '40'));
    assert.equal(
      detail.items.filter((p) => p.central > 0).length,
      one.items[0]?.started,
      'started = central somewhere',
    );
  });
});
