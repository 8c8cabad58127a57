import type { DocumentView } from '../../contracts/documents.js';
import { displayName, extensionOf } from '../../domain/documents/document.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { problem } from '../problems.js';
import { vi } from '../../domain/i18n/vi.js';
import { markForCounting } from '../reports/countIndicators.js';
import { componentsServed, itemsQuery, recordAccess } from '../warehouse/warehouseViews.js';
import { documentColumns, documentView, insertDocumentVersion, writableDossier } from './documents.js';

/**
 * Takes a warehouse item as a dossier's component instead of a new scan: the holder consented,
 * the procedure says the item can replace that component; the component gets a new version that
 * points at the same bytes, digitization 3 (an earlier result) or 2 (an earlier dossier's document).
 */
export function reuseForDossier(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: { component: string; itemId: string },
  meta: RequestMeta,
): Promise<DocumentView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { dossier, components } = await writableDossier(ctx, tx, staff.accountId, code, now);
    const r = await itemsQuery(tx)
      .where('w.id', '=', input.itemId)
      .where('w.owner_id_number', '=', dossier.applicant_id_number)
      .executeTakeFirst();
    if (!r) throw problem('not-found', vi.warehouse.noItem);
    if (!r.reusable) throw problem('reuse-not-consented');
    const component = componentsServed(r, components).find((c) => c.code === input.component);
    if (!component)
      throw problem('not-replaceable', undefined, [
        { field: 'body.component', message: vi.warehouse.notReplaceable },
      ]);
    // A repeated request (a retry after a lost answer) finds the component already taken from
    // this item and changes nothing.
    const latest = await tx
      .selectFrom('dossier_document')
      .select(documentColumns)
      .where('dossier_id', '=', dossier.id)
      .where('component_code', '=', component.code)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest?.reused_from === r.id) return documentView(latest);
    const doc = await insertDocumentVersion(tx, dossier.id, {
      component_code: component.code,
      sha256: r.sha256,
      size: Number(r.size),
      content_type: r.content_type,
      pages: r.pages,
      file_name: displayName(r.title, extensionOf(r.content_type)),
      digitization: r.kind === 'result' ? 3 : 2,
      uploaded_by: staff.accountId,
      uploaded_at: now,
      reused_from: r.id,
    });
    await recordAccess(
      tx,
      {
        itemId: r.id,
        owner: r.owner_id_number,
        accountId: staff.accountId,
        agencyCode: dossier.agency_code,
        dossierId: dossier.id,
        action: 'reuse',
        purpose: vi.warehouse.reusePurpose(component.name, code),
      },
      now,
    );
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'document.reuse',
        targetKind: 'dossier',
        targetId: code,
        agencyCode: dossier.agency_code,
        detail: { documentId: doc.id, component: component.code, itemId: r.id },
      },
      now,
      meta,
    );
    await markForCounting(tx, dossier.id);
    return doc;
  });
}
