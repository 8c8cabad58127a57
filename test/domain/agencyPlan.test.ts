import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyCodePattern, checkAgency, type AgencyKind } from '../../src/domain/agencies/agency.js';
import { planAgencies } from '../../src/domain/agencies/agencyPlan.js';
import { readSeedFiles } from '../../src/seed/readSeedFiles.js';

const files = readSeedFiles();
const agencies = planAgencies(files.units, files.catalog);
const byCode = new Map(agencies.map((a) => [a.code, a]));

describe('planAgencies on the seed', () => {
  it('gives every agency a unique code in the Decision 20/2020 shape', () => {
    assert.equal(byCode.size, agencies.length);
    for (const a of agencies) assert.match(a.code, agencyCodePattern, a.code);
  });

  it('gives every province and every commune a People’s Committee and a service centre', () => {
    const count = (kind: AgencyKind) => agencies.filter((a) => a.kind === kind).length;
    assert.equal(count('province_committee'), 34);
    assert.equal(count('province_service_center'), 34);
    assert.equal(count('commune_committee'), 3321);
    assert.equal(count('commune_service_center'), 3321);
    const units = new Set(agencies.filter((a) => a.kind === 'commune_committee').map((a) => a.adminUnitCode));
    assert.equal(units.size, 3321);
  });

  it('includes the ministries named in the founding letters', () => {
    const names = agencies.filter((a) => a.kind === 'ministry').map((a) => a.name);
    assert.ok(names.length >= 14);
    for (const n of [
      'Bộ Tư pháp',
      'Bộ Xây dựng',
      'Thanh tra Chính phủ',
      'Ngân hàng Nhà nước Việt Nam',
      'Bộ Ngoại giao',
    ]) {
      assert.ok(names.includes(n), n);
    }
  });

  it('only links to parents that exist and are of an allowed kind', () => {
    for (const a of agencies) {
      const parent = a.parentCode === null ? undefined : byCode.get(a.parentCode);
      assert.ok(a.parentCode === null || parent, `${a.code} has unknown parent ${a.parentCode}`);
      assert.deepEqual(checkAgency(a, parent?.kind ?? null), [], a.code);
    }
  });

  it('places departments and vertical agencies only in the demo provinces', () => {
    const provinces = new Set(
      agencies
        .filter((a) => a.kind === 'department' || a.kind === 'vertical_agency')
        .map((a) => a.adminUnitCode),
    );
    assert.deepEqual([...provinces].sort(), [...files.catalog.demoProvinces].sort());
  });

  it('is deterministic, so re-seeding keeps every code', () => {
    assert.deepEqual(planAgencies(files.units, files.catalog), agencies);
  });
});

describe('checkAgency', () => {
  const base = {
    code: '000.00.01.H01',
    name: 'Trung tâm',
    kind: 'province_service_center' as const,
    parentCode: '000.00.00.H01',
    adminUnitCode: '01',
    validFrom: '2025-07-01',
    validTo: null,
  };
  it('rejects a parent of a kind the hierarchy does not allow', () => {
    assert.deepEqual(checkAgency(base, 'ministry'), [{ field: 'parentCode', reason: 'kind_not_allowed' }]);
    assert.deepEqual(checkAgency(base, 'province_committee'), []);
  });
  it('rejects a malformed code', () => {
    assert.deepEqual(checkAgency({ ...base, code: 'H01.01' }, 'province_committee'), [
      { field: 'code', reason: 'format' },
    ]);
  });
});
