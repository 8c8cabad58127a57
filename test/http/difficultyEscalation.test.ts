import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { foldAllIndicators } from '../../src/app/reports/foldIndicators.js';
import { demoIntake } from '../../fixtures/intake.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { deployDemoProcedure } from '../support/dossierFixtures.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

interface Item {
  code: string;
  status: string;
  level: string;
  agency: { code: string; name: string };
  dueAt: string;
  answer: string | null;
  fixedInRelease: string | null;
  version: number;
  forwards: {
    from: { code: string };
    to: { code: string };
    fromDueAt: string;
    dueAt: string;
    note: string;
  }[];
}

/**
 * Difficulties that reach the ministry (issue 23 §5). Oracle from the rules: a commune's report goes
 * to its province's centre and is answered within 10 working days; the province forwards one about
 * a procedure to the ministry that owns it, with a new 10-working-day deadline; the ministry may
 * escalate to the Government Office (Văn phòng Chính phủ); the answer returns to the reporter.
 * December 2026 has no holiday: from Monday 7 December 09:00, ten working days end Monday 21
 * December 09:00; from Wednesday 9 December 10:00, Wednesday 23 December 10:00.
 */
describe('difficulties that reach the ministry', () => {
  const clock = new Date('2026-12-07T09:00:00+07:00');
  let s: TestServer;
  let reporter: Signed;
  let hanoiLeader: Signed;
  let justiceLeader: Signed;
  let code: string;
  let justice: string;
  const vpcp = '000.00.00.G17';
  const hanoiCentre = '000.00.01.H01';
  const get = async (who: Signed, c: string) => {
    const res = await who.call('GET', `/api/v1/feedback/${c}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Item>();
  };
  const report = async (body: Record<string, unknown>) => {
    const res = await reporter.call('POST', '/api/v1/feedback', {
      category: 'catalog',
      content: 'x',
      ...body,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ code: string; dueAt: string }>();
  };
  const forward = async (who: Signed, c: string, note = 'Đề nghị bộ hướng dẫn') => {
    const { version } = await get(who, c);
    return who.call('POST', `/api/v1/feedback/${c}/forward`, { note, expectedVersion: version });
  };

  before(async () => {
    s = await startTestServer({
      now: () => clock,
      loginPerMinute: 1000,
      settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 },
    });
    await deployDemoProcedure(s, clock);
    const row = await s.db.database.db
      .selectFrom('procedure')
      .select('ministry_code')
      .where('code', '=', 'VD.000005')
      .executeTakeFirstOrThrow();
    justice = row.ministry_code;
    // A dossier in December, so that the month has indicator data and closes in January.
    const counter = await signIn(s.app, 'hanoi.motcua', clock);
    assert.equal((await counter.call('POST', '/api/v1/dossiers', demoIntake())).statusCode, 201);
    reporter = await signIn(s.app, 'badinh.motcua', clock);
    hanoiLeader = await signIn(s.app, 'hanoi.lanhdao', clock);
    justiceLeader = await signIn(s.app, 'botuphap.lanhdao', clock);
  });
  after(() => s.close());

  it('goes from the commune to the province centre, then to the owning ministry with its own deadline', async () => {
    const unknown = await reporter.call('POST', '/api/v1/feedback', {
      category: 'catalog',
      subject: 'x',
      content: 'x',
      procedure: 'VD.999999',
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
    const receipt = await report({
      subject: 'Mẫu tờ khai lý lịch tư pháp thiếu trường',
      procedure: 'VD.000005',
    });
    code = receipt.code;
    assert.equal(receipt.dueAt, new Date('2026-12-21T09:00:00+07:00').toISOString());
    const atProvince = await get(hanoiLeader, code);
    assert.equal(atProvince.agency.code, hanoiCentre);
    assert.equal(atProvince.level, 'province');

    clock.setTime(Date.parse('2026-12-09T10:00:00+07:00'));
    assert.equal((await forward(reporter, code)).statusCode, 403, 'the reporter does not forward');
    const receiver = await signIn(s.app, 'hanoi.motcua', clock);
    assert.equal((await forward(receiver, code)).statusCode, 403, 'an official of the desk does not either');
    const res = await forward(hanoiLeader, code, 'Lỗi biểu mẫu do bộ ban hành');
    assert.equal(res.statusCode, 200, res.body);
    const atMinistry = res.json<Item>();
    assert.equal(atMinistry.level, 'ministry');
    assert.equal(atMinistry.agency.code, justice);
    assert.equal(atMinistry.dueAt, new Date('2026-12-23T10:00:00+07:00').toISOString());
    assert.equal(atMinistry.status, 'new');
    assert.deepEqual(
      atMinistry.forwards.map((f) => [f.from.code, f.to.code, f.fromDueAt, f.note]),
      [[hanoiCentre, justice, receipt.dueAt, 'Lỗi biểu mẫu do bộ ban hành']],
    );
  });

  it('is in the ministry’s queue, hidden from another province, and its answer returns to the reporter', async () => {
    const queue = await justiceLeader.call('GET', '/api/v1/feedback?kind=difficulty');
    const mine = queue.json<{ items: Item[] }>().items.find((i) => i.code === code);
    assert.ok(mine, 'in the ministry’s queue');
    assert.equal(mine.dueAt, new Date('2026-12-23T10:00:00+07:00').toISOString());
    const nghean = await signIn(s.app, 'nghean.lanhdao', clock);
    assert.equal((await nghean.call('GET', `/api/v1/feedback/${code}`)).statusCode, 404);
    const { version } = await get(justiceLeader, code);
    const answered = await justiceLeader.call('POST', `/api/v1/feedback/${code}/actions`, {
      type: 'answer',
      answer: 'Đã bổ sung trường “Nơi sinh” vào mẫu tờ khai.',
      fixedInRelease: 'Mẫu 2026.12',
      expectedVersion: version,
    });
    assert.equal(answered.statusCode, 200, answered.body);
    const back = await get(reporter, code);
    assert.equal(back.status, 'answered');
    assert.equal(back.answer, 'Đã bổ sung trường “Nơi sinh” vào mẫu tờ khai.');
    assert.equal(back.fixedInRelease, 'Mẫu 2026.12');
    assert.equal((await get(hanoiLeader, code)).status, 'answered', 'the province desk follows it');
    assert.equal((await forward(justiceLeader, code)).statusCode, 409, 'answered: nothing to forward');
    assert.equal((await forward(hanoiLeader, code)).statusCode, 403, 'no longer the province’s to forward');
  });

  it('is escalated to the Government Office, and no further', async () => {
    const other = await report({ subject: 'Phí không khớp quyết định công bố', procedure: 'VD.000005' });
    assert.equal((await forward(hanoiLeader, other.code)).statusCode, 200);
    const up = await forward(justiceLeader, other.code, 'Cần Văn phòng Chính phủ sửa cấu hình');
    assert.equal(up.statusCode, 200, up.body);
    assert.equal(up.json<Item>().agency.code, vpcp);
    assert.equal(up.json<Item>().level, 'government');
    const national = await signIn(s.app, 'vpcp.giamsat', clock);
    assert.equal((await forward(national, other.code)).statusCode, 409, 'no level above');
    const system = await report({ subject: 'Hệ thống chậm buổi sáng', category: 'system' });
    const direct = await forward(hanoiLeader, system.code);
    assert.equal(direct.statusCode, 200, direct.body);
    assert.equal(direct.json<Item>().agency.code, vpcp, 'not about a procedure: to the Government Office');
  });

  it('groups recurring difficulties and counts them by ministry in the monthly report', async () => {
    const recurring = await justiceLeader.call('GET', '/api/v1/feedback/recurring');
    assert.equal(recurring.statusCode, 200, recurring.body);
    const group = recurring
      .json<{ items: { procedure: { code: string } | null; category: string; reports: number }[] }>()
      .items.find((g) => g.procedure?.code === 'VD.000005' && g.category === 'catalog');
    assert.equal(group?.reports, 2);

    clock.setTime(Date.parse('2027-01-04T08:00:00+07:00'));
    await foldAllIndicators(createAppContext(s.db.database.db, { now: () => clock }));
    const nation = await signIn(s.app, 'vpcp.giamsat', clock);
    const made = await nation.call('POST', '/api/v1/reports/monthly', { month: '2026-12' });
    assert.equal(made.statusCode, 201, made.body);
    const data = await nation.call(
      'GET',
      `/api/v1/reports/monthly/${made.json<{ id: string }>().id}/so-lieu.json`,
    );
    const rows = data.json<{
      difficultiesByMinistry: { code: string; reported: number; forwarded: number; fixed: number }[];
    }>().difficultiesByMinistry;
    assert.deepEqual(
      rows.map((r) => [r.code, r.reported, r.forwarded, r.fixed]),
      [[justice, 2, 2, 1]],
    );
  });
});
