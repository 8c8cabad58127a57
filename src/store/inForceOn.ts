import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** Rows whose validity [valid_from, valid_to) contains the day; `table` names the table or its alias. */
export function inForceOn(table: string, day: string): RawBuilder<SqlBool> {
  const from = sql.ref(`${table}.valid_from`);
  const to = sql.ref(`${table}.valid_to`);
  return sql<SqlBool>`(${from} <= ${day}::date AND (${to} IS NULL OR ${to} > ${day}::date))`;
}
