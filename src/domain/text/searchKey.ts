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

/** The words of a search, folded: "  Tư  pháp " → ["tu", "phap"]. */
export function searchWords(query: string): string[] {
  const key = searchKey(query);
  return key === '' ? [] : key.split(' ');
}

/** Whether every word of the query occurs in the text, ignoring accents and case (word order is free). */
export function matchesSearch(text: string, query: string): boolean {
  const key = searchKey(text);
  return searchWords(query).every((w) => key.includes(w));
}
