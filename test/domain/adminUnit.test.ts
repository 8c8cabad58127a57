import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkAdminUnit, isValidOn, type AdminUnit } from '../../src/domain/places/adminUnit.js';

const hanoi: AdminUnit = {
  code: '01',
  name: 'Thành phố Hà Nội',
  level: 'province',
  kind: 'thanh_pho',
  parentCode: null,
  validFrom: '2025-07-01',
  validTo: null,
};
const baDinh: AdminUnit = {
  ...hanoi,
  code: '00004',
  name: 'Phường Ba Đình',
  level: 'commune',
  kind: 'phuong',
  parentCode: '01',
};

describe('checkAdminUnit', () => {
  it('accepts a well-formed province and commune', () => {
    assert.deepEqual(checkAdminUnit(hanoi), []);
    assert.deepEqual(checkAdminUnit(baDinh), []);
  });

  it('rejects codes of the wrong shape for the level', () => {
    assert.deepEqual(checkAdminUnit({ ...hanoi, code: '001' }), [{ field: 'code', reason: 'format' }]);
    assert.deepEqual(checkAdminUnit({ ...baDinh, code: '01' }), [{ field: 'code', reason: 'format' }]);
  });

  it('rejects a kind that belongs to the other level', () => {
    assert.deepEqual(checkAdminUnit({ ...hanoi, kind: 'xa' }), [{ field: 'kind', reason: 'not_of_level' }]);
    assert.deepEqual(checkAdminUnit({ ...baDinh, kind: 'tinh' }), [
      { field: 'kind', reason: 'not_of_level' },
    ]);
  });

  it('requires a parent for communes only', () => {
    assert.deepEqual(checkAdminUnit({ ...hanoi, parentCode: '01' }), [
      { field: 'parentCode', reason: 'forbidden' },
    ]);
    assert.deepEqual(checkAdminUnit({ ...baDinh, parentCode: null }), [
      { field: 'parentCode', reason: 'required' },
    ]);
  });

  it('requires validTo after validFrom', () => {
    assert.deepEqual(checkAdminUnit({ ...hanoi, validTo: '2025-07-01' }), [
      { field: 'validTo', reason: 'not_after_valid_from' },
    ]);
  });
});

describe('isValidOn', () => {
  it('includes validFrom and excludes validTo', () => {
    const u = { validFrom: '2025-07-01', validTo: '2030-01-01' };
    assert.equal(isValidOn(u, '2025-06-30'), false);
    assert.equal(isValidOn(u, '2025-07-01'), true);
    assert.equal(isValidOn(u, '2029-12-31'), true);
    assert.equal(isValidOn(u, '2030-01-01'), false);
  });

  it('agrees with the interval definition for any days', () => {
    const day = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.option(day), day, (from, to, probe) => {
        const expected = from <= probe && (to === null || probe < to);
        assert.equal(isValidOn({ validFrom: from, validTo: to }, probe), expected);
      }),
    );
  });
});
