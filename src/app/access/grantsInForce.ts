import { sql, type RawBuilder } from 'kysely';
import { vietnamDate } from '../../domain/calendar/localDate.js';

/**
 * Whether the role grant aliased `g` is in force at `now`: not revoked, begun, not ended. The one
 * SQL definition every query about who holds what uses.
 */
export const grantInForce = (g: string, now: Date): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(`${g}.revoked_at`)} IS NULL AND ${sql.ref(`${g}.valid_from`)} <= ${now}
    AND (${sql.ref(`${g}.valid_to`)} IS NULL OR ${sql.ref(`${g}.valid_to`)} > ${now}))`;

/**
 * Whether the account aliased `a` may act at `now`: active, and within its validity, whose dates
 * are Vietnam's calendar days (valid to a day: usable until that day begins in Vietnam). The SQL
 * twin of `accountUsable`.
 */
export const accountInForce = (a: string, now: Date): RawBuilder<boolean> => {
  const day = vietnamDate(now);
  return sql<boolean>`(${sql.ref(`${a}.active`)} AND ${sql.ref(`${a}.valid_from`)} <= ${day}::date
    AND (${sql.ref(`${a}.valid_to`)} IS NULL OR ${sql.ref(`${a}.valid_to`)} > ${day}::date))`;
};

/** The same for an account read into memory (sign-in, a session's every request). */
export function accountUsable(
  a: { active: boolean; valid_from?: string | null; valid_to: string | null },
  now: Date,
): boolean {
  const day = vietnamDate(now);
  return a.active && (a.valid_from ?? day) <= day && (a.valid_to === null || day < a.valid_to);
}
