import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

interface Contact {
  id: string;
  areaKind: string;
  areaCode: string | null;
  name: string;
}
interface Incident {
  code: string;
  status: string;
  acknowledgeBy: string;
  resolveBy: string;
  version: number;
  log: { action: string; note: string | null }[];
}

/**
 * Support focal points and incidents (issue 23 §4). Oracles from the rules: an official's own area
 * is the province of their agency, the ministry above it, and the nation; a province keeps its own
 * register only; a critical incident is timed on the wall clock (15 minutes to acknowledge, 4 hours
 * to resolve, nights and weekends included), a high one in working time (1 working hour).
 */
describe('support focal points and incidents', () => {
  const clock = new Date('2026-12-12T23:00:00+07:00'); // a Saturday night
  let s: TestServer;
  let system: Signed;
  let hanoiAdmin: Signed;
  let ministryAdmin: Signed;
  let justice: string;
  const contact = (areaKind: string, areaCode: string | null, name: string) => ({
    areaKind,
    areaCode,
    name,
    unit: 'Tổ hỗ trợ kỹ thuật',
    phone: '024 3822 0000',
    email: null,
    hours: '24/7',
    channel: 'https://zalo.me/g/hotro',
  });
  const mine = async (who: Signed | null) => {
    const res = who
      ? await who.call('GET', '/api/v1/support/contacts/mine')
      : await s.app.inject({ url: '/api/v1/support/contacts/mine' });
    assert.equal(res.statusCode, 200, res.body);
    return res
      .json<{ items: Contact[] }>()
      .items.map((c) => c.name)
      .sort();
  };

  before(async () => {
    s = await startTestServer({
      now: () => clock,
      loginPerMinute: 1000,
      settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 },
    });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db, { now: () => new Date('2026-01-01') }));
    justice = (
      await s.db.database.db
        .selectFrom('procedure')
        .select('ministry_code')
        .where('code', '=', 'VD.000005')
        .executeTakeFirstOrThrow()
    ).ministry_code;
    system = await signIn(s.app, 'quantri', clock);
    hanoiAdmin = await signIn(s.app, 'hanoi.quantri', clock);
    ministryAdmin = await signIn(s.app, 'botuphap.quantri', clock);
  });
  after(() => s.close());

  it('keeps each area’s focal points, each kept by its own administrators', async () => {
    const add = (who: Signed, body: object) => who.call('POST', '/api/v1/support/contacts', body);
    assert.equal((await add(system, contact('national', null, 'Tổng đài quốc gia'))).statusCode, 201);
    assert.equal((await add(hanoiAdmin, contact('province', '01', 'Hỗ trợ Hà Nội'))).statusCode, 201);
    assert.equal(
      (await add(ministryAdmin, contact('ministry', justice, 'Hỗ trợ Bộ Tư pháp'))).statusCode,
      201,
    );
    assert.equal((await add(system, contact('province', '40', 'Hỗ trợ Nghệ An'))).statusCode, 201);
    assert.equal((await add(hanoiAdmin, contact('province', '40', 'x'))).statusCode, 403);
    assert.equal((await add(hanoiAdmin, contact('national', null, 'x'))).statusCode, 403);
    assert.equal((await add(ministryAdmin, contact('province', '01', 'x'))).statusCode, 403);
    const official = await signIn(s.app, 'hanoi.motcua', clock);
    assert.equal((await add(official, contact('province', '01', 'x'))).statusCode, 403);
  });

  it('shows each person the focal points of their own area', async () => {
    assert.deepEqual(await mine(await signIn(s.app, 'hanoi.motcua', clock)), [
      'Hỗ trợ Hà Nội',
      'Tổng đài quốc gia',
    ]);
    assert.deepEqual(await mine(await signIn(s.app, 'badinh.motcua', clock)), [
      'Hỗ trợ Hà Nội',
      'Tổng đài quốc gia',
    ]);
    assert.deepEqual(await mine(await signIn(s.app, 'nghean.motcua', clock)), [
      'Hỗ trợ Nghệ An',
      'Tổng đài quốc gia',
    ]);
    assert.deepEqual(await mine(await signIn(s.app, 'botuphap.lanhdao', clock)), [
      'Hỗ trợ Bộ Tư pháp',
      'Tổng đài quốc gia',
    ]);
    assert.deepEqual(await mine(null), ['Tổng đài quốc gia']);
    const all = await s.app.inject({ url: '/api/v1/support/contacts' });
    assert.equal(all.json<{ items: unknown[] }>().items.length, 4);
  });

  it('times incidents by severity, and lets only the area’s support work them', async () => {
    const reporter = await signIn(s.app, 'badinh.motcua', clock);
    const critical = await reporter.call(
      'POST',
      '/api/v1/incidents',
      {
        title: 'Không tiếp nhận được hồ sơ',
        description: 'Màn hình tiếp nhận báo lỗi.',
        severity: 'critical',
        province: '01',
      },
      { 'idempotency-key': 'sc-1' },
    );
    assert.equal(critical.statusCode, 201, critical.body);
    const c = critical.json<Incident>();
    assert.equal(c.acknowledgeBy, new Date('2026-12-12T23:15:00+07:00').toISOString(), '24/7: 15 minutes');
    assert.equal(c.resolveBy, new Date('2026-12-13T03:00:00+07:00').toISOString(), '24/7: 4 hours');
    const again = await reporter.call(
      'POST',
      '/api/v1/incidents',
      { title: 'x', description: 'x', severity: 'low' },
      { 'idempotency-key': 'sc-1' },
    );
    assert.equal(again.json<Incident>().code, c.code, 'the same key: the same incident');

    clock.setTime(Date.parse('2026-12-14T09:00:00+07:00')); // Monday morning
    const high = await reporter.call('POST', '/api/v1/incidents', {
      title: 'Mẫu tờ khai sai',
      description: 'x',
      severity: 'high',
      procedure: 'VD.000005',
    });
    assert.equal(high.statusCode, 201, high.body);
    assert.equal(high.json<Incident>().acknowledgeBy, new Date('2026-12-14T10:00:00+07:00').toISOString());
    const bad = await reporter.call('POST', '/api/v1/incidents', {
      title: 'x',
      description: 'x',
      severity: 'low',
      procedure: 'VD.999999',
    });
    assert.equal(bad.statusCode, 400, bad.body);

    const codes = async (who: Signed) =>
      (await who.call('GET', '/api/v1/incidents')).json<{ items: Incident[] }>().items.map((i) => i.code);
    const neAdmin = await signIn(s.app, 'nghean.quantri', clock);
    assert.ok((await codes(hanoiAdmin)).includes(c.code), 'the province supports its own');
    assert.ok(!(await codes(neAdmin)).includes(c.code), 'not another province');
    assert.ok(
      (await codes(ministryAdmin)).includes(high.json<Incident>().code),
      'the ministry: its procedures',
    );
    assert.ok(!(await codes(ministryAdmin)).includes(c.code));
    assert.equal((await codes(reporter)).length, 2, 'the opener follows both');

    const act = (who: Signed, body: object, version: number) =>
      who.call('POST', `/api/v1/incidents/${c.code}/actions`, { ...body, expectedVersion: version });
    assert.equal((await act(reporter, { type: 'acknowledge' }, 1)).statusCode, 403);
    assert.equal((await act(neAdmin, { type: 'acknowledge' }, 1)).statusCode, 403);
    assert.equal((await act(hanoiAdmin, { type: 'acknowledge' }, 1)).statusCode, 200);
    assert.equal((await act(hanoiAdmin, { type: 'work', note: 'Khởi động lại máy chủ' }, 1)).statusCode, 409);
    assert.equal((await act(hanoiAdmin, { type: 'work', note: 'Khởi động lại máy chủ' }, 2)).statusCode, 200);
    const closed = await act(system, { type: 'close', resolution: 'Đã khắc phục' }, 3);
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json<Incident>().status, 'closed');
    assert.deepEqual(
      closed.json<Incident>().log.map((l) => l.action),
      ['acknowledge', 'work', 'close'],
    );
    assert.equal((await act(system, { type: 'work', note: 'x' }, 4)).statusCode, 409, 'closed is final');
  });
});
