import { vi } from '../domain/i18n/vi.js';
import { AppError } from './errors.js';

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

export function decodeCursor(cursor: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 'k' in value && typeof value.k === 'string')
      return value.k;
  } catch {
    // fall through to the problem below
  }
  throw new AppError('bad_request', 'bad-cursor', vi.problem.badCursor, undefined, [
    { field: 'querystring.cursor', message: vi.problem.badCursor },
  ]);
}

/** Takes limit+1 rows from the query, returns a page and the cursor of its last row if more remain. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string, total?: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;
  return total === undefined ? { items, nextCursor } : { items, nextCursor, total };
}
