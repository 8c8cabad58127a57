/**
 * Folds Vietnamese text for accent-insensitive search: "Hà Nội" and "ha noi" both give "ha noi".
 * Removes combining marks after canonical decomposition, maps đ/Đ (a letter of its own, not a
 * mark) to d, lowercases, and collapses whitespace.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}
