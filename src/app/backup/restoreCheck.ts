import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';

/**
 * The append-only tables (rows never updated: a row's xmin is the transaction that inserted it),
 * and which of their rows to count.
 */
const appendOnly = [
  { name: 'dossier_action', table: 'dossier_action', where: sql`true` },
  { name: 'audit_log', table: 'audit_log', where: sql`true` },
  // A dossier is born with its first log entry (its receipt here, or its import).
  { name: 'dossier', table: 'dossier_action', where: sql`seq = 1` },
] as const;

export interface TableComparison {
  table: string;
  /** Rows the restored database holds. */
  restored: number;
  /** Rows the live database committed at or before the target: the restore must hold exactly these. */
  reference: number;
  /** Rows the restored database holds that the live one committed after the target: must be none. */
  afterTarget: number;
}

export interface RestoreComparison {
  tables: TableComparison[];
  /** The live database's newest dossier committed at or before the target. */
  newestBefore: { code: string; committedAt: Date } | null;
  newestPresent: boolean;
  ok: boolean;
}

/** Committed after the target, by the commit timestamps PostgreSQL keeps (older rows: none kept). */
const after = (target: Date) => sql`coalesce(pg_xact_commit_timestamp(xmin) > ${target}, false)`;

/**
 * Compares a database restored to `target` with the live one it was backed up from, by commit
 * time (both need `track_commit_timestamp = on`): the restore holds exactly the rows committed up
 * to the target — each such row of the append-only tables, and none committed later.
 */
export async function compareRestore(
  restored: Kysely<Schema>,
  live: Kysely<Schema>,
  target: Date,
): Promise<RestoreComparison> {
  const count = async (
    db: Kysely<Schema>,
    table: string,
    where: ReturnType<typeof sql>,
    cond: ReturnType<typeof sql>,
  ) =>
    Number(
      (
        await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${where} AND ${cond}`.execute(db)
      ).rows[0]?.n ?? 0,
    );
  const tables: TableComparison[] = [];
  for (const { name, table, where } of appendOnly)
    tables.push({
      table: name,
      restored: await count(restored, table, where, sql`true`),
      reference: await count(live, table, where, sql`NOT ${after(target)}`),
      afterTarget: await count(restored, table, where, after(target)),
    });
  const newest = (
    await sql<{ code: string; at: Date }>`
      SELECT d.code, pg_xact_commit_timestamp(a.xmin) AS at FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
      WHERE a.seq = 1 AND pg_xact_commit_timestamp(a.xmin) <= ${target}
      ORDER BY 2 DESC LIMIT 1`.execute(live)
  ).rows[0];
  const newestBefore = newest ? { code: newest.code, committedAt: new Date(newest.at) } : null;
  const newestPresent =
    newestBefore === null ||
    (await restored.selectFrom('dossier').select('code').where('code', '=', newestBefore.code).execute())
      .length === 1;
  const ok = newestPresent && tables.every((t) => t.restored === t.reference && t.afterTarget === 0);
  return { tables, newestBefore, newestPresent, ok };
}

/** Whether a database keeps commit timestamps (what the comparison reads). */
export async function keepsCommitTimes(db: Kysely<Schema>): Promise<boolean> {
  const { rows } = await sql<{ on: string }>`SELECT current_setting('track_commit_timestamp') AS on`.execute(
    db,
  );
  return rows[0]?.on === 'on';
}
