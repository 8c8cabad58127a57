import { sql } from 'kysely';
import type { Role } from '../../domain/access/roles.js';
import type { Tx } from '../context.js';
import { grantInForce } from './grantsInForce.js';

/** The roles an official holds at one agency now. */
export async function rolesAt(tx: Tx, accountId: string, agencyCode: string, now: Date): Promise<Role[]> {
  const { rows } = await sql<{ role: Role }>`
    SELECT role FROM role_grant g WHERE g.account_id = ${accountId}::uuid AND g.agency_code = ${agencyCode}
      AND ${grantInForce('g', now)}`.execute(tx);
  return rows.map((r) => r.role);
}
