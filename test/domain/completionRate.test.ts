import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { completion } from '../../src/domain/reports/completionRate.js';

/** Seed 004, appendix of Công văn 1040/TCT (07/02/2026): ministry, deployed, required, printed rate. */
const appendix: [string, number, number, string][] = [
  ['Bộ Xây dựng', 209, 215, '97%'],
  ['Bộ Công thương', 240, 314, '76%'],
  ['Bộ Giáo dục và Đào tạo', 166, 166, '100%'],
  ['Bộ Khoa học và Công nghệ', 239, 209, '100%'],
  ['Bộ Nội vụ', 91, 170, '53%'],
  ['Bộ Y tế', 96, 164, '58%'],
  ['Bộ Nông nghiệp và Môi trường', 299, 367, '81%'],
  ['Bộ Tài chính', 157, 206, '76%'],
  ['Bộ Tư pháp', 1, 224, '0.004%'],
  ['Bộ VHTT & DL', 3, 187, '0.01%'],
  ['Thanh tra Chính phủ', 0, 13, '0%'],
  ['Ngân hàng nhà nước', 106, 33, '100%'],
  ['Bộ Dân tộc và Tôn giáo', 58, 33, '100%'],
  ['Bộ Ngoại giao', 0, 0, ''],
];

describe('completion', () => {
  const results = appendix.map(([name, deployed, required]) => ({
    name,
    ...completion({ deployed, required }),
  }));

  it('reproduces the appendix rows whose printed rate was right', () => {
    const byName = new Map(results.map((r) => [r.name, r.percent]));
    assert.equal(byName.get('Bộ Xây dựng'), 97.21);
    assert.equal(byName.get('Bộ Công thương'), 76.43);
    assert.equal(byName.get('Bộ Giáo dục và Đào tạo'), 100);
    assert.equal(byName.get('Bộ Nội vụ'), 53.53);
    assert.equal(byName.get('Thanh tra Chính phủ'), 0);
  });

  it('computes what the appendix misprinted: 1/224 is 0.45 %, 3/187 is 1.6 %', () => {
    assert.equal(results.find((r) => r.name === 'Bộ Tư pháp')?.percent, 0.45);
    assert.equal(results.find((r) => r.name === 'Bộ VHTT & DL')?.percent, 1.6);
  });

  it('flags exactly the rows whose numerator exceeds the denominator, without capping them', () => {
    assert.deepEqual(
      results.filter((r) => r.flagged).map((r) => [r.name, r.percent]),
      [
        ['Bộ Khoa học và Công nghệ', 114.35],
        ['Ngân hàng nhà nước', 321.21],
        ['Bộ Dân tộc và Tôn giáo', 175.76],
      ],
    );
  });

  it('gives no rate when nothing is required', () => {
    assert.deepEqual(completion({ deployed: 0, required: 0 }), { percent: null, flagged: false });
  });

  it('is within half a hundredth of the exact ratio, and flags iff deployed > required', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 100_000 }), (deployed, required) => {
        const r = completion({ deployed, required });
        assert.ok(Math.abs((r.percent ?? 0) - (deployed / required) * 100) <= 0.005 + 1e-9);
        assert.equal(r.flagged, deployed > required);
      }),
    );
  });
});
