import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultRetryPolicy, isExhausted, retryDelayMs } from '../../src/integrations/outbox/retryPolicy.js';

describe('retry policy', () => {
  it('doubles the ceiling from the base up to the cap, with the wait drawn below it', () => {
    const p = { baseMs: 1000, capMs: 10_000, maxAttempts: 5 };
    assert.equal(retryDelayMs(p, 1, 0.5), 500);
    assert.equal(retryDelayMs(p, 2, 0.5), 1000);
    assert.equal(retryDelayMs(p, 3, 0.5), 2000);
    assert.equal(retryDelayMs(p, 10, 0.5), 5000);
    assert.equal(retryDelayMs(p, 1, 0), 0);
    assert.ok(retryDelayMs(p, 60, 0.9999999) < 10_000);
  });

  it('keeps every wait in [0, min(cap, base·2^(n−1))) (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (baseMs, capMs, attempts, r) => {
          const d = retryDelayMs({ baseMs, capMs, maxAttempts: 10 }, attempts, r);
          const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempts - 1, 30));
          assert.ok(Number.isInteger(d) && d >= 0 && d < Math.max(ceiling, 1), `${d} of ${ceiling}`);
        },
      ),
    );
  });

  it('parks after the last attempt', () => {
    assert.equal(isExhausted(defaultRetryPolicy, defaultRetryPolicy.maxAttempts - 1), false);
    assert.equal(isExhausted(defaultRetryPolicy, defaultRetryPolicy.maxAttempts), true);
  });
});
