import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  idList,
  nationalProcedureCode,
  pathList,
  sourceStatus,
  vietnamInstant,
  wallTime,
} from '../../src/domain/migration/sourceValues.js';

describe('a provincial export’s values (LAYOUT.md)', () => {
  it('reads a time in each of the three styles as the same wall time', () => {
    const want = { year: 2024, month: 8, day: 23, hour: 9, minute: 45, second: 9 };
    for (const v of ['23/08/2024 09:45:09', '2024-08-23T09:45:09', '2024-08-23 09:45:09.8866550'])
      assert.deepEqual(wallTime(v), want, v);
    assert.deepEqual(wallTime('14/03/2025'), {
      year: 2025,
      month: 3,
      day: 14,
      hour: 0,
      minute: 0,
      second: 0,
    });
    assert.equal(wallTime('NULL'), null);
    assert.equal(wallTime(''), null);
    assert.equal(vietnamInstant(want).toISOString(), '2024-08-23T02:45:09.000Z');
  });

  it('refuses days that do not exist and text that is not a time', () => {
    for (const v of [
      '30/02/2025 16:30:00',
      '2025-02-29 00:00:00.0000000',
      '31/04/2024',
      '1966',
      'hôm qua',
      '2024-13-01',
    ])
      assert.equal(wallTime(v), 'invalid', v);
    assert.notEqual(wallTime('29/02/2024 08:00:00'), 'invalid', 'a leap day exists');
  });

  it('accepts every real day in every style (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }),
        (d) => {
          const p = (n: number) => String(n).padStart(2, '0');
          const [y, m, day, h, mi, s] = [
            d.getUTCFullYear(),
            d.getUTCMonth() + 1,
            d.getUTCDate(),
            d.getUTCHours(),
            d.getUTCMinutes(),
            d.getUTCSeconds(),
          ];
          const want = { year: y, month: m, day, hour: h, minute: mi, second: s };
          assert.deepEqual(wallTime(`${p(day)}/${p(m)}/${y} ${p(h)}:${p(mi)}:${p(s)}`), want);
          assert.deepEqual(wallTime(`${y}-${p(m)}-${p(day)}T${p(h)}:${p(mi)}:${p(s)}`), want);
          assert.deepEqual(wallTime(`${y}-${p(m)}-${p(day)} ${p(h)}:${p(mi)}:${p(s)}.0000000`), want);
        },
      ),
    );
  });

  it('splits ## and comma lists, dropping empty items and case', () => {
    assert.deepEqual(idList('##4CCC3E3B-95FC##4ccc3e3b-95fc##a1'), ['4ccc3e3b-95fc', 'a1']);
    assert.deepEqual(idList('a1, B2'), ['a1', 'b2']);
    assert.deepEqual(idList('NULL'), []);
    assert.deepEqual(pathList('/dichvucong/2024/8/27/X/1/a.pdf##/dichvucong/2024/8/27/X/2/b.pdf'), [
      '/dichvucong/2024/8/27/X/1/a.pdf',
      '/dichvucong/2024/8/27/X/2/b.pdf',
    ]);
    assert.deepEqual(pathList('/d/1/a_(1).pdf, /d/2/b.pdf'), ['/d/1/a_(1).pdf', '/d/2/b.pdf']);
  });

  it('keeps statuses 1–10 only, and finds the national code of a local procedure', () => {
    assert.deepEqual(['0', '1', '10', '11', '', 'NULL', '4 '].map(sourceStatus), [
      null,
      1,
      10,
      null,
      null,
      null,
      4,
    ]);
    assert.equal(nationalProcedureCode('1.001193.000.00.00.H56'), '1.001193');
    assert.equal(nationalProcedureCode('2.002621.H56'), '2.002621');
    assert.equal(nationalProcedureCode('2.000488'), '2.000488');
    assert.equal(nationalProcedureCode('TTHC-LOCAL'), null);
  });
});
