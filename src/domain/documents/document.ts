/**
 * Documents of a dossier: the kinds of file accepted, their digitization state (DOMAIN §8), and
 * the name shown for them. Pure: the bytes themselves live in the file store.
 */

/** What the sniffed bytes must be (never the client's name or declared type). */
export const acceptedTypes = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type AcceptedExtension = keyof typeof acceptedTypes;

export function acceptedType(ext: string | undefined): AcceptedExtension | null {
  return ext !== undefined && Object.hasOwn(acceptedTypes, ext) ? (ext as AcceptedExtension) : null;
}

/** The extension of an accepted content type (for a download's name). */
export function extensionOf(contentType: string): AcceptedExtension {
  const found = (Object.keys(acceptedTypes) as AcceptedExtension[]).find(
    (e) => acceptedTypes[e] === contentType,
  );
  return found ?? 'pdf';
}

/**
 * Digitization state of a component (số hóa): 0 not digitized (paper only), 1 digitized at
 * receipt, 2 reused from an earlier dossier's component, 3 reused from an earlier result.
 */
export const digitizationStates = [0, 1, 2, 3] as const;
export type Digitization = (typeof digitizationStates)[number];

/**
 * The name a document is shown and downloaded under: the client's name reduced to its last path
 * segment, without control or reserved characters, at most 120 characters, with the extension of
 * what the bytes really are. It is never used to address storage.
 */
export function displayName(clientName: string | undefined, ext: AcceptedExtension): string {
  const last = (clientName ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/^\.+/, '')
    .trim();
  const stem = cleaned.replace(/\.[^.]*$/, '').slice(0, 110) || 'tai-lieu';
  return `${stem}.${ext}`;
}

/**
 * Pages of a TIFF scan: the length of its chain of image directories (a multi-page scan is one
 * directory per page). Null when the bytes are not a classic TIFF or the chain is broken.
 */
export function tiffPageCount(bytes: Uint8Array): number | null {
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return null; // 43 is BigTIFF: not counted here
  const seen = new Set<number>();
  let offset = view.getUint32(4, little);
  while (offset !== 0) {
    if (seen.has(offset) || offset + 2 > bytes.length || seen.size >= 10_000) return null;
    seen.add(offset);
    const entries = view.getUint16(offset, little);
    const next = offset + 2 + entries * 12;
    if (next + 4 > bytes.length) return null;
    offset = view.getUint32(next, little);
  }
  return seen.size > 0 ? seen.size : null;
}
