import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ProcessingTime } from '../../src/domain/catalog/procedureVersion.js';
import {
  addWorkingMinutes,
  clockStart,
  dueAfter,
  nextWorkingInstant,
  verdict,
  workingMinutesBetween,
} from '../../src/domain/calendar/deadline.js';
import { suggestedYear, type YearTable } from '../../src/domain/calendar/holidays.js';
import { dayOf, fromLocal, minuteOfDay, toLocal } from '../../src/domain/calendar/localTime.js';
import { WorkCalendar } from '../../src/domain/calendar/workCalendar.js';

/**
 * 2026 written out by hand, independently of the rules: Tết 16–20 Feb (Mon–Fri), Giỗ Tổ on Sunday
 * 26 Apr compensated Monday 27 Apr, 30 Apr (Thu), 1 May (Fri), 1–2 Sep (Tue–Wed), 1 Jan (Thu), and
 * Saturday 10 Jan worked in exchange.
 */
const hand2026: YearTable = {
  year: 2026,
  daysOff: [
    '2026-01-01',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-04-27',
    '2026-04-30',
    '2026-05-01',
    '2026-09-01',
    '2026-09-02',
  ].map((date) => ({ date, name: 'nghỉ' })),
  workingDays: [{ date: '2026-01-10', name: 'làm bù' }],
  version: 'r1',
};
const calendar = () => new WorkCalendar((y) => (y === 2026 ? hand2026 : suggestedYear(y)));
const at = (local: string) => toLocal(new Date(`${local}:00+07:00`));
const show = (m: number) =>
  fromLocal(m).toLocaleString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 16).replace(' ', 'T');
const wd = (amount: number): ProcessingTime => ({ amount, unit: 'working_days' });
const wh = (amount: number): ProcessingTime => ({ amount, unit: 'working_hours' });
const cd = (amount: number): ProcessingTime => ({ amount, unit: 'calendar_days' });

// [received (local time), time, 15:00 cut-off applies, due (local time), why]
const table: [string, ProcessingTime, boolean, string, string][] = [
  ['2026-03-02T08:00', wd(1), false, '2026-03-03T08:00', '7 h on Monday, 1 h on Tuesday'],
  ['2026-03-02T07:00', wd(1), false, '2026-03-02T17:00', 'a whole day ends at the close'],
  ['2026-03-02T06:30', wd(1), false, '2026-03-02T17:00', 'before opening counts from 07:00'],
  ['2026-03-02T12:00', wh(4), false, '2026-03-03T07:30', 'lunch counts from 13:30'],
  ['2026-03-02T17:30', wh(2), false, '2026-03-03T09:00', 'after closing counts from the next morning'],
  ['2026-03-06T16:00', wh(2), false, '2026-03-09T08:00', 'Friday afternoon over the weekend'],
  ['2026-03-07T10:00', wd(1), false, '2026-03-09T17:00', 'received on Saturday'],
  ['2026-02-13T10:00', wd(1), false, '2026-02-23T10:00', '5 h before Tết, 3 h after it'],
  ['2026-02-12T15:30', wd(1), true, '2026-02-13T17:00', 'after 15:00 with the cut-off'],
  ['2026-02-12T15:30', wd(1), false, '2026-02-13T15:30', 'after 15:00 without the cut-off'],
  ['2026-02-12T14:59', wd(1), true, '2026-02-13T14:59', 'just before the cut-off'],
  ['2026-02-13T15:00', wd(1), true, '2026-02-23T17:00', 'cut-off on the eve of Tết'],
  ['2026-02-18T09:00', wd(3), false, '2026-02-25T17:00', 'received during Tết'],
  ['2026-02-13T09:00', cd(7), false, '2026-02-23T09:00', 'calendar days landing in Tết move on'],
  ['2026-03-02T09:00', cd(5), false, '2026-03-09T09:00', 'calendar days landing on Saturday move on'],
  ['2026-03-03T10:00', cd(2), false, '2026-03-05T10:00', 'calendar days on working days'],
  ['2026-04-29T09:00', wd(1), false, '2026-05-04T09:00', 'over 30/4 and 1/5'],
  ['2026-04-24T16:00', wd(2), false, '2026-04-29T16:00', 'over the compensatory day for Giỗ Tổ'],
  ['2026-04-27T08:00', wh(1), false, '2026-04-28T08:00', 'received on the compensatory day'],
  ['2026-08-31T14:00', wd(1), false, '2026-09-03T14:00', 'over 1–2 September'],
  ['2026-01-01T10:00', wd(1), false, '2026-01-02T17:00', 'received on New Year'],
  ['2026-01-09T13:30', wd(1), false, '2026-01-10T11:30', 'into the Saturday worked in exchange'],
  ['2026-01-09T17:00', wh(1), false, '2026-01-10T08:00', 'at the close, on to the Saturday worked'],
  ['2026-03-02T11:30', wh(1), false, '2026-03-02T14:30', 'at the start of lunch'],
  ['2026-03-02T13:30', wh(3), false, '2026-03-02T16:30', 'at the end of lunch'],
  ['2026-03-02T07:00', wd(10), false, '2026-03-13T17:00', 'two full weeks'],
  ['2026-04-20T07:00', wd(15), false, '2026-05-13T17:00', 'three weeks with three days off'],
  ['2026-04-30T10:00', wd(2), false, '2026-05-05T17:00', 'received on 30/4'],
  ['2026-03-31T08:00', cd(30), false, '2026-05-04T08:00', '30 calendar days landing on 30/4'],
  ['2026-02-14T09:00', wh(8), true, '2026-02-23T17:00', 'weekend before Tết, cut-off irrelevant'],
];

