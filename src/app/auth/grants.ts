import type { Role } from '../../domain/access/roles.js';
import type { Tx } from '../context.js';

export interface GrantView {
  id: string;
  role: Role;
  agency: { code: string; name: string };
  sectors: string[] | null;
  validFrom: string;
  validTo: string | null;
  delegatedBy: string | null;
  reason: string | null;
  revokedAt: string | null;
}

/** An account's grants, newest first; with `activeAt`, only those in force then. */
export async function grantsOf(tx: Tx, accountId: string, activeAt?: Date): Promise<GrantView[]> {
  const rows = await tx
    .selectFrom('role_grant as g')
    .innerJoin('agency as a', 'a.code', 'g.agency_code')
    .select([
      'g.id',
      'g.role',
      'g.agency_code',
      'a.name as agency_name',
      'g.sectors',
      'g.valid_from',
      'g.valid_to',
      'g.delegated_by',
      'g.reason',
      'g.revoked_at',
    ])
    .where('g.account_id', '=', accountId)
    .$if(activeAt !== undefined, (qb) =>
      qb
        .where('g.revoked_at', 'is', null)
        .where('g.valid_from', '<=', activeAt as Date)
        .where((eb) => eb.or([eb('g.valid_to', 'is', null), eb('g.valid_to', '>', activeAt as Date)])),
    )
    .orderBy('g.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    agency: { code: r.agency_code, name: r.agency_name },
    sectors: r.sectors,
    validFrom: r.valid_from.toISOString(),
    validTo: r.valid_to?.toISOString() ?? null,
    delegatedBy: r.delegated_by,
    reason: r.reason,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}
