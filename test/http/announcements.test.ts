import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { postFile, tinyPng } from '../support/multipart.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

interface View {
  id: string;
  title: string;
  readAt: string | null;
  audienceText: string;
  attachments: { position: number; name: string }[];
}

/**
 * Notices and planned maintenance (issue 23 §3). The oracles come from the rules: maintenance is
 * announced at least five working days ahead (Monday 7 December 2026 → the working days Tue 8,
 * Wed 9, Thu 10, Fri 11, Mon 14, so the earliest window starts at 00:00 on Tuesday 15 December);
 * a notice reaches an official when one of their grants meets every audience condition; a
 * province publishes only inside itself.
 */
describe('announcements and maintenance notices', () => {
  const clock = new Date('2026-12-07T09:00:00+07:00');
  let s: TestServer;
  let system: Signed;
  let ministry: Signed;
  let hanoiAdmin: Signed;
  const who: Record<string, Signed> = {};
  const mine = async (username: string) => {
    const res = await (who[username] as Signed).call('GET', '/api/v1/announcements');
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ items: View[] }>().items.map((a) => a.title);
  };
  const validTo = '2026-12-31T23:59:00+07:00';

  before(async () => {
    s = await startTestServer({ now: () => clock, loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    system = await signIn(s.app, 'quantri', clock);
    ministry = await signIn(s.app, 'botuphap.quantri', clock);
    hanoiAdmin = await signIn(s.app, 'hanoi.quantri', clock);
    for (const u of ['hanoi.motcua', 'hanoi.lanhdao', 'badinh.motcua', 'nghean.motcua'])
      who[u] = await signIn(s.app, u, clock);
  });
  after(() => s.close());

  it('refuses maintenance fewer than five working days ahead, naming the earliest start', async () => {
    const earliest = await system.call('GET', '/api/v1/announcements/maintenance-earliest');
    assert.equal(earliest.json<{ earliest: string }>().earliest, '2026-12-14T17:00:00.000Z');
    const tooSoon = await system.call('POST', '/api/v1/announcements', {
      kind: 'maintenance',
      importance: 'important',
      title: 'Bảo trì hệ thống',
      body: 'Nâng cấp cơ sở dữ liệu.',
      validTo,
      window: { from: '2026-12-14T22:00:00+07:00', to: '2026-12-15T02:00:00+07:00' },
    });
    assert.equal(tooSoon.statusCode, 422, tooSoon.body);
    assert.match(tooSoon.json<{ detail: string }>().detail, /00:00 15\/12\/2026/);
    assert.equal(
      (await s.app.inject({ url: '/api/v1/public/announcements' })).json<{ items: [] }>().items.length,
      0,
    );
  });

  it('publishes maintenance from the earliest start, shown to everyone and marked on during its window', async () => {
    const res = await system.call(
      'POST',
      '/api/v1/announcements',
      {
        kind: 'maintenance',
        importance: 'urgent',
        title: 'Bảo trì đêm 15/12',
        body: 'Hệ thống tạm dừng để nâng cấp.',
        validTo,
        window: { from: '2026-12-15T00:00:00+07:00', to: '2026-12-15T04:00:00+07:00' },
      },
      { 'idempotency-key': 'bao-tri-1512' },
    );
    assert.equal(res.statusCode, 201, res.body);
    const again = await system.call(
      'POST',
      '/api/v1/announcements',
      {
        kind: 'maintenance',
        title: 'khác',
        body: 'khác',
        validTo,
        window: { from: '2027-01-01T00:00:00Z', to: '2027-01-02T00:00:00Z' },
      },
      { 'idempotency-key': 'bao-tri-1512' },
    );
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json<View>().id, res.json<View>().id, 'the same key returns the first notice');
    const publicList = async () =>
      (await s.app.inject({ url: '/api/v1/public/announcements?province=40' })).json<{
        items: { title: string; state: string | null }[];
      }>().items;
    assert.deepEqual(await publicList(), [
      { ...(await publicList())[0], title: 'Bảo trì đêm 15/12', state: 'later' },
    ]);
    for (const u of ['hanoi.motcua', 'nghean.motcua'])
      assert.ok((await mine(u)).includes('Bảo trì đêm 15/12'), u);
    const saved = clock.getTime();
    clock.setTime(Date.parse('2026-12-15T00:30:00+07:00'));
    assert.equal((await publicList())[0]?.state, 'on');
    clock.setTime(Date.parse('2026-12-15T04:00:00+07:00'));
    assert.equal((await publicList()).length, 0, 'over at its end');
    clock.setTime(saved);
  });

  it('reaches only the officials its audience names', async () => {
    const toReceivers = await hanoiAdmin.call('POST', '/api/v1/announcements', {
      importance: 'important',
      title: 'Hà Nội: cán bộ một cửa tập huấn',
      body: 'Tập huấn tiếp nhận hồ sơ phi địa giới.',
      audience: { province: '01', role: 'receiver' },
      validTo,
    });
    assert.equal(toReceivers.statusCode, 201, toReceivers.body);
    assert.match(toReceivers.json<View>().audienceText, /Hà Nội · Cán bộ một cửa/);
    const toCommunes = await ministry.call('POST', '/api/v1/announcements', {
      title: 'Bộ Tư pháp: mẫu tờ khai mới',
      body: 'Áp dụng từ 01/01/2027.',
      audience: { agencyKind: 'commune_service_center' },
      validTo,
    });
    assert.equal(toCommunes.statusCode, 201, toCommunes.body);
    const hanoi = 'Hà Nội: cán bộ một cửa tập huấn';
    const justice = 'Bộ Tư pháp: mẫu tờ khai mới';
    const expected: Record<string, [boolean, boolean]> = {
      'hanoi.motcua': [true, false], // receiver at the Hà Nội province centre
      'badinh.motcua': [true, true], // receiver at a Hà Nội commune centre
      'hanoi.lanhdao': [false, false], // a leader: not a receiver, not at a commune centre
      'nghean.motcua': [false, false], // another province, a province centre
    };
    for (const [u, [h, j]] of Object.entries(expected)) {
      const titles = await mine(u);
      assert.equal(titles.includes(hanoi), h, `${u} and the Hà Nội notice`);
      assert.equal(titles.includes(justice), j, `${u} and the ministry notice`);
    }
  });

  it('lets a province publish only inside itself, and officials not at all', async () => {
    const outside = await hanoiAdmin.call('POST', '/api/v1/announcements', {
      title: 'Gửi Nghệ An',
      body: 'x',
      audience: { province: '40' },
      validTo,
    });
    assert.equal(outside.statusCode, 403, outside.body);
    const everyone = await hanoiAdmin.call('POST', '/api/v1/announcements', {
      title: 'Gửi tất cả',
      body: 'x',
      validTo,
    });
    assert.equal(everyone.statusCode, 403, everyone.body);
    const official = await (who['hanoi.motcua'] as Signed).call('POST', '/api/v1/announcements', {
      title: 'x',
      body: 'x',
      validTo,
    });
    assert.equal(official.statusCode, 403, official.body);
    const unknown = await system.call('POST', '/api/v1/announcements', {
      title: 'x',
      body: 'x',
      audience: { province: '99' },
      validTo,
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
  });

  it('keeps who read what; attachments go to those it reaches; a withdrawn notice is gone', async () => {
    const reader = who['badinh.motcua'] as Signed;
    const unread = (await reader.call('GET', '/api/v1/announcements?unread=true')).json<{ items: View[] }>()
      .items;
    const notice = unread.find((a) => a.title === 'Bộ Tư pháp: mẫu tờ khai mới') as View;
    assert.ok(notice);
    const attached = await postFile(s.app, ministry, `/api/v1/announcements/${notice.id}/attachments`, {
      name: 'mau-to-khai.png',
      bytes: tinyPng,
    });
    assert.equal(attached.statusCode, 201, attached.body);
    assert.equal(
      (await reader.call('GET', `/api/v1/announcements/${notice.id}/attachments/1`)).statusCode,
      200,
    );
    assert.equal(
      (await (who['nghean.motcua'] as Signed).call('GET', `/api/v1/announcements/${notice.id}/attachments/1`))
        .statusCode,
      404,
      'not meant for a province centre',
    );
    assert.equal(
      (await s.app.inject({ url: `/api/v1/announcements/${notice.id}/attachments/1` })).statusCode,
      404,
    );
    assert.equal((await reader.call('POST', `/api/v1/announcements/${notice.id}/read`)).statusCode, 200);
    assert.equal((await reader.call('POST', `/api/v1/announcements/${notice.id}/read`)).statusCode, 200);
    const after = (await reader.call('GET', '/api/v1/announcements?unread=true')).json<{ items: View[] }>()
      .items;
    assert.ok(!after.some((a) => a.id === notice.id), 'read');
    assert.equal(
      (await (who['nghean.motcua'] as Signed).call('POST', `/api/v1/announcements/${notice.id}/read`))
        .statusCode,
      404,
    );
    assert.equal(
      (await hanoiAdmin.call('POST', `/api/v1/announcements/${notice.id}/withdraw`)).statusCode,
      403,
    );
    assert.equal(
      (await ministry.call('POST', `/api/v1/announcements/${notice.id}/withdraw`)).statusCode,
      200,
    );
    assert.ok(!(await mine('badinh.motcua')).includes('Bộ Tư pháp: mẫu tờ khai mới'));
    const audit = await system.call('GET', '/api/v1/audit?action=announcement.publish');
    assert.equal(audit.statusCode, 200, audit.body);
    assert.ok(audit.json<{ items: unknown[] }>().items.length >= 3, 'each publication audited');
  });
});
