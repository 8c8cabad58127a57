import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Problem } from '../../src/contracts/common.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn } from '../../fixtures/staff.js';

interface Due {
  start: string;
  due: string;
  calendarVersion: string;
}

describe(`calendar and deadlines API (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
  });
  after(() => s.close());

  const due = async (query: string) => {
    const res = await s.app.inject({ url: `/api/v1/calendar/due?${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Due>();
  };

  it('answers anyone where a deadline falls, and by which calendar', async () => {
    // Friday 13 Feb 2026 at 10:00, one working day: 5 h before Tết, 3 h after it.
    const d = await due('from=2026-02-13T10:00:00%2B07:00&amount=1&unit=working_days');
    assert.deepEqual(d, {
      start: '2026-02-13T03:00:00.000Z',
      due: '2026-02-23T03:00:00.000Z',
      calendarVersion: '2026:rules',
    });
    const cutoff = await due(
      'from=2026-02-12T15:30:00%2B07:00&amount=1&unit=working_days&sameDayCutoff=true',
    );
    assert.equal(cutoff.due, '2026-02-13T10:00:00.000Z');
    const unknown = await s.app.inject({
      url: '/api/v1/calendar/due?from=2026-02-13T10:00:00%2B07:00&amount=1&unit=working_days&agency=000.00.00.X99',
    });
    assert.equal(unknown.statusCode, 404);
    const bad = await s.app.inject({ url: '/api/v1/calendar/due?from=yesterday&amount=1&unit=weeks' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.headers['content-type'] as string, /problem\+json/);
  });

  it('shows the suggestion until a system administrator confirms the year', async () => {
    const before = (await s.app.inject({ url: '/api/v1/calendar/days-off?year=2027' })).json<{
      confirmed: unknown;
      effective: { daysOff: { date: string }[]; version: string };
    }>();
    assert.equal(before.confirmed, null);
    assert.equal(before.effective.version, 'rules');

    // The decision for 2027 (an example): Tết 4–12 Feb with Saturday 20 Feb worked in exchange.
    const table = {
      daysOff: [
        ...before.effective.daysOff.filter((d) => !d.date.startsWith('2027-02')),
        ...[
          '2027-02-04',
          '2027-02-05',
          '2027-02-08',
          '2027-02-09',
          '2027-02-10',
          '2027-02-11',
          '2027-02-12',
        ].map((date) => ({ date, name: 'Tết Nguyên đán' })),
      ].map((d) => ({ date: d.date, name: 'name' in d ? String(d.name) : 'Nghỉ' })),
      workingDays: [{ date: '2027-02-20', name: 'Làm bù ngày 12/02' }],
      note: 'Theo thông báo của Văn phòng Chính phủ (ví dụ)',
    };
    const province = await signIn(s.app, 'hanoi.quantri');
    assert.equal((await province.call('PUT', '/api/v1/calendar/years/2027', table)).statusCode, 403);

    const system = await signIn(s.app, 'quantri');
    const wrong = await system.call('PUT', '/api/v1/calendar/years/2027', {
      daysOff: [
        { date: '2027-02-06', name: 'Thứ Bảy' },
        { date: '2026-12-31', name: 'Năm khác' },
      ],
      workingDays: [{ date: '2027-02-17', name: 'Thứ Tư' }],
    });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(
      wrong.json<Problem>().errors?.map((e) => e.field),
      ['body.daysOff[0].date', 'body.daysOff[1].date', 'body.workingDays[0].date'],
    );

    // By the rules: Thursday 4 Feb 2027 09:00 + 1 working day: 6 h that Thursday; 5 Feb (last day
    // of the lunar year), the weekend and 8–11 Feb are off; 2 h on Friday 12 Feb → 09:00.
    const q = 'from=2027-02-04T09:00:00%2B07:00&amount=1&unit=working_days';
    assert.equal((await due(q)).due, '2027-02-12T02:00:00.000Z');
    const ok = await system.call('PUT', '/api/v1/calendar/years/2027', table);
    assert.equal(ok.statusCode, 200, ok.body);
    const after = await due(q);
    // Now 4 Feb is off as well: the clock starts on Monday 15 Feb at 07:00.
    assert.equal(after.due, '2027-02-15T10:00:00.000Z');
    assert.equal(after.calendarVersion, '2027:r1');
  });

  it("computes an agency's deadlines with its own office hours, set within the administrator's area", async () => {
    const body = {
      segments: [
        ['07:30', '11:30'],
        ['13:00', '17:00'],
      ],
    };
    const outsider = await signIn(s.app, 'nghean.quantri');
    assert.equal(
      (await outsider.call('PUT', '/api/v1/agencies/000.00.01.H01/office-hours', body)).statusCode,
      403,
    );
    const admin = await signIn(s.app, 'hanoi.quantri');
    const overlapping = await admin.call('PUT', '/api/v1/agencies/000.00.01.H01/office-hours', {
      segments: [
        ['08:00', '12:00'],
        ['11:00', '17:00'],
      ],
    });
    assert.equal(overlapping.statusCode, 400);
    const ok = await admin.call('PUT', '/api/v1/agencies/000.00.01.H01/office-hours', body);
    assert.equal(ok.statusCode, 200, ok.body);
    // Monday 2 March 2026 07:00 + 4 working hours: 07:30–11:30 at this centre, 07:00–11:00 by default.
    const q = 'from=2026-03-02T07:00:00%2B07:00&amount=4&unit=working_hours';
    assert.equal((await due(`${q}&agency=000.00.01.H01`)).due, '2026-03-02T04:30:00.000Z');
    assert.equal((await due(q)).due, '2026-03-02T04:00:00.000Z');
  });
});
