import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from '../context.js';
import { dossierNotFound } from '../problems.js';
import { grantsInForce, ministryMarks, reachableAgencies } from './reach.js';

/**
 * What an official's dossier reads match against a dossier's `visible_to`: the codes of the
 * agencies they reach with `dossier.read`, and the marks of the ministries whose procedures they
 * monitor (a ministry's monitor sees those dossiers in every province, and no others). Read once
 * per request.
 */
export async function reachList(tx: Tx, accountId: string, now: Date): Promise<string[]> {
  const { rows } = await sql<{
    code: string;
  }>`SELECT code FROM ${reachableAgencies(accountId, 'dossier.read', now)} r(code)
     UNION ALL SELECT code FROM ${ministryMarks(grantsInForce(accountId, now), 'dossier.read')} m(code)`.execute(
    tx,
  );
  return rows.map((r) => r.code);
}

/**
 * THE visibility rule for dossiers: received, held or consulted on by an agency the official
 * reaches with `dossier.read` (an agency in its `visible_to`). Single reads, the own-agency and
 * assignee queues test it with this; the visibility-wide queues read the same table directly
 * (`visibleRows`). `dossier_visibility` is derived from `visible_to` by a trigger (migration 0048).
 */
export function visibleTo(reach: string[]): Expression<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM dossier_visibility v
    WHERE v.dossier_id = d.id AND v.agency_code = ANY(${reach}::text[]))`;
}

/** A dossier the official may see (by the visibility rule), or 404: the one way to open one. */
export async function visibleDossier(tx: Tx, accountId: string, code: string, now: Date) {
  const d = await tx
    .selectFrom('dossier as d')
    .selectAll('d')
    .where('d.code', '=', code)
    .where(visibleTo(await reachList(tx, accountId, now)))
    .executeTakeFirst();
  if (!d) throw dossierNotFound(code);
  return d;
}
