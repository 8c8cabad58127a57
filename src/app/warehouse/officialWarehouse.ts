import { vi } from '../../domain/i18n/vi.js';
import type { Readable } from 'node:stream';
import type { WarehouseItemView, WarehouseOffer } from '../../contracts/warehouse.js';
import { componentsOf, type VersionContent } from '../../domain/catalog/procedureVersion.js';
import { roleDefinitions } from '../../domain/access/roles.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import type { FileStore } from '../files/fileStore.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import { rolesAt } from '../access/rolesAt.js';
import { handlingConfig } from '../dossiers/handlingConfig.js';
import { componentsServed, itemsQuery, itemView, recordAccess } from './warehouseViews.js';
import { grantInForce } from '../access/grantsInForce.js';
import { problem } from '../problems.js';

const noItem = () => problem('not-found', vi.warehouse.noItem);

/**
 * At the counter, before a dossier exists: what the applicant's warehouse holds (with their
 * consent) that can stand in for components of the procedure being received. Only a receiver may
 * ask; only matching items are shown; each one shown is entered in the holder's access history.
 */
export function offersForIntake(
  ctx: AppContext,
  actor: Actor,
  q: { idNumber: string; procedureCode: string; caseCode: string },
): Promise<WarehouseOffer[]> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    // The counter asking: a receiver's grant in force (its agency goes into the holder's history).
    const counter = await tx
      .selectFrom('role_grant as g')
      .select('agency_code')
      .where('account_id', '=', staff.accountId)
      .where('role', '=', 'receiver')
      .where(grantInForce('g', now))
      .executeTakeFirst();
    if (!counter) throw problem('forbidden', vi.warehouse.onlyReceivers);
    const config = await handlingConfig(ctx, tx);
    const v = await config.versionInForce(q.procedureCode);
    if (!v) throw problem('not-found', vi.detail.noProcedure(q.procedureCode));
    const components = componentsOf(v.content as VersionContent, q.caseCode);
    const rows = await itemsQuery(tx)
      .where('w.owner_id_number', '=', q.idNumber)
      .where('w.reusable', '=', true)
      .orderBy('w.added_at', 'desc')
      .execute();
    const offers = rows
      .map((r) => ({ r, served: componentsServed(r, components) }))
      .filter((o) => o.served.length > 0);
    const procedure = await tx
      .selectFrom('procedure')
      .select('name')
      .where('code', '=', q.procedureCode)
      .executeTakeFirst();
    for (const o of offers)
      await recordAccess(
        tx,
        {
          itemId: o.r.id,
          owner: q.idNumber,
          accountId: staff.accountId,
          agencyCode: counter.agency_code,
          dossierId: null,
          action: 'list',
          purpose: vi.warehouse.offerPurpose(procedure?.name ?? q.procedureCode),
        },
        now,
      );
    return offers.map((o) => ({ ...itemView(o.r), components: o.served.map((c) => c.code) }));
  });
}

/**
 * An official opens a warehouse item through a dossier that justifies it: one they may see, whose
 * applicant owns the item. Anything else is "not found" (nothing is learnt about other people's
 * warehouses). Each opening is audited and entered in the holder's access history.
 */
export async function openForDossier(
  ctx: AppContext,
  files: FileStore,
  actor: Actor,
  code: string,
  itemId: string,
  meta: RequestMeta,
): Promise<{ item: WarehouseItemView; content: Readable }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const item = await inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, now);
    // Opened to handle the dossier, by those who handle it where it is: a monitor who may read the
    // dossier has no need of the applicant's other papers.
    const held = await rolesAt(tx, staff.accountId, d.agency_code, now);
    if (!held.some((r) => roleDefinitions[r].permissions.includes('dossier.write'))) throw noItem();
    const r = await itemsQuery(tx)
      .where('w.id', '=', itemId)
      .where('w.owner_id_number', '=', d.applicant_id_number)
      .executeTakeFirst();
    if (!r) throw noItem();
    await recordAccess(
      tx,
      {
        itemId,
        owner: r.owner_id_number,
        accountId: staff.accountId,
        agencyCode: d.agency_code,
        dossierId: d.id,
        action: 'view',
        purpose: vi.warehouse.openPurpose(code),
      },
      now,
    );
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'warehouse.read',
        targetKind: 'dossier',
        targetId: code,
        agencyCode: d.agency_code,
        detail: { itemId },
      },
      now,
      meta,
    );
    return itemView(r);
  });
  return { item, content: files.open(item.sha256) };
}
