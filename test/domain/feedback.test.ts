import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { suggestedYear } from '../../src/domain/calendar/holidays.js';
import { dayOf, toLocal } from '../../src/domain/calendar/localTime.js';
import { WorkCalendar } from '../../src/domain/calendar/workCalendar.js';
import { answerDue, decideFeedback, feedbackStatuses, isLate } from '../../src/domain/feedback/feedback.js';

const calendar = () => new WorkCalendar(suggestedYear);

describe('feedback (pure)', () => {
  it('is due 10 working days after receipt, on the calendar', () => {
    // Monday 2 March 2026 08:30 → Monday 16 March 08:30 (two weekends skipped).
    assert.equal(
      answerDue(calendar(), new Date('2026-03-02T08:30:00+07:00')).toISOString(),
      new Date('2026-03-16T08:30:00+07:00').toISOString(),
    );
    // Received on Friday 13 February 2026, the eve of the Tết days off (16–20 February by the
    // rules): the ten working days start after them.
    const tet = answerDue(calendar(), new Date('2026-02-13T16:00:00+07:00'));
    assert.ok(tet.getTime() > new Date('2026-03-02T00:00:00+07:00').getTime(), tet.toISOString());
  });

  it('always falls on a working day, at least ten working days later', () => {
    const cal = calendar();
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
        (d) => {
          const due = answerDue(cal, d);
          assert.ok(cal.isWorkingDay(dayOf(toLocal(due))) || toLocal(due) % 1440 === 0);
          let working = 0;
          for (let day = dayOf(toLocal(d)) + 1; day <= dayOf(toLocal(due)); day++)
            if (cal.isWorkingDay(day)) working++;
          assert.ok(working >= 9 && working <= 11, `${d.toISOString()} → ${due.toISOString()}: ${working}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers once: an answered feedback takes no command', () => {
    for (const status of feedbackStatuses) {
      const assign = decideFeedback(status, { type: 'assign', assigneeId: 'x' });
      const answer = decideFeedback(status, { type: 'answer', answer: 'ok' });
      if (status === 'answered') {
        assert.equal(assign, 'already_answered');
        assert.equal(answer, 'already_answered');
      } else {
        assert.equal(assign, 'assigned');
        assert.equal(answer, 'answered');
      }
    }
  });

  it('is late when answered after its due, or open past it', () => {
    const dueAt = new Date('2026-03-16T08:30:00+07:00');
    const before = new Date('2026-03-16T08:30:00+07:00');
    const after = new Date('2026-03-16T08:31:00+07:00');
    assert.equal(isLate({ dueAt, answeredAt: before }, after), false, 'answered exactly at the due minute');
    assert.equal(isLate({ dueAt, answeredAt: after }, before), true);
    assert.equal(isLate({ dueAt, answeredAt: null }, before), false);
    assert.equal(isLate({ dueAt, answeredAt: null }, after), true);
  });
});
