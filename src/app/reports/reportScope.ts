import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Tx } from '../context.js';
import { reachList } from '../access/dossierVisibility.js';
import { problem } from '../problems.js';
import { vi } from '../../domain/i18n/vi.js';

export interface ScopeFilter {
  agency?: string | undefined;
  province?: string | undefined;
  /** The ministry owning the procedures (every province it may see). */
  ministry?: string | undefined;
  procedure?: string | undefined;
}

/** Dossiers received by one of `agencies`, of one of `procedures` (null: of any procedure). */
export interface ScopeSlice {
  agencies: string[];
  procedures: string[] | null;
}

/**
 * What a report counts: slices with disjoint agencies, so their sums add up without counting a
 * dossier twice. The first is the official's reach (every procedure, unless narrowed to a
 * ministry or a procedure); the second, for a ministry's monitor, the agencies of every province
 * outside that reach, for the procedures the ministry owns — the dossiers the lists show them too.
 */
export type DossierScope = ScopeSlice[];

const ministryPrefix = 'bo:';

/**
 * The report scope of an official: the dossiers they may see (dossier.read: received within reach,
 * or of a procedure owned by a ministry they monitor), narrowed to one agency, to the agencies of a
 * province (its own and its communes'), to the procedures of a ministry, or to one procedure. Every
 * report and dashboard starts from it, so none can show more than the dossier lists do.
 */
export async function reportScope(
  tx: Tx,
  accountId: string,
  now: Date,
  q: ScopeFilter,
): Promise<DossierScope> {
  const reach = await reachList(tx, accountId, now);
  const own = reach.filter((c) => !c.startsWith(ministryPrefix));
  let monitored = reach
    .filter((c) => c.startsWith(ministryPrefix))
    .map((c) => c.slice(ministryPrefix.length));

  let procedures: string[] | null = null;
  if (q.ministry) {
    const ministry = await tx
      .selectFrom('agency')
      .select('kind')
      .where('code', '=', q.ministry)
      .executeTakeFirst();
    if (ministry?.kind !== 'ministry') throw problem('validation', vi.detail.notMinistry(q.ministry));
    procedures = await proceduresOf(tx, [q.ministry]);
    monitored = monitored.filter((m) => m === q.ministry);
  }
  const only = (list: string[] | null) =>
    q.procedure ? (list === null || list.includes(q.procedure) ? [q.procedure] : []) : list;

  const slices: ScopeSlice[] = [{ agencies: await narrowed(tx, own, q), procedures: only(procedures) }];
  if (monitored.length > 0) {
    const { rows } = await sql<{ code: string }>`
      SELECT code FROM agency a WHERE NOT a.code = ANY(${own}::text[]) AND ${narrowing(q)}`.execute(tx);
    slices.push({ agencies: rows.map((r) => r.code), procedures: only(await proceduresOf(tx, monitored)) });
  }
  return slices.filter((s) => s.agencies.length > 0 && (s.procedures === null || s.procedures.length > 0));
}

async function proceduresOf(tx: Tx, ministries: string[]): Promise<string[]> {
  const rows = await tx
    .selectFrom('procedure')
    .select('code')
    .where('ministry_code', 'in', ministries)
    .execute();
  return rows.map((r) => r.code);
}

/** `a.code` is the agency asked for, or one of the province's (its own and its communes'). */
function narrowing(q: ScopeFilter): RawBuilder<SqlBool> {
  return sql<SqlBool>`${q.agency ? sql`a.code = ${q.agency}` : sql`true`}
    AND ${
      q.province
        ? sql`EXISTS (SELECT 1 FROM admin_unit u WHERE u.code = a.admin_unit_code AND u.valid_to IS NULL
            AND (u.code = ${q.province} OR u.parent_code = ${q.province}))`
        : sql`true`
    }`;
}

async function narrowed(tx: Tx, codes: string[], q: ScopeFilter): Promise<string[]> {
  if (!q.agency && !q.province) return codes;
  const { rows } = await sql<{ code: string }>`
    SELECT a.code FROM agency a WHERE a.code = ANY(${codes}::text[]) AND ${narrowing(q)}`.execute(tx);
  return rows.map((r) => r.code);
}

/** Every agency of the scope (the slices are disjoint). */
export const scopeAgencyList = (scope: DossierScope): string[] => scope.flatMap((s) => s.agencies);

/** Whether a dossier received by `agency`, of `procedure`, is in the scope: the slices as sets, for reading many rows. */
export function scopeTest(scope: DossierScope): (agency: string, procedure: string) => boolean {
  const sets = scope.map((s) => ({
    agencies: new Set(s.agencies),
    procedures: s.procedures && new Set(s.procedures),
  }));
  return (agency, procedure) =>
    sets.some((s) => s.agencies.has(agency) && (s.procedures === null || s.procedures.has(procedure)));
}

/**
 * SQL over the running sums (`agency_code`, `procedure_code`): the rows of each slice, read from
 * the '*' rows (the sum over procedures) when the slice takes every procedure. `keysOf` gives a
 * slice's sum keys (a province's sums '*PP' may stand for all of its agencies).
 */
export function sumsIn(
  scope: DossierScope,
  keysOf: (s: ScopeSlice) => readonly string[],
): RawBuilder<SqlBool> {
  if (scope.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(
    scope.map(
      (s) =>
        sql`(agency_code = ANY(${keysOf(s)}::text[]) AND ${
          s.procedures === null
            ? sql`procedure_code = '*'`
            : sql`procedure_code = ANY(${s.procedures}::text[])`
        })`,
    ),
    sql` OR `,
  )})`;
}

/**
 * The scope as rows `(code, procedures)`, to join dossiers on: `d.<agency> = s.code AND
 * (s.procedures IS NULL OR d.procedure_code = ANY(s.procedures))`. Sent once per statement.
 */
export function scopeRows(scope: DossierScope): RawBuilder<unknown> {
  if (scope.length === 0) return sql`(SELECT NULL::text AS code, NULL::text[] AS procedures WHERE false)`;
  return sql`(${sql.join(
    scope.map(
      (s) =>
        sql`SELECT DISTINCT unnest(${s.agencies}::text[]) AS code, ${s.procedures}::text[] AS procedures`,
    ),
    sql` UNION ALL `,
  )})`;
}

/** The join of a dossier `d` to a scope row `s`, by the agency in `column` (its competent agency unless said). */
export function onScope(column = 'd.competent_agency'): RawBuilder<SqlBool> {
  return sql<SqlBool>`s.code = ${sql.ref(column)} AND (s.procedures IS NULL OR d.procedure_code = ANY(s.procedures))`;
}

/** A dossier `d` of the scope. */
export function dossierInScope(scope: DossierScope): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM ${scopeRows(scope)} s WHERE ${onScope()})`;
}
