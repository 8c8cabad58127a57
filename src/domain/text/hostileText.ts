/** A UTF-16 surrogate standing alone (with the `u` flag, a proper pair is one code point). */
const loneSurrogate = /[\uD800-\uDFFF]/u;

export type HostileText = 'nul' | 'lone_surrogate';

/**
 * What no text the system keeps may contain: NUL (PostgreSQL's text refuses it) and lone
 * surrogates (not Unicode; PostgreSQL's jsonb refuses their escapes). Null when the text is clean.
 */
export function hostileText(s: string): HostileText | null {
  if (s.includes('\u0000')) return 'nul';
  if (loneSurrogate.test(s)) return 'lone_surrogate';
  return null;
}
