import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { requirePracticeKeeper } from './practiceScopes.js';

/**
 * Every table that refers to a dossier (by `column`), emptied of the practice dossiers wiped. A
 * test holds this list equal to the database's own foreign keys, so a table added later cannot be
 * forgotten here.
 */
export const dossierTables = [
  ['warehouse_access', 'dossier_id'],
  ['warehouse_item', 'source_dossier_id'],
  ['dossier_message', 'dossier_id'],
  ['portal_event', 'dossier_id'],
  ['dossier_document', 'dossier_id'],
  ['dossier_result', 'dossier_id'],
  ['dossier_indicator', 'dossier_id'],
  ['indicator_dirty', 'dossier_id'],
  ['dossier_rating', 'dossier_id'],
  ['exchange_request', 'dossier_id'],
  ['feedback', 'dossier_id'],
  ['migrated_dossier', 'dossier_id'],
  ['outbox_message', 'dossier_id'],
  ['payment_request', 'dossier_id'],
  ['portal_sync', 'dossier_id'],
  ['postal_order', 'dossier_id'],
  ['dossier_visibility', 'dossier_id'],
  ['dossier_action', 'dossier_id'],
] as const;

/**
 * Wipes the practice dossiers received at an agency, with everything they hold, when a class is
 * over: only practice dossiers (the log of a real one cannot be deleted: the database refuses).
 * The area administrator does it; the audit keeps how many and their codes.
 */
export function wipePractice(
  ctx: AppContext,
  actor: Actor,
  agencyCode: string,
  meta: RequestMeta,
): Promise<{ wiped: number }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await requirePracticeKeeper(tx, staff, agencyCode, now);
    const doomed = await tx
      .selectFrom('dossier')
      .select(['id', 'code'])
      .where('practice', '=', true)
      .where('received_by_agency', '=', agencyCode)
      .forUpdate()
      .execute();
    if (doomed.length === 0) return { wiped: 0 };
    const ids = doomed.map((d) => d.id);
    // What refers to the rows below first: a warehouse item's accesses, feedback's forwards.
    await sql`DELETE FROM warehouse_access WHERE item_id IN
      (SELECT id FROM warehouse_item WHERE source_dossier_id = ANY(${ids}::uuid[]))`.execute(tx);
    await sql`DELETE FROM feedback_forward WHERE feedback_id IN
      (SELECT id FROM feedback WHERE dossier_id = ANY(${ids}::uuid[]))`.execute(tx);
    await sql`UPDATE incident SET feedback_code = NULL WHERE feedback_code IN
      (SELECT code FROM feedback WHERE dossier_id = ANY(${ids}::uuid[]))`.execute(tx);
    for (const [table, column] of dossierTables)
      await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ANY(${ids}::uuid[])`.execute(tx);
    await sql`DELETE FROM dossier WHERE id = ANY(${ids}::uuid[]) AND practice`.execute(tx);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'practice.wipe',
        targetKind: 'agency',
        targetId: agencyCode,
        agencyCode,
        detail: { wiped: doomed.length, codes: doomed.map((d) => d.code).slice(0, 500) },
      },
      now,
      meta,
    );
    return { wiped: doomed.length };
  });
}
