import { vi } from '../../domain/i18n/vi.js';
import type { Tx } from '../context.js';
import { enqueue } from '../outbox/enqueue.js';

/**
 * An issued result goes to the document-management system to be numbered and signed: the result
 * record and its outbox message, in the action's transaction.
 */
export async function queueResultDraft(
  tx: Tx,
  dossier: { id: string; code: string; agency_code: string; procedure_code: string },
  now: Date,
): Promise<void> {
  const procedure = await tx
    .selectFrom('procedure')
    .select('name')
    .where('code', '=', dossier.procedure_code)
    .executeTakeFirst();
  const { id } = await tx
    .insertInto('dossier_result')
    .values({
      dossier_id: dossier.id,
      title: vi.result.draftTitle(procedure?.name ?? dossier.procedure_code, dossier.code).slice(0, 1000),
      issuing_agency: dossier.agency_code,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueue(
    tx,
    dossier.id,
    [{ kind: 'result.draft', destination: 'docmgmt', payload: { resultId: id } }],
    now,
  );
}
