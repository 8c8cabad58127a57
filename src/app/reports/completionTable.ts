import { sql } from 'kysely';
import { completion } from '../../domain/reports/completionRate.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';

export interface CompletionTableRow {
  ministry: { code: string; name: string };
  /** Procedures with a published version implemented at province or commune level. */
  required: number;
  /** …whose route is central, in force, in every province. */
  deployed: number;
  /** …central in at least one province (piloting the move). */
  started: number;
  percent: number | null;
  flagged: boolean;
}

/**
 * The completion table of seed 004's appendix, computed from the catalog and the routes in force
 * at an instant: one row per ministry that has local procedures in the catalog.
 */
export function completionTable(ctx: AppContext, at: Date): Promise<CompletionTableRow[]> {
  return inTransaction(ctx, (tx) => completionTableIn(tx, at));
}

/** The same, inside a transaction already open (the monthly report's snapshot). */
export async function completionTableIn(tx: Tx, at: Date): Promise<CompletionTableRow[]> {
  const { rows } = await sql<{
    ministry_code: string;
    ministry_name: string;
    required: number;
    deployed: number;
    started: number;
  }>`
      WITH local AS (
        SELECT p.code, p.ministry_code
        FROM procedure p JOIN procedure_version v ON v.procedure_code = p.code AND v.status = 'published'
        WHERE v.levels && ARRAY['province', 'commune']::text[]
      ), current AS (
        SELECT DISTINCT ON (procedure_code, province_code) procedure_code, province_code, mode
        FROM deployment_route WHERE effective_from <= ${at}
        ORDER BY procedure_code, province_code, effective_from DESC
      ), provinces AS (
        SELECT count(*)::int AS n FROM admin_unit
        WHERE level = 'province' AND valid_from <= ${at}::date AND (valid_to IS NULL OR valid_to > ${at}::date)
      ), per_procedure AS (
        SELECT l.code, l.ministry_code, count(c.*) FILTER (WHERE c.mode = 'central')::int AS central_in
        FROM local l LEFT JOIN current c ON c.procedure_code = l.code
        GROUP BY l.code, l.ministry_code
      )
      SELECT m.code AS ministry_code, m.name AS ministry_name,
             count(*)::int AS required,
             count(*) FILTER (WHERE pp.central_in >= (SELECT n FROM provinces))::int AS deployed,
             count(*) FILTER (WHERE pp.central_in > 0)::int AS started
      FROM per_procedure pp JOIN agency m ON m.code = pp.ministry_code
      GROUP BY m.code, m.name
      ORDER BY m.code`.execute(tx);
  return rows.map((r) => ({
    ministry: { code: r.ministry_code, name: r.ministry_name },
    required: r.required,
    deployed: r.deployed,
    started: r.started,
    ...completion({ deployed: r.deployed, required: r.required }),
  }));
}
