import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { receiptReaches, type ReceiptReach } from '../../src/domain/catalog/procedureVersion.js';
import type { WorkflowStep } from '../../src/domain/catalog/workflow.js';
import { crossBoundaryPlan, mayReceive } from '../../src/domain/dossier/receiptPlace.js';

const at = (code: string, province: string | null) => ({ code, province });

describe('where a dossier may be received (DOMAIN §5.3)', () => {
  it('follows the three reaches of the issue', () => {
    const hanoiCentre = at('000.00.01.H01', '01');
    const hanoiCommune = at('000.04.51.H01', '01');
    const ngheanCentre = at('000.00.01.H40', '40');
    const table: [ReceiptReach, boolean, boolean][] = [
      // reach, same province elsewhere, other province
      ['none', false, false],
      ['province', true, false],
      ['country', true, true],
    ];
    for (const [reach, sameProvince, otherProvince] of table) {
      assert.equal(mayReceive(reach, hanoiCommune, hanoiCentre), sameProvince, reach);
      assert.equal(mayReceive(reach, ngheanCentre, hanoiCentre), otherProvince, reach);
      assert.equal(
        mayReceive(reach, hanoiCentre, hanoiCentre),
        true,
        `${reach}: the competent agency itself`,
      );
    }
    // A central body belongs to no province: only the country's reach lets it receive for a locality.
    assert.equal(mayReceive('province', at('000.00.00.G09', null), hanoiCentre), false);
  });

  it('never lets a narrower reach receive where a wider one refuses', () => {
    const place = fc.record({
      code: fc.constantFrom('A', 'B', 'C'),
      province: fc.option(fc.constantFrom('01', '40'), { nil: null }),
    });
    fc.assert(
      fc.property(place, place, (r, c) => {
        const allowed = receiptReaches.map((reach) => mayReceive(reach, r, c));
        // none ⊆ province ⊆ country
        assert.ok(!allowed[0] || allowed[1]);
        assert.ok(!allowed[1] || allowed[2]);
      }),
    );
  });
});

describe('the plan of a dossier received across boundaries', () => {
  const step = (code: string, kind: WorkflowStep['kind']) => ({ code, kind }) as WorkflowStep;
  const steps = [step('TN', 'receipt'), step('TD', 'work'), step('PD', 'work'), step('TK', 'result')];
  const plan = steps.map((s) => ({ stepCode: s.code, agencyCode: 'NA', hours: 4 }));

  it('receives at the receiving counter, works at the competent place, returns where chosen', () => {
    assert.deepEqual(
      crossBoundaryPlan(plan, steps, 'HN', 'HN').map((p) => p.agencyCode),
      ['HN', 'NA', 'NA', 'HN'],
    );
    assert.deepEqual(
      crossBoundaryPlan(plan, steps, 'HN', 'NA').map((p) => p.agencyCode),
      ['HN', 'NA', 'NA', 'NA'],
    );
    // Hours are the competent place's: the legal time is not the receiving counter's to change.
    assert.deepEqual(
      crossBoundaryPlan(plan, steps, 'HN', 'HN').map((p) => p.hours),
      plan.map((p) => p.hours),
    );
  });
});
