import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Agency } from '../../src/domain/agencies/agency.js';
import {
  planRegister,
  registerDate,
  registerHeading,
  type RegisterFacts,
  type RegisterRow,
} from '../../src/domain/agencies/register.js';

const committee: Agency = {
  code: '000.00.00.H40',
  name: 'Ủy ban nhân dân tỉnh Nghệ An',
  kind: 'province_committee',
  parentCode: null,
  adminUnitCode: '40',
  validFrom: '2025-07-01',
  validTo: null,
};

function factsOf(agencies: Agency[], held: Record<string, number> = {}): RegisterFacts {
  return {
    agencies: new Map(agencies.map((a) => [a.code, a])),
    unitOf: (code) =>
      code === '40'
        ? { level: 'province', provinceCode: '40' }
        : /^16\d{3}$/.test(code)
          ? { level: 'commune', provinceCode: '40' }
          : undefined,
    heldAt: (code) => held[code] ?? 0,
    today: '2026-03-02',
    mayManage: () => true,
  };
}

const rowOf = (row: number, a: Agency): RegisterRow => ({
  row,
  cells: {
    code: a.code,
    name: a.name,
    kind: a.kind,
    parentCode: a.parentCode ?? '',
    adminUnitCode: a.adminUnitCode,
    validFrom: a.validFrom,
    validTo: a.validTo ?? '',
  },
});

/** A commune's committee and centre, the centre under the committee. */
const commune = (n: number): Agency[] => {
  const unit = `16${String(n).padStart(3, '0')}`;
  const committeeCode = `${unit.slice(0, 3)}.${unit.slice(3)}.50.H40`;
  return [
    {
      code: committeeCode,
      name: `Ủy ban nhân dân xã ${n}`,
      kind: 'commune_committee',
      parentCode: committee.code,
      adminUnitCode: unit,
      validFrom: '2025-07-01',
      validTo: null,
    },
    {
      code: `${unit.slice(0, 3)}.${unit.slice(3)}.51.H40`,
      name: `Trung tâm Phục vụ hành chính công xã ${n}`,
      kind: 'commune_service_center',
      parentCode: committeeCode,
      adminUnitCode: unit,
      validFrom: '2025-07-01',
      validTo: null,
    },
  ];
};

/** The register after a plan's writes. */
const applied = (facts: RegisterFacts, rows: RegisterRow[]) => {
  const plan = planRegister(rows, facts);
  const agencies = new Map(facts.agencies);
  for (const w of plan.writes) agencies.set(w.agency.code, w.agency);
  return { plan, facts: { ...facts, agencies } };
};

describe('planning a register import', () => {
  it('takes any order of rows: parents are written before their children, whatever the file says', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { minLength: 1, maxLength: 30 }),
        fc.infiniteStream(fc.nat()),
        (ns, noise) => {
          const agencies = ns.flatMap(commune);
          const shuffled = agencies
            .map((a, i) => ({ a, k: noise.next().value + i }))
            .sort((x, y) => x.k - y.k)
            .map((x, i) => rowOf(i + 2, x.a));
          const plan = planRegister(shuffled, factsOf([committee]));
          assert.deepEqual(plan.refused, []);
          const order = plan.writes.map((w) => w.agency.code);
          for (const w of plan.writes)
            if (w.agency.parentCode && w.agency.parentCode !== committee.code)
              assert.ok(order.indexOf(w.agency.parentCode) < order.indexOf(w.agency.code));
        },
      ),
    );
  });

  it('is idempotent: planning the rows again after applying them changes nothing', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { maxLength: 20 }), (ns) => {
        const rows = ns.flatMap(commune).map((a, i) => rowOf(i + 2, a));
        const first = applied(factsOf([committee]), rows);
        const second = planRegister(rows, first.facts);
        assert.deepEqual(second.writes, []);
        assert.equal(second.outcomes.filter((o) => o.outcome === 'unchanged').length, rows.length);
      }),
    );
  });

  it('refuses a closing while dossiers are held, and the children of a refused parent', () => {
    const [c, centre] = commune(7) as [Agency, Agency];
    const held = factsOf([committee, c, centre], { [centre.code]: 2 });
    const plan = planRegister([rowOf(2, { ...centre, validTo: '2026-07-01' })], held);
    assert.deepEqual(
      plan.refused.map((r) => [r.row, r.field, r.reason]),
      [[2, 'validTo', 'holds_dossiers']],
    );
    const orphaned = planRegister(
      [rowOf(2, { ...c, code: 'bad' }), rowOf(3, { ...centre, parentCode: 'bad' })],
      factsOf([committee]),
    );
    assert.deepEqual(
      orphaned.refused.map((r) => r.row),
      [2, 3],
    );
  });

  it('reads dates as the register writes them, and nothing that is not a day', () => {
    assert.equal(registerDate('01/07/2025'), '2025-07-01');
    assert.equal(registerDate('1/7/2025'), '2025-07-01');
    assert.equal(registerDate('2025-07-01'), '2025-07-01');
    assert.equal(registerDate('31/02/2025'), null);
    assert.equal(registerDate('2025-13-01'), null);
    assert.equal(registerDate('hôm nay'), null);
  });

  it('finds the columns by heading, in Vietnamese with or without accents, or in English', () => {
    const { at, missing } = registerHeading([
      'MÃ ĐỊNH DANH',
      'Ten co quan',
      'kind',
      'Đơn vị hành chính',
      'Valid from',
    ]);
    assert.deepEqual(missing, []);
    assert.deepEqual(at, { code: 0, name: 1, kind: 2, adminUnitCode: 3, validFrom: 4 });
    assert.deepEqual(registerHeading(['Mã', 'Tên']).missing, ['kind', 'adminUnitCode', 'validFrom']);
  });
});
