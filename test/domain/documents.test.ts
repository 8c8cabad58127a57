import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  acceptedTypes,
  displayName,
  extensionOf,
  tiffPageCount,
} from '../../src/domain/documents/document.js';

/** A classic TIFF with `pages` image directories (one tag each), in either byte order. */
function tiff(pages: number, little: boolean): Uint8Array {
  const ifdSize = 2 + 12 + 4;
  const bytes = new Uint8Array(8 + pages * ifdSize);
  const view = new DataView(bytes.buffer);
  bytes.set(little ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  for (let p = 0; p < pages; p++) {
    const at = 8 + p * ifdSize;
    view.setUint16(at, 1, little);
    view.setUint16(at + 2, 256, little); // ImageWidth
    view.setUint32(at + 2 + 12, p === pages - 1 ? 0 : at + ifdSize, little);
  }
  return bytes;
}

describe('documents (pure)', () => {
  it('counts the pages of a multi-page TIFF scan in either byte order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.boolean(), (pages, little) => {
        assert.equal(tiffPageCount(tiff(pages, little)), pages);
      }),
    );
  });

  it('gives up on what is not a sound TIFF, and never loops', () => {
    assert.equal(tiffPageCount(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 0, 0, 0])), null);
    const looped = tiff(2, true);
    new DataView(looped.buffer).setUint32(8 + 2 + 12 + 18, 8, true); // the last page points back
    assert.equal(tiffPageCount(looped), null);
    assert.equal(tiffPageCount(tiff(3, true).slice(0, 20)), null);
  });

  it("shows a client's file name cleaned, with the real extension, never a path", () => {
    assert.equal(displayName('../../x.pdf', 'pdf'), 'x.pdf');
    assert.equal(displayName('C:\\scans\\Tờ khai.PNG', 'pdf'), 'Tờ khai.pdf');
    assert.equal(displayName(undefined, 'jpg'), 'tai-lieu.jpg');
    assert.equal(displayName('..', 'png'), 'tai-lieu.png');
  });

  it('names a download after what its content type is', () => {
    for (const ext of Object.keys(acceptedTypes) as (keyof typeof acceptedTypes)[])
      assert.equal(extensionOf(acceptedTypes[ext]), ext);
    assert.equal(extensionOf('application/octet-stream'), 'pdf');
  });
});
