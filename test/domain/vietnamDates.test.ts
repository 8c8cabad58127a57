import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { vietnamDate, vnDay, vnDayTime, vnMonth } from '../../src/domain/calendar/localDate.js';
import { composeNotice } from '../../src/domain/notifications/applicantNotice.js';

describe('the one formatter of dates people read', () => {
  const halfPastMidnight = new Date('2026-12-04T17:30:00Z'); // 00:30 on 5 December in Hà Nội

  it('writes the Vietnam day first, and the time before the day', () => {
    assert.equal(vnDay(halfPastMidnight), '05/12/2026');
    assert.equal(vnDayTime(halfPastMidnight), '00:30 05/12/2026');
    assert.equal(vnDayTime('2026-12-04T18:38:00.000Z'), '01:38 05/12/2026');
    assert.equal(vnDay('2026-12-05'), '05/12/2026', 'a day is a day, whatever the zone');
    assert.equal(vnMonth('2026-11-01'), '11/2026');
  });

  it('tells the applicant the due time in Vietnam, in the SMS and the e-mail', () => {
    const n = composeNotice('received', { code: 'X', due: halfPastMidnight, statusUrl: null });
    assert.match(n.sms, /00:30 05\/12\/2026/);
    assert.match(n.email.body, /00:30 05\/12\/2026/);
  });

  it('agrees with the time zone database for any instant', () => {
    const tz = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1980-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          const [day, time] = tz.format(d).split(', ');
          assert.equal(vnDayTime(d), `${time} ${day}`);
          assert.equal(vnDay(vietnamDate(d)), day);
        },
      ),
    );
  });
});
