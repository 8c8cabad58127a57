import { vi } from '../domain/i18n/vi.js';
import { hostileText } from '../domain/text/hostileText.js';
import { problem } from './problems.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** Keyset cursors carry the sort key of the last row seen, opaque to clients. */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

const instant = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z`;
/**
 * The shapes of the sort keys the lists put in their cursors. A cursor is decoded only into the
 * shape its list makes, so a forged one (`{"k":"garbage"}`, a non-uuid id, a NUL) is a 400 before
 * any of it reaches SQL.
 */
export const cursorShapes = {
  /** A code or a name (agencies, units, procedures, accounts). */
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  text: /^[^\u0000-\u001f]{0,300}$/u,
  /** An audit sequence number. */
  seq: /^\d{1,15}$/,
  /** A timestamp and a row id (dossiers). */
  timeAndId: new RegExp(`^${instant}\\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`),
  /** A timestamp and a code (feedback). */
  timeAndCode: new RegExp(`^${instant}\\|[A-Za-z0-9._-]{1,80}$`),
} as const;

export function decodeCursor(cursor: string, shape: keyof typeof cursorShapes = 'text'): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof value === 'object' &&
      value !== null &&
      'k' in value &&
      typeof value.k === 'string' &&
      hostileText(value.k) === null &&
      cursorShapes[shape].test(value.k) &&
      (shape === 'text' || shape === 'seq' || !Number.isNaN(new Date(value.k.split('|')[0] ?? '').getTime()))
    )
      return value.k;
  } catch {
    // fall through to the problem below
  }
  throw problem('bad-cursor', undefined, [{ field: 'querystring.cursor', message: vi.problem.badCursor }]);
}

/** Takes limit+1 rows from the query, returns a page and the cursor of its last row if more remain. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string, total?: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;
  return total === undefined ? { items, nextCursor } : { items, nextCursor, total };
}
