import { sql } from 'kysely';
import type { Tx } from '../context.js';
import { accountInForce, grantInForce } from './grantsInForce.js';

/**
 * Who holds what at an instant, as "agency/role" keys: a grant in force then, on an account active
 * and valid that day. For some agencies, or all of them (the readiness board).
 */
export async function heldRoles(tx: Tx, at: Date, agencies?: readonly string[]): Promise<Set<string>> {
  if (agencies?.length === 0) return new Set();
  const { rows } = await sql<{ k: string }>`
    SELECT DISTINCT g.agency_code || '/' || g.role AS k
    FROM role_grant g JOIN account a ON a.id = g.account_id
    WHERE ${agencies ? sql`g.agency_code = ANY(${[...new Set(agencies)]}::text[]) AND` : sql``}
      ${grantInForce('g', at)} AND ${accountInForce('a', at)}`.execute(tx);
  return new Set(rows.map((r) => r.k));
}