describe('deadline engine against a hand-computed table', () => {
  for (const [received, time, cutoff, due, why] of table) {
    it(`${received} + ${time.amount} ${time.unit}${cutoff ? ' (15:00)' : ''} → ${due}: ${why}`, () => {
      const cal = calendar();
      const start = clockStart(cal, at(received), cutoff);
      assert.equal(show(dueAfter(cal, start, time)), due);
    });
  }

  it('shifts the due time by the working time a supplement request paused', () => {
    const cal = calendar();
    const due = dueAfter(cal, clockStart(cal, at('2026-03-02T08:00'), false), wd(2));
    assert.equal(show(due), '2026-03-04T08:00');
    // Paused Monday 10:00 → Thursday 09:00: 5 + 8 + 8 + 2 = 23 working hours.
    const paused = workingMinutesBetween(cal, at('2026-03-02T10:00'), at('2026-03-05T09:00'));
    assert.equal(paused, 23 * 60);
    assert.equal(show(addWorkingMinutes(cal, due, paused)), '2026-03-06T17:00');
  });

  it('does not count Tết in a pause that spans it', () => {
    const cal = calendar();
    const paused = workingMinutesBetween(cal, at('2026-02-12T16:00'), at('2026-02-23T08:00'));
    assert.equal(paused, 10 * 60);
    assert.equal(show(addWorkingMinutes(cal, at('2026-02-13T17:00'), paused)), '2026-02-24T09:00');
  });

  it('judges finished dossiers before due, on time (same day) or late', () => {
    const due = at('2026-03-06T17:00');
    assert.equal(verdict(at('2026-03-05T16:00'), due), 'before_due');
    assert.equal(verdict(at('2026-03-06T08:00'), due), 'on_time');
    assert.equal(verdict(at('2026-03-06T17:00'), due), 'on_time');
    assert.equal(verdict(at('2026-03-06T17:01'), due), 'late');
    assert.equal(verdict(at('2026-03-09T07:30'), due), 'late');
  });

  it('records the calendar versions it consulted', () => {
    const cal = calendar();
    dueAfter(cal, at('2026-12-30T08:00'), wd(5));
    assert.equal(cal.version, '2026:r1 2027:rules');
  });
});

describe('deadline engine properties', () => {
  // Any instant from 2025 to 2027, to the minute.
  const instant = fc.integer({ min: at('2025-01-01T00:00'), max: at('2027-12-31T23:59') });
  const cal = calendar();
  const isWorking = (m: number) =>
    cal.isWorkingDay(dayOf(m)) && cal.hours.some(([a, b]) => minuteOfDay(m) >= a && minuteOfDay(m) <= b);

  it('lands every due time inside office hours of a working day, never before the start', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 * 8 * 40 }), (t, minutes) => {
        const due = addWorkingMinutes(cal, t, minutes);
        assert.ok(due >= t);
        assert.ok(isWorking(due), show(due));
      }),
    );
  });

  it('counts back exactly the working minutes it added', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 * 8 * 40 }), (t, minutes) => {
        const start = nextWorkingInstant(cal, t);
        assert.equal(workingMinutesBetween(cal, start, addWorkingMinutes(cal, start, minutes)), minutes);
      }),
    );
  });

  it('is monotonic and additive: a then b equals a + b', () => {
    fc.assert(
      fc.property(instant, fc.nat(3000), fc.nat(3000), (t, a, b) => {
        const once = addWorkingMinutes(cal, t, a + b);
        assert.ok(addWorkingMinutes(cal, t, a) <= once);
        // Splitting at a close can only differ by the night between: the working time is the same.
        const twice = addWorkingMinutes(cal, addWorkingMinutes(cal, t, a), b);
        assert.equal(workingMinutesBetween(cal, once, twice), 0);
      }),
    );
  });

  it('never lets a 15:00 cut-off start the clock earlier than without it', () => {
    fc.assert(
      fc.property(instant, (t) => {
        assert.ok(clockStart(cal, t, true) >= clockStart(cal, t, false));
      }),
    );
  });

  it('puts calendar-day deadlines on working days, at least the given days later', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (t, days) => {
        const start = nextWorkingInstant(cal, t);
        const due = dueAfter(cal, start, cd(days));
        assert.ok(cal.isWorkingDay(dayOf(due)));
        assert.ok(dayOf(due) - dayOf(start) >= days);
      }),
    );
  });
});
