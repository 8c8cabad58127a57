/** What the central directory of a ZIP container (DOCX, XLSX) declares. */
export interface ZipDeclared {
  entries: number;
  /** Sum of the declared uncompressed sizes, in bytes. */
  uncompressed: number;
  /** The largest ratio of uncompressed to compressed size among entries over 1 MB. */
  worstRatio: number;
}

/**
 * Reads a ZIP's central directory (no decompression): null when there is none to read or it is
 * ZIP64 (sizes past 4 GB, which no office document here needs). Pure: bytes in, numbers out.
 */
export function zipDeclared(bytes: Uint8Array): ZipDeclared | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocdMin = 22;
  let eocd = -1;
  for (let i = bytes.length - eocdMin; i >= Math.max(0, bytes.length - eocdMin - 65_535); i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null;
  if (offset + size > bytes.length) return null;
  let p = offset;
  let uncompressed = 0;
  let worstRatio = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
    const compressed = view.getUint32(p + 20, true);
    const full = view.getUint32(p + 24, true);
    if (compressed === 0xffffffff || full === 0xffffffff) return null;
    uncompressed += full;
    if (full > 1_048_576) worstRatio = Math.max(worstRatio, full / Math.max(1, compressed));
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return { entries: count, uncompressed, worstRatio };
}

/** Limits an office document must keep: a zip bomb declares far more than any real one. */
export const zipLimits = { entries: 5_000, uncompressed: 200 * 1_048_576, ratio: 200 } as const;

export function zipBomb(d: ZipDeclared | null): boolean {
  return (
    d === null ||
    d.entries > zipLimits.entries ||
    d.uncompressed > zipLimits.uncompressed ||
    d.worstRatio > zipLimits.ratio
  );
}
