import { sql, type RawBuilder } from 'kysely';

/**
 * Whether the role grant aliased `g` is in force at `now`: not revoked, begun, not ended. The one
 * SQL definition every query about who holds what uses.
 */
export const grantInForce = (g: string, now: Date): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(`${g}.revoked_at`)} IS NULL AND ${sql.ref(`${g}.valid_from`)} <= ${now}
    AND (${sql.ref(`${g}.valid_to`)} IS NULL OR ${sql.ref(`${g}.valid_to`)} > ${now}))`;
