import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emptyTotals, indicatorsOf } from '../../src/domain/reports/indicators.js';
import {
  checkScoring,
  curveAt,
  scoreOf,
  type Curve,
  type Scoring,
} from '../../src/domain/reports/scoring.js';

const scoring: Scoring = {
  version: 3,
  effectiveFrom: '2026-01-01',
  groups: [
    { code: 'publicity', name: 'Công khai', points: 18, criteria: [] },
    {
      code: 'progress',
      name: 'Tiến độ',
      points: 82,
      criteria: [
        // Nothing below 50 % on time, half at 80 %, all from 95 %.
        {
          rate: 'onTime',
          points: 62,
          curve: [
            [0.5, 0],
            [0.8, 0.5],
            [0.95, 1],
          ],
        },
        {
          rate: 'satisfaction',
          points: 20,
          curve: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    },
  ],
};

/** Curves that never go down: sorted distinct rates, non-decreasing fractions. */
const curves = fc
  .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
    minLength: 2,
    maxLength: 6,
  })
  .map((points): Curve => {
    const xs = [...new Set(points.map((p) => p[0]))].sort((a, b) => a - b);
    const ys = points.map((p) => p[1]).sort((a, b) => a - b);
    return xs.map((x, i) => [x, ys[i] ?? 1]);
  })
  .filter((c) => c.length >= 2);

describe('the 100-point score (Decision 766)', () => {
  it('reads a curve linearly between its points and flat outside them', () => {
    const c = scoring.groups[1]?.criteria[0]?.curve as Curve;
    assert.equal(curveAt(c, 0.3), 0);
    assert.equal(curveAt(c, 0.5), 0);
    assert.equal(curveAt(c, 0.65), 0.25);
    assert.equal(curveAt(c, 0.8), 0.5);
    assert.equal(curveAt(c, 0.95), 1);
    assert.equal(curveAt(c, 1), 1);
  });

  it('never gives fewer points for a better rate, nor more than the curve allows', () => {
    fc.assert(
      fc.property(
        curves,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          assert.ok(curveAt(c, lo) <= curveAt(c, hi) + 1e-12);
          assert.ok(curveAt(c, hi) <= (c.at(-1)?.[1] ?? 1) + 1e-12);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('scores only what was measured: a criterion without data leaves the maximum too', () => {
    const t = emptyTotals();
    t.finished.onTime = 8;
    t.finished.late = 2; // 80 % on time
    const none = scoreOf(indicatorsOf(t), scoring);
    assert.deepEqual(
      none.groups.map((g) => [g.code, g.points, g.measuredMax]),
      [
        ['publicity', null, 0],
        ['progress', 31, 62],
      ],
    );
    assert.equal(none.points, 31);
    assert.equal(none.measuredMax, 62);
    t.rated = 4;
    t.satisfied = 3;
    const rated = scoreOf(indicatorsOf(t), scoring);
    assert.equal(rated.points, 46);
    assert.equal(rated.measuredMax, 82);
    assert.equal(rated.version, 3);
  });

  it('refuses weights that do not add up and curves that go back', () => {
    assert.deepEqual(checkScoring(scoring.groups), []);
    const bad = checkScoring([
      {
        code: 'a',
        name: 'A',
        points: 50,
        criteria: [
          {
            rate: 'onTime',
            points: 40,
            curve: [
              [0, 0],
              [1, 1],
            ],
          },
        ],
      },
      {
        code: 'a',
        name: 'B',
        points: 40,
        criteria: [
          {
            rate: 'online',
            points: 40,
            curve: [
              [0, 0.5],
              [0.5, 0.2],
              [1.2, 1],
            ],
          },
        ],
      },
    ]);
    const fields = bad.map((p) => p.field);
    assert.ok(fields.includes('groups'), 'the total is 90');
    assert.ok(fields.includes('groups.0.criteria'), 'criteria 40 in a group of 50');
    assert.ok(fields.includes('groups.1.code'), 'duplicate code');
    assert.ok(fields.includes('groups.1.criteria.0.curve.1'), 'the curve goes down');
    assert.ok(fields.includes('groups.1.criteria.0.curve.2'), 'a rate above 1');
  });
});
