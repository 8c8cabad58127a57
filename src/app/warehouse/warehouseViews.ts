import type { Selectable } from 'kysely';
import type { WarehouseItemView } from '../../contracts/warehouse.js';
import type { Component } from '../../domain/catalog/procedureVersion.js';
import type { WarehouseItemTable } from '../../store/schema.js';
import type { Tx } from '../context.js';

export type ItemRow = Selectable<WarehouseItemTable> & { agency_name: string | null; dossier_code: string };

/** Items with the issuing agency's name and the code of the dossier they came from. */
export const itemsQuery = (tx: Tx) =>
  tx
    .selectFrom('warehouse_item as w')
    .innerJoin('dossier as d', 'd.id', 'w.source_dossier_id')
    .leftJoin('agency as a', 'a.code', 'w.issuing_agency')
    .selectAll('w')
    .select(['a.name as agency_name', 'd.code as dossier_code']);

export const itemView = (r: ItemRow): WarehouseItemView => ({
  id: r.id,
  kind: r.kind,
  typeCode: r.type_code,
  title: r.title,
  number: r.number,
  issuedOn: r.issued_on,
  issuingAgency: r.agency_name ?? r.issuing_agency,
  sourceDossier: r.dossier_code,
  contentType: r.content_type,
  size: Number(r.size),
  pages: r.pages,
  sha256: r.sha256,
  reusable: r.reusable,
  addedAt: r.added_at.toISOString(),
});

/** The components of a dossier an item can stand in for, by the procedure's "can be replaced by" rules. */
export function componentsServed(
  item: { kind: string; type_code: string },
  components: Component[],
): Component[] {
  return components.filter((c) =>
    item.kind === 'result'
      ? (c.replaceableByResults ?? []).includes(item.type_code)
      : (c.replaceableByComponents ?? []).includes(item.type_code),
  );
}

/** An official's access to an item, for the holder's access history. */
export async function recordAccess(
  tx: Tx,
  a: {
    itemId: string;
    owner: string;
    accountId: string;
    agencyCode: string | null;
    dossierId: string | null;
    action: 'list' | 'view' | 'reuse';
    purpose: string;
  },
  now: Date,
): Promise<void> {
  await tx
    .insertInto('warehouse_access')
    .values({
      item_id: a.itemId,
      owner_id_number: a.owner,
      account_id: a.accountId,
      agency_code: a.agencyCode,
      dossier_id: a.dossierId,
      action: a.action,
      purpose: a.purpose.slice(0, 500),
      at: now,
    })
    .execute();
}
