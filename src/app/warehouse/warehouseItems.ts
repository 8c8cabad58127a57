import type { Tx } from '../context.js';

/**
 * A signed result joins its holder's warehouse (once; a repeat changes nothing). A practice
 * dossier's never does: its applicant may be a real person's ID typed in class.
 */
export async function addResultToWarehouse(tx: Tx, resultId: string, now: Date): Promise<void> {
  const r = await tx
    .selectFrom('dossier_result as r')
    .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
    .select([
      'r.id',
      'r.title',
      'r.sha256',
      'r.size',
      'r.number',
      'r.issued_on',
      'r.issuing_agency',
      'r.result_type',
      'd.id as dossier_id',
      'd.applicant_id_number',
    ])
    .where('r.id', '=', resultId)
    .where('r.status', '=', 'signed')
    .where('d.practice', '=', false)
    .executeTakeFirst();
  if (!r?.sha256) return;
  await tx
    .insertInto('warehouse_item')
    .values({
      owner_id_number: r.applicant_id_number,
      kind: 'result',
      type_code: r.result_type ?? 'KQ',
      title: r.title,
      sha256: r.sha256,
      size: r.size ?? 0,
      content_type: 'application/pdf',
      pages: null,
      number: r.number,
      issued_on: r.issued_on,
      issuing_agency: r.issuing_agency,
      source_dossier_id: r.dossier_id,
      result_id: r.id,
      document_id: null,
      added_at: now,
    })
    .onConflict((oc) => oc.column('result_id').doNothing())
    .execute();
}

/** A document digitized at receipt joins the applicant's warehouse (not a practice dossier's). */
export async function addDocumentToWarehouse(
  tx: Tx,
  doc: { id: string; sha256: string; size: number; content_type: string; pages: number | null },
  dossier: { id: string; applicant_id_number: string; agency_code: string; practice: boolean },
  component: { code: string; name: string },
  now: Date,
): Promise<void> {
  if (dossier.practice) return;
  await tx
    .insertInto('warehouse_item')
    .values({
      owner_id_number: dossier.applicant_id_number,
      kind: 'document',
      type_code: component.code,
      title: component.name,
      sha256: doc.sha256,
      size: doc.size,
      content_type: doc.content_type,
      pages: doc.pages,
      number: null,
      issued_on: null,
      issuing_agency: dossier.agency_code,
      source_dossier_id: dossier.id,
      result_id: null,
      document_id: doc.id,
      added_at: now,
    })
    .onConflict((oc) => oc.column('document_id').doNothing())
    .execute();
}
