import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { escapeLike, searchWords } from '../domain/text/searchKey.js';

/**
 * The SQL twin of `matchesSearch`: every word of the query in the folded name column, or the query
 * as a prefix of the code column. Null when the query has no words.
 */
export function textMatch(
  searchColumn: string,
  codeColumn: string,
  query: string | undefined,
): RawBuilder<SqlBool> | null {
  const words = searchWords(query ?? '');
  if (words.length === 0) return null;
  const byName = words.map((w) => sql<SqlBool>`${sql.ref(searchColumn)} LIKE ${`%${escapeLike(w)}%`}`);
  const byCode = sql<SqlBool>`${sql.ref(codeColumn)} LIKE ${`${escapeLike((query ?? '').trim())}%`}`;
  return sql<SqlBool>`((${sql.join(byName, sql` AND `)}) OR ${byCode})`;
}
