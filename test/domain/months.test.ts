import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { localToday, monthOf, nextMonthOf, previousMonthOf } from '../../src/domain/calendar/months.js';

describe('months', () => {
  it('steps across the year end both ways', () => {
    assert.equal(nextMonthOf('2026-12-01'), '2027-01-01');
    assert.equal(previousMonthOf('2027-01-01'), '2026-12-01');
    assert.equal(monthOf('2026-03-31'), '2026-03-01');
  });

  it('takes Vietnam’s day: 17:00 UTC is already the next day there', () => {
    assert.equal(localToday(new Date('2026-03-31T16:59:00Z')), '2026-03-31');
    assert.equal(localToday(new Date('2026-03-31T17:00:00Z')), '2026-04-01');
  });

  it('goes back where it came from (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const month = `${y}-${String(m).padStart(2, '0')}-01`;
        assert.equal(previousMonthOf(nextMonthOf(month)), month);
        assert.equal(nextMonthOf(previousMonthOf(month)), month);
        assert.ok(nextMonthOf(month) > month && previousMonthOf(month) < month);
      }),
    );
  });
});
