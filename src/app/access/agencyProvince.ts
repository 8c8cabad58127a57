import { sql, type RawBuilder } from 'kysely';
import { localKinds } from '../../domain/agencies/agency.js';

/**
 * THE province an agency belongs to, as SQL over an agency row aliased `a` (its `kind` and
 * `admin_unit_code`): the province of its unit for local government; null for a ministry or a
 * vertical agency, which sit in a province's territory but are not that province's.
 */
export function provinceOfAgency(a: string): RawBuilder<string | null> {
  return sql<string | null>`CASE WHEN ${sql.ref(`${a}.kind`)} = ANY(${[...localKinds]}::text[]) THEN
    (SELECT CASE u.level WHEN 'province' THEN u.code ELSE u.parent_code END FROM admin_unit u
     WHERE u.code = ${sql.ref(`${a}.admin_unit_code`)} AND u.valid_to IS NULL) END`;
}
