import type { Applicant } from '../../domain/dossier/intakeRules.js';
import type { Tx } from '../context.js';

/** An applicant's address as printed: the detail, then the commune and province by name. */
export async function applicantAddress(tx: Tx, applicant: Applicant): Promise<string> {
  const place = await tx
    .selectFrom('admin_unit as c')
    .leftJoin('admin_unit as p', 'p.code', 'c.parent_code')
    .select(['c.name as commune', 'p.name as province'])
    .where('c.code', '=', applicant.address.communeCode)
    .executeTakeFirst();
  return [applicant.address.detail, place?.commune, place?.province].filter(Boolean).join(', ');
}
