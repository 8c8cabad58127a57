import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lunarToSolar, suggestedYear, tetOf } from '../../src/domain/calendar/holidays.js';
import { dayOfIso, isoOfDay, weekday } from '../../src/domain/calendar/localTime.js';

describe('Vietnamese lunar calendar and the holiday rules', () => {
  it('places Tết on the Vietnamese dates (UTC+7), not the Chinese ones', () => {
    assert.equal(isoOfDay(tetOf(2025)), '2025-01-29');
    assert.equal(isoOfDay(tetOf(2026)), '2026-02-17');
    assert.equal(isoOfDay(tetOf(2027)), '2027-02-06');
    // China (UTC+8) had 18 Feb 2007 and 20 Feb 1985.
    assert.equal(isoOfDay(tetOf(2007)), '2007-02-17');
    assert.equal(isoOfDay(tetOf(1985)), '1985-01-21');
  });

  it('places Giỗ Tổ Hùng Vương on 10/3 lunar', () => {
    assert.equal(isoOfDay(lunarToSolar(10, 3, 2025)), '2025-04-07');
    assert.equal(isoOfDay(lunarToSolar(10, 3, 2026)), '2026-04-26');
  });

  it('suggests 2026 as the government fixed its weekdays off', () => {
    assert.deepEqual(
      suggestedYear(2026).daysOff.map((d) => d.date),
      [
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
      ],
    );
  });

  it('gives a compensatory day for each holiday on a weekend (Tết 2027 begins on a Saturday)', () => {
    const days = suggestedYear(2027).daysOff;
    assert.deepEqual(
      days.filter((d) => d.date >= '2027-02-01' && d.date <= '2027-02-28').map((d) => d.date),
      ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    );
  });

  it('suggests only weekdays, eleven holidays each year, each one day after the other in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), (year) => {
        const days = suggestedYear(year).daysOff;
        for (const d of days) {
          const w = weekday(dayOfIso(d.date));
          assert.ok(w !== 0 && w !== 6, d.date);
          assert.ok(d.date.startsWith(`${year}-`), d.date);
        }
        assert.deepEqual(
          days.map((d) => d.date),
          [...new Set(days.map((d) => d.date))].sort(),
        );
        // Weekday holidays plus their compensations always total the eleven days of the Labour Code.
        assert.equal(days.length, 11);
      }),
    );
  });
});
