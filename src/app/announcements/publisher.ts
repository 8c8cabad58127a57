import { sql } from 'kysely';
import type { Role } from '../../domain/access/roles.js';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import type { Publisher, Reader } from '../../domain/announcements/announcement.js';
import type { StaffActor } from '../access/require.js';
import { grantInForce } from '../access/grantsInForce.js';
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
      CASE WHEN a.kind IN ('province_committee', 'department', 'province_service_center',
                           'commune_committee', 'commune_service_center')
        THEN (SELECT CASE u.level WHEN 'province' THEN u.code ELSE u.parent_code END
              FROM admin_unit u WHERE u.code = a.admin_unit_code AND u.valid_to IS NULL)
      END AS province
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
 * ministry, or a province administrator's province (the widest grant wins); 403 for anyone else.
 */
export async function publisherOf(
  tx: Tx,
  actor: StaffActor,
  now: Date,
): Promise<{ publisher: Publisher; agencyCode: string }> {
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
  throw problem('forbidden');
}
