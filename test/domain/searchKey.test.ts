import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeLike, matchesSearch, searchKey, searchWords } from '../../src/domain/text/searchKey.js';

describe('searchKey', () => {
  it('folds Vietnamese diacritics, đ and case', () => {
    assert.equal(searchKey('Thành phố Hà Nội'), 'thanh pho ha noi');
    assert.equal(searchKey('ĐẶC KHU Phú Quốc'), 'dac khu phu quoc');
    assert.equal(searchKey('Phường Đống Đa'), 'phuong dong da');
    assert.equal(searchKey('Xã Ea Kiết'), 'xa ea kiet');
    assert.equal(searchKey('Tỉnh Khánh Hòa'), searchKey('Tinh Khanh Hoa'));
  });

  it('treats precomposed and decomposed input alike', () => {
    assert.equal(searchKey('Hà Nội'.normalize('NFC')), searchKey('Hà Nội'.normalize('NFD')));
  });

  it('collapses and trims whitespace', () => {
    assert.equal(searchKey('  ha\t  noi \n'), 'ha noi');
  });

  it('is idempotent and leaves only unaccented lowercase text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const k = searchKey(s);
        assert.equal(searchKey(k), k);
        assert.doesNotMatch(k, /\p{M}|[A-ZĐđ]/u);
      }),
    );
  });

  it('finds a name by any accent-stripped substring of it', () => {
    const letters = 'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ ';
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        (name, a, b) => {
          const folded = searchKey(name);
          const start = folded.length === 0 ? 0 : a % folded.length;
          const part = folded.slice(start, start + (b % 8)).trim();
          assert.ok(searchKey(name).includes(searchKey(part)));
        },
      ),
    );
  });
});

describe('escapeLike', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    assert.equal(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b');
    assert.equal(escapeLike('ha noi'), 'ha noi');
  });
});

describe('matchesSearch', () => {
  it('needs every word, in any order, not one contiguous phrase', () => {
    assert.equal(matchesSearch('Sở Tư pháp thành phố Hà Nội', 'tu phap ha noi'), true);
    assert.equal(matchesSearch('Sở Tư pháp thành phố Hà Nội', 'ha noi tu phap'), true);
    assert.equal(matchesSearch('Sở Tư pháp thành phố Hà Nội', 'tu phap hue'), false);
  });
  it('matches everything for an empty query', () => {
    assert.deepEqual(searchWords('   '), []);
    assert.equal(matchesSearch('Xã Bình An', ''), true);
  });
});
