import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ProcessingTime } from '../../src/domain/catalog/procedureVersion.js';
import {
  allottedHours,
  checkWorkflow,
  legalWorkingHours,
  type WorkflowStep,
} from '../../src/domain/catalog/workflow.js';

const step = (code: string, over: Partial<WorkflowStep> = {}): WorkflowStep => ({
  code,
  name: `Bước ${code}`,
  role: 'processor',
  place: 'specialist',
  hours: 4,
  dvcqgStatus: 4,
  kind: 'work',
  moves: [],
  ...over,
});
/** Receipt → appraise → approve → return, with a way back to appraisal and a consultation. */
const standard: WorkflowStep[] = [
  step('TN', {
    role: 'receiver',
    place: 'counter',
    kind: 'receipt',
    dvcqgStatus: 2,
    moves: [{ to: 'TD', kind: 'next' }],
  }),
  step('TD', {
    hours: 16,
    moves: [
      { to: 'PD', kind: 'next' },
      { to: 'LT', kind: 'consult' },
    ],
  }),
  step('LT', { place: 'consulted', hours: 16, moves: [{ to: 'TD', kind: 'next' }] }),
  step('PD', {
    role: 'leader',
    place: 'leader',
    hours: 4,
    moves: [
      { to: 'TK', kind: 'next' },
      { to: 'TD', kind: 'back' },
    ],
  }),
  step('TK', { role: 'receiver', place: 'counter', kind: 'result', dvcqgStatus: 9, moves: [] }),
];
const fourDays = { amount: 4, unit: 'working_days' as const };
const codes = (steps: WorkflowStep[], legal: ProcessingTime = fourDays) =>
  checkWorkflow(steps, legal).map((p) => `${p.field}:${p.code}`);

describe('checkWorkflow', () => {
  it('accepts receipt → appraisal (with consultation) → approval → return', () => {
    assert.deepEqual(codes(standard), []);
    assert.equal(allottedHours(standard), 4 + 16 + 4 + 4, 'the consultation runs beside the main path');
  });

  it('needs exactly one receipt and at least one result', () => {
    assert.ok(
      codes(standard.map((s) => (s.code === 'TN' ? { ...s, kind: 'work' as const } : s))).includes(
        'steps:one_receipt',
      ),
    );
    assert.ok(
      codes(
        standard
          .filter((s) => s.code !== 'TK')
          .map((s) => ({ ...s, moves: s.moves.filter((m) => m.to !== 'TK') })),
      ).includes('steps:result_required'),
    );
  });

  it('finds steps nobody reaches and steps from which no result can be reached', () => {
    const orphan = [...standard, step('XX', { moves: [{ to: 'TK', kind: 'next' }] })];
    assert.deepEqual(codes(orphan), ['steps[5]:unreachable']);
    const trap = standard.map((s) =>
      s.code === 'PD' ? { ...s, moves: [{ to: 'TD', kind: 'back' as const }] } : s,
    );
    assert.ok(codes(trap).includes('steps[1]:no_way_to_result'));
  });

  it('refuses a role that cannot act at the place, and back moves that go forward', () => {
    assert.deepEqual(
      codes(standard.map((s) => (s.code === 'PD' ? { ...s, role: 'receiver' as const } : s))),
      ['steps[3].role:role_cannot_act_here'],
    );
    const forward = standard.map((s) =>
      s.code === 'TD' ? { ...s, moves: [...s.moves, { to: 'PD', kind: 'back' as const }] } : s,
    );
    assert.deepEqual(codes(forward), ['steps[1].moves[2]:back_must_go_earlier']);
  });

  it('refuses more allotted time than the law allows', () => {
    assert.deepEqual(codes(standard, { amount: 3, unit: 'working_hours' }), ['steps:over_legal_time']);
    assert.deepEqual(codes(standard, { amount: 28, unit: 'working_hours' }), []);
  });

  it('accepts any straight chain whose hours fit, and refuses it when they do not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 200 }),
        (hours, legalHours) => {
          const chain: WorkflowStep[] = [
            step('S0', {
              role: 'receiver',
              place: 'counter',
              kind: 'receipt',
              hours: 1,
              moves: [{ to: 'W0', kind: 'next' }],
            }),
            ...hours.map((h, i) =>
              step(`W${i}`, {
                hours: h,
                moves: [{ to: i + 1 < hours.length ? `W${i + 1}` : 'E', kind: 'next' }],
              }),
            ),
            step('E', { role: 'receiver', place: 'counter', kind: 'result', hours: 1 }),
          ];
          const fits = allottedHours(chain) <= legalHours;
          assert.deepEqual(
            codes(chain, { amount: legalHours, unit: 'working_hours' }),
            fits ? [] : ['steps:over_legal_time'],
          );
        },
      ),
    );
  });

  it('counts legal time in working hours, calendar days conservatively', () => {
    assert.equal(legalWorkingHours({ amount: 3, unit: 'working_days' }), 24);
    assert.equal(legalWorkingHours({ amount: 30, unit: 'calendar_days' }), 21 * 8);
    assert.equal(legalWorkingHours({ amount: 5, unit: 'working_hours' }), 5);
  });
});
