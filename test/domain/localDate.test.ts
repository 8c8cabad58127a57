import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vietnamDate } from '../../src/domain/calendar/localDate.js';

describe('vietnamDate', () => {
  it('is the day in UTC+7, not in UTC', () => {
    assert.equal(vietnamDate(new Date('2025-06-30T16:59:59Z')), '2025-06-30');
    assert.equal(vietnamDate(new Date('2025-06-30T17:00:00Z')), '2025-07-01');
    assert.equal(vietnamDate(new Date('2026-12-31T23:00:00Z')), '2027-01-01');
  });
});
