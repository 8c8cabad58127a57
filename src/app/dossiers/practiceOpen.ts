import { vi } from '../../domain/i18n/vi.js';
import type { Tx } from '../context.js';
import { problem } from '../problems.js';

/** A practice intake is refused unless practice is open for the agency and the procedure. */
export async function requirePracticeOpen(tx: Tx, agencyCode: string, procedureCode: string): Promise<void> {
  const open = await tx
    .selectFrom('practice_scope')
    .select('agency_code')
    .where('agency_code', '=', agencyCode)
    .where('procedure_code', '=', procedureCode)
    .executeTakeFirst();
  if (!open)
    throw problem('practice-closed', vi.practice.closed(procedureCode), [
      { field: 'body.practice', message: vi.practice.closed(procedureCode) },
    ]);
}
