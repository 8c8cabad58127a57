import { sql } from 'kysely';
import { recordAudit } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { uncountDossiers } from '../reports/countIndicators.js';

/** The tables an import writes for a dossier: anything else referring to it is work done here. */
const importOwn = new Set([
  'dossier_action',
  'dossier_document',
  'dossier_result',
  'warehouse_item',
  'dossier_indicator',
  'portal_sync',
  'migrated_dossier',
  // Derived from the dossier row by a trigger, for every dossier however it came.
  'dossier_visibility',
]);

export type RollbackOutcome =
  | { kind: 'rolled_back'; dossiers: number }
  | { kind: 'not_found' }
  | { kind: 'worked_on'; codes: string[]; tables: string[] };

/**
 * Removes a migration run's dossiers as a unit (the cut-over's rollback plan), refused while any of
 * them has been worked on here: an action taken, a document uploaded, a result issued, a payment,
 * a rating, a message queued, an item of the warehouse opened — anything that refers to the
 * dossier beyond what the import itself wrote. The indicator sums lose the dossiers' shares; the
 * log's append-only rule is lifted for these rows only, inside the transaction that removes them.
 * Batches of `batch` dossiers; a rollback interrupted is finished by running it again.
 */
export async function rollbackRun(
  ctx: AppContext,
  runId: string,
  by: { operator: string },
  batch = 2000,
): Promise<RollbackOutcome> {
  const run = await ctx.db
    .selectFrom('migration_run')
    .select(['id', 'province', 'state'])
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!run) return { kind: 'not_found' };
  const worked = await inTransaction(ctx, (tx) => workDoneHere(tx, runId));
  if (worked.codes.length > 0) return { kind: 'worked_on', ...worked };
  let removed = 0;
  for (;;) {
    const done = await inTransaction(ctx, async (tx) => {
      const { rows } = await sql<{ id: string }>`
        SELECT d.id FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id
        WHERE m.run_id = ${runId}::uuid AND d.version = m.imported_version
        ORDER BY d.id LIMIT ${batch} FOR UPDATE OF d`.execute(tx);
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return 0;
      // Checked again under the lock: an action since the first look stops the rollback here.
      const again = await workDoneHere(tx, runId, ids);
      if (again.codes.length > 0) throw new WorkedOn(again.codes, again.tables);
      await uncountDossiers(tx, ids);
      const list = sql`${ids}::uuid[]`;
      await sql`DELETE FROM warehouse_item WHERE source_dossier_id = ANY(${list}) AND imported`.execute(tx);
      await sql`DELETE FROM dossier_result WHERE dossier_id = ANY(${list}) AND status = 'imported'`.execute(
        tx,
      );
      await sql`DELETE FROM dossier_document WHERE dossier_id = ANY(${list}) AND uploaded_by IS NULL`.execute(
        tx,
      );
      await sql`DELETE FROM portal_sync WHERE dossier_id = ANY(${list})`.execute(tx);
      await sql`DELETE FROM migrated_dossier WHERE dossier_id = ANY(${list})`.execute(tx);
      await sql`SELECT set_config('motcua.migration_rollback', 'on', true)`.execute(tx);
      await sql`DELETE FROM dossier_action WHERE dossier_id = ANY(${list})`.execute(tx);
      await sql`SELECT set_config('motcua.migration_rollback', 'off', true)`.execute(tx);
      await sql`DELETE FROM dossier WHERE id = ANY(${list})`.execute(tx);
      return ids.length;
    }).catch((e: unknown) => {
      if (e instanceof WorkedOn) return e;
      throw e;
    });
    if (done instanceof WorkedOn) return { kind: 'worked_on', codes: done.codes, tables: done.tables };
    if (done === 0) break;
    removed += done;
  }
  await inTransaction(ctx, async (tx) => {
    await sql`DELETE FROM migration_history WHERE run_id = ${runId}::uuid`.execute(tx);
    await sql`UPDATE migration_run SET state = 'rolled_back', updated_at = ${ctx.now()} WHERE id = ${runId}::uuid`.execute(
      tx,
    );
    await recordAudit(
      tx,
      {
        actorKind: 'system',
        actorId: null,
        action: 'migration.rolled_back',
        targetKind: 'migration_run',
        targetId: runId,
        agencyCode: null,
        detail: { province: run.province, dossiers: removed, operator: by.operator },
      },
      ctx.now(),
      { ip: null, requestId: null },
    );
  });
  return { kind: 'rolled_back', dossiers: removed };
}

class WorkedOn extends Error {
  constructor(
    readonly codes: string[],
    readonly tables: string[],
  ) {
    super('worked on');
  }
}

/**
 * The run's dossiers (or `ids` among them) worked on here: moved on since the import, or referred
 * to by a table the import does not write, or by its own tables beyond what it wrote (a document
 * uploaded by an official, a result issued here, a warehouse item opened). Every table with a
 * foreign key to the dossier is looked at, so a table added later is covered without listing it.
 */
async function workDoneHere(
  tx: Tx,
  runId: string,
  ids?: readonly string[],
): Promise<{ codes: string[]; tables: string[] }> {
  const scope = ids
    ? sql`m.run_id = ${runId}::uuid AND m.dossier_id = ANY(${[...ids]}::uuid[])`
    : sql`m.run_id = ${runId}::uuid`;
  const { rows: moved } = await sql<{ code: string }>`
    SELECT d.code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id
    WHERE ${scope} AND d.version <> m.imported_version LIMIT 20`.execute(tx);
  const { rows: refs } = await sql<{ table_name: string; column_name: string }>`
    SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.confrelid = 'dossier'::regclass AND array_length(c.conkey, 1) = 1`.execute(
    tx,
  );
  const tables: string[] = [];
  const codes = new Set(moved.map((m) => m.code));
  const check = async (label: string, query: ReturnType<typeof sql<{ code: string }>>) => {
    const { rows } = await query.execute(tx);
    if (rows.length > 0) tables.push(label);
    for (const r of rows) codes.add(r.code);
  };
  for (const r of refs.filter((x) => !importOwn.has(x.table_name)))
    await check(
      r.table_name,
      sql<{ code: string }>`SELECT d.code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id
        WHERE ${scope} AND EXISTS (SELECT 1 FROM ${sql.table(r.table_name)} x WHERE ${sql.ref(`x.${r.column_name}`)} = d.id) LIMIT 20`,
    );
  await check(
    'dossier_document',
    sql<{ code: string }>`SELECT d.code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id
      WHERE ${scope} AND EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id AND x.uploaded_by IS NOT NULL) LIMIT 20`,
  );
  await check(
    'dossier_result',
    sql<{ code: string }>`SELECT d.code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id
      WHERE ${scope} AND EXISTS (SELECT 1 FROM dossier_result x WHERE x.dossier_id = d.id AND x.status <> 'imported') LIMIT 20`,
  );
  await check(
    'warehouse_access',
    sql<{ code: string }>`SELECT d.code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id
      WHERE ${scope} AND EXISTS (SELECT 1 FROM warehouse_item w JOIN warehouse_access x ON x.item_id = w.id
        WHERE w.source_dossier_id = d.id) LIMIT 20`,
  );
  await check(
    'dossier_document (reused)',
    sql<{ code: string }>`SELECT d.code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id
      WHERE ${scope} AND EXISTS (SELECT 1 FROM warehouse_item w JOIN dossier_document x ON x.reused_from = w.id
        WHERE w.source_dossier_id = d.id) LIMIT 20`,
  );
  if (moved.length > 0) tables.unshift('dossier_action');
  return { codes: [...codes].slice(0, 20), tables };
}
