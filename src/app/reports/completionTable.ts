import { sql } from 'kysely';
import { completion } from '../../domain/reports/completionRate.js';
import { vi } from '../../domain/i18n/vi.js';
import { problem } from '../problems.js';
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
export function completionTable(ctx: AppContext, at: Date, ministry?: string): Promise<CompletionTableRow[]> {
  return inTransaction(ctx, (tx) => completionTableIn(tx, at, ministry));
}

const localProcedures = (ministry: string | undefined) => sql`
  SELECT p.code, p.name, p.ministry_code
  FROM procedure p
  WHERE ${ministry ? sql`p.ministry_code = ${ministry}` : sql`true`}
    AND EXISTS (SELECT 1 FROM procedure_version v WHERE v.procedure_code = p.code AND v.status = 'published'
                  AND v.levels && ARRAY['province', 'commune']::text[])`;

const routesAt = (at: Date) => sql`
  SELECT DISTINCT ON (procedure_code, province_code) procedure_code, province_code, mode
  FROM deployment_route WHERE effective_from <= ${at}
  ORDER BY procedure_code, province_code, effective_from DESC`;

const provincesAt = (at: Date) => sql`
  SELECT code, name FROM admin_unit
  WHERE level = 'province' AND valid_from <= ${at}::date AND (valid_to IS NULL OR valid_to > ${at}::date)`;

/** The same, inside a transaction already open (the monthly report's snapshot); one ministry's row if asked. */
export async function completionTableIn(tx: Tx, at: Date, ministry?: string): Promise<CompletionTableRow[]> {
  const { rows } = await sql<{
    ministry_code: string;
    ministry_name: string;
    required: number;
    deployed: number;
    started: number;
  }>`
      WITH local AS (${localProcedures(ministry)}), current AS (${routesAt(at)}),
      provinces AS (SELECT count(*)::int AS n FROM (${provincesAt(at)}) p), per_procedure AS (
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

export interface ProcedureCompletion {
  code: string;
  name: string;
  /** Provinces where the procedure's route in force is central. */
  central: number;
  provinces: number;
  /** The provinces where it is not central yet (provincial, pilot, or no route). */
  missing: { code: string; name: string }[];
}

/**
 * One ministry's local procedures, each with the provinces that have moved it to the central
 * system and those that have not: what its steering office chases, least deployed first.
 */
export function ministryCompletion(
  ctx: AppContext,
  at: Date,
  ministry: string,
): Promise<{ ministry: { code: string; name: string }; items: ProcedureCompletion[] }> {
  return inTransaction(ctx, async (tx) => {
    const owner = await tx
      .selectFrom('agency')
      .select(['code', 'name'])
      .where('code', '=', ministry)
      .where('kind', '=', 'ministry')
      .executeTakeFirst();
    if (!owner) throw problem('not-found', vi.detail.notMinistry(ministry));
    const { rows } = await sql<{ code: string; name: string; central: string[] }>`
      WITH local AS (${localProcedures(ministry)}), current AS (${routesAt(at)})
      SELECT l.code, l.name,
        coalesce(array_agg(c.province_code ORDER BY c.province_code) FILTER (WHERE c.mode = 'central'), '{}') AS central
      FROM local l LEFT JOIN current c ON c.procedure_code = l.code
      GROUP BY l.code, l.name`.execute(tx);
    const { rows: provinces } = await sql<{ code: string; name: string }>`${provincesAt(at)}`.execute(tx);
    const items = rows
      .map((r) => {
        const central = new Set(r.central);
        return {
          code: r.code,
          name: r.name,
          central: provinces.filter((p) => central.has(p.code)).length,
          provinces: provinces.length,
          missing: provinces
            .filter((p) => !central.has(p.code))
            .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
        };
      })
      .sort((a, b) => a.central - b.central || a.code.localeCompare(b.code));
    return { ministry: owner, items };
  });
}
