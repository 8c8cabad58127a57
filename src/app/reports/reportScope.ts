import { sql } from 'kysely';
import type { Tx } from '../context.js';
import { reachList } from '../access/dossierVisibility.js';

export interface ScopeFilter {
  agency?: string | undefined;
  province?: string | undefined;
}

/**
 * The receiving agencies a report covers: those within the official's reach (dossier.read),
 * narrowed to one agency or to the agencies of a province (the province's own and its communes').
 * Every report and dashboard starts from it, so none can show more than the dossier lists do.
 */
export async function scopeAgencies(tx: Tx, accountId: string, now: Date, q: ScopeFilter): Promise<string[]> {
  let codes = await reachList(tx, accountId, now);
  if (q.agency) codes = codes.filter((c) => c === q.agency);
  if (q.province) {
    const { rows } = await sql<{ code: string }>`
      SELECT a.code FROM agency a
      JOIN admin_unit u ON u.code = a.admin_unit_code AND u.valid_to IS NULL
      WHERE a.code = ANY(${codes}::text[]) AND (u.code = ${q.province} OR u.parent_code = ${q.province})`.execute(
      tx,
    );
    codes = rows.map((r) => r.code);
  }
  return codes;
}
