import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { builtinCriteria, readiness, type Criterion } from '../../src/domain/catalog/readiness.js';

const criteria: Criterion[] = [
  ...builtinCriteria.map((code) => ({ code, kind: 'builtin' as const, active: true })),
  { code: 'portal_tested', kind: 'manual', active: true },
  { code: 'result_template', kind: 'manual', active: false },
];
const allMet = { published: true, workflow: true, eform: true, bound: true, staffed: true };

describe('readiness verdict', () => {
  it('is ready when every active criterion is met, listing the others in order otherwise', () => {
    assert.deepEqual(readiness(criteria, allMet, new Set(['portal_tested'])), { ready: true, failing: [] });
    assert.deepEqual(readiness(criteria, { ...allMet, bound: false, staffed: false }, new Set()), {
      ready: false,
      failing: ['bound', 'staffed', 'portal_tested'],
    });
  });

  it('never counts an inactive criterion, and a manual one only by its tick', () => {
    fc.assert(
      fc.property(
        fc.record({
          published: fc.boolean(),
          workflow: fc.boolean(),
          eform: fc.boolean(),
          bound: fc.boolean(),
          staffed: fc.boolean(),
        }),
        fc.array(fc.boolean(), { minLength: criteria.length, maxLength: criteria.length }),
        fc.subarray(['portal_tested', 'result_template']),
        (builtin, active, ticked) => {
          const set = criteria.map((c, i) => ({ ...c, active: active[i] ?? false }));
          const cell = readiness(set, builtin, new Set(ticked));
          assert.equal(cell.ready, cell.failing.length === 0);
          for (const c of set) {
            const met =
              c.kind === 'builtin' ? builtin[c.code as keyof typeof builtin] : ticked.includes(c.code);
            assert.equal(cell.failing.includes(c.code), c.active && !met, c.code);
          }
        },
      ),
    );
  });
});
