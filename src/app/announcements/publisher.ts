import { sql } from 'kysely';
import type { Role } from '../../domain/access/roles.js';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import type { Publisher, Reader } from '../../domain/announcements/announcement.js';
import type { StaffActor } from '../access/require.js';
import { grantInForce } from '../access/grantsInForce.js';
import { provinceOfAgency } from '../access/agencyProvince.js';
import type { Tx } from '../context.js';
import { problem } from '../problems.js';

interface GrantRow {
  role: Role;
  agency_code: string;
  agency_kind: AgencyKind;
  province: string | null;
}

/**
 * The account's grants in force, each with its agency's kind and, for local government, its
 * province (a ministry or a vertical agency sits in a province's territory but is not its own).
 */
async function grantsOf(tx: Tx, accountId: string, now: Date): Promise<GrantRow[]> {
  const { rows } = await sql<GrantRow>`
    SELECT g.role, g.agency_code, a.kind AS agency_kind,
      ${provinceOfAgency('a')} AS province
    FROM role_grant g JOIN agency a ON a.code = g.agency_code
    WHERE g.account_id = ${accountId}::uuid AND ${grantInForce('g', now)}`.execute(tx);
  return rows;
}

/** The official as an audience rule sees them. */
export async function readerOf(tx: Tx, accountId: string, now: Date): Promise<Reader> {
  const grants = await grantsOf(tx, accountId, now);
  return { grants: grants.map((g) => ({ role: g.role, agencyKind: g.agency_kind, province: g.province })) };
}

/**
 * On whose authority the actor publishes: the system administrator's, a ministry administrator's
 * ministry, or a province administrator's province (the widest grant wins); null for anyone else.
 */
export async function authorityOf(
  tx: Tx,
  actor: StaffActor,
  now: Date,
): Promise<{ publisher: Publisher; agencyCode: string } | null> {
  const grants = await grantsOf(tx, actor.accountId, now);
  const system = grants.find((g) => g.role === 'system_admin');
  if (system) return { publisher: { level: 'system' }, agencyCode: system.agency_code };
  const ministry = grants.find((g) => g.role === 'ministry_admin');
  if (ministry)
    return {
      publisher: { level: 'ministry', agencyCode: ministry.agency_code },
      agencyCode: ministry.agency_code,
    };
  const province = grants.find((g) => g.role === 'province_admin' && g.province !== null);
  if (province?.province)
    return {
      publisher: { level: 'province', province: province.province },
      agencyCode: province.agency_code,
    };
  return null;
}

/** The same, required: 403 for anyone without an administrative authority. */
export async function publisherOf(
  tx: Tx,
  actor: StaffActor,
  now: Date,
): Promise<{ publisher: Publisher; agencyCode: string }> {
  const authority = await authorityOf(tx, actor, now);
  if (!authority) throw problem('forbidden');
  return authority;
}
