import { vi } from '../../domain/i18n/vi.js';
import type { Readable } from 'node:stream';
import type { WarehouseAccessView, WarehouseItemView } from '../../contracts/warehouse.js';
import type { CitizenSession } from '../citizens/citizenSignIn.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import type { FileStore } from '../files/fileStore.js';
import { itemsQuery, itemView } from './warehouseViews.js';
import { problem } from '../problems.js';

const noItem = () => problem('not-found', vi.warehouse.noItem);

/** A citizen's own warehouse, newest first. */
export function ownItems(ctx: AppContext, citizen: CitizenSession): Promise<WarehouseItemView[]> {
  return inTransaction(ctx, async (tx) =>
    (
      await itemsQuery(tx)
        .where('w.owner_id_number', '=', citizen.idNumber)
        .orderBy('w.added_at', 'desc')
        .execute()
    ).map(itemView),
  );
}

/** One of the citizen's own items, to download. */
export async function openOwnItem(
  ctx: AppContext,
  files: FileStore,
  citizen: CitizenSession,
  itemId: string,
): Promise<{ item: WarehouseItemView; content: Readable }> {
  const item = await inTransaction(ctx, async (tx) => {
    const r = await itemsQuery(tx)
      .where('w.id', '=', itemId)
      .where('w.owner_id_number', '=', citizen.idNumber)
      .executeTakeFirst();
    if (!r) throw noItem();
    return itemView(r);
  });
  return { item, content: files.open(item.sha256) };
}

/** The citizen gives or withdraws consent to reuse an item in later dossiers; audited. */
export function setReusable(
  ctx: AppContext,
  citizen: CitizenSession,
  itemId: string,
  reusable: boolean,
  meta: RequestMeta,
): Promise<WarehouseItemView> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const updated = await tx
      .updateTable('warehouse_item')
      .set({ reusable })
      .where('id', '=', itemId)
      .where('owner_id_number', '=', citizen.idNumber)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw noItem();
    await recordAudit(
      tx,
      {
        actorKind: 'citizen',
        actorId: citizen.idNumber,
        action: reusable ? 'warehouse.consent' : 'warehouse.withdraw',
        targetKind: 'warehouse_item',
        targetId: itemId,
        agencyCode: null,
      },
      now,
      meta,
    );
    return itemView(await itemsQuery(tx).where('w.id', '=', itemId).executeTakeFirstOrThrow());
  });
}

/** Who looked at or used the citizen's items, when, where and why (newest first, the last 500). */
export function accessHistory(ctx: AppContext, citizen: CitizenSession): Promise<WarehouseAccessView[]> {
  return inTransaction(ctx, async (tx) => {
    const rows = await tx
      .selectFrom('warehouse_access as x')
      .innerJoin('warehouse_item as w', 'w.id', 'x.item_id')
      .innerJoin('account as u', 'u.id', 'x.account_id')
      .leftJoin('agency as a', 'a.code', 'x.agency_code')
      .leftJoin('dossier as d', 'd.id', 'x.dossier_id')
      .select([
        'x.at',
        'x.action',
        'x.purpose',
        'w.title',
        'u.full_name',
        'a.name as agency',
        'd.code as dossier',
      ])
      .where('x.owner_id_number', '=', citizen.idNumber)
      .orderBy('x.at', 'desc')
      .orderBy('x.id', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      at: r.at.toISOString(),
      action: r.action,
      purpose: r.purpose,
      item: r.title,
      official: r.full_name,
      agency: r.agency,
      dossier: r.dossier,
    }));
  });
}
