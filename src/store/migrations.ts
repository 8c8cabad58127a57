import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { migrationsDir } from '../paths.js';
import type { Schema } from './schema.js';

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

/** The SQL files of `migrations/`, in name order (NNNN_what.sql). */
export function readMigrationFiles(dir: string = migrationsDir): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, checksum: createHash('sha256').update(text).digest('hex'), sql: text };
    });
}

const ensureLedger = sql`CREATE TABLE IF NOT EXISTS schema_migration (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Applies the pending migrations in one transaction, under an advisory lock so that two processes
 * starting together do not both migrate. An applied migration whose file has changed is an error:
 * migrations are append-only.
 */
export async function migrate(db: Kysely<Schema>, files = readMigrationFiles()): Promise<string[]> {
  await ensureLedger.execute(db);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('motcua.migrate'))`.execute(tx);
    const pending = await pendingIn(tx, files);
    for (const m of pending) {
      await sql.raw(m.sql).execute(tx);
      await tx.insertInto('schema_migration').values({ name: m.name, checksum: m.checksum }).execute();
    }
    return pending.map((m) => m.name);
  });
}

/** Names of migrations not yet applied; throws if an applied one was edited or is unknown. */
export async function pendingMigrations(db: Kysely<Schema>, files = readMigrationFiles()): Promise<string[]> {
  const { rows } = await sql<{
    exists: boolean;
  }>`SELECT to_regclass('schema_migration') IS NOT NULL AS exists`.execute(db);
  if (!rows[0]?.exists) return files.map((f) => f.name);
  return (await pendingIn(db, files)).map((m) => m.name);
}

async function pendingIn(db: Kysely<Schema>, files: MigrationFile[]): Promise<MigrationFile[]> {
  const applied = await db.selectFrom('schema_migration').select(['name', 'checksum']).execute();
  const known = new Map(files.map((f) => [f.name, f.checksum]));
  for (const a of applied) {
    const checksum = known.get(a.name);
    if (checksum === undefined) throw new Error(`Migration ${a.name} is applied but its file is missing`);
    if (checksum !== a.checksum) throw new Error(`Migration ${a.name} was changed after it was applied`);
  }
  const done = new Set(applied.map((a) => a.name));
  return files.filter((f) => !done.has(f.name));
}
