import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { seedReferenceData } from '../../src/seed/seedReferenceData.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrations.js';

/** The engine the tests run on: PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite. */
export const testEngine = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite';

/**
 * Prepared databases that `npm test` (test/support/runTests.ts) makes once per run and removes
 * after it: a folder with the embedded engine's snapshots (`blank.tar`, `seeded.tar`), and on
 * PostgreSQL a template database with the schema and the reference data. Without them (one file
 * run on its own) every database is made from nothing, as before; the result is the same.
 */
export const templateEnv = { pgliteDir: 'MOTCUA_TEST_SNAPSHOTS', postgres: 'MOTCUA_TEST_TEMPLATE' } as const;

export interface TestDatabase {
  database: Database;
  /** The connection URL (PostgreSQL only), for a child process to open the same database. */
  url?: string;
  /** Closes the connections and drops the database (PostgreSQL) or frees it (PGlite). */
  drop(): Promise<void>;
}

const snapshots = new Map<string, Blob | null>();
/** One of this run's embedded snapshots, read once per test process; null when there are none. */
function snapshot(name: 'blank' | 'seeded'): Blob | null {
  const dir = process.env[templateEnv.pgliteDir];
  if (!dir) return null;
  if (!snapshots.has(name)) snapshots.set(name, new Blob([readFileSync(join(dir, `${name}.tar`))]));
  return snapshots.get(name) ?? null;
}

/** A fresh, empty database of its own for one test file: nothing shared, nothing left behind. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return create('blank');
}

/** A fresh database with the schema and the reference data (map, lineage, agencies). */
export async function createSeededDatabase(): Promise<TestDatabase> {
  const prepared = process.env['TEST_DATABASE_URL'] ? process.env[templateEnv.postgres] : snapshot('seeded');
  if (prepared) return create('seeded');
  const t = await createTestDatabase();
  await migrate(t.database.db);
  await seedReferenceData(t.database.db);
  return t;
}

async function create(kind: 'blank' | 'seeded'): Promise<TestDatabase> {
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (!adminUrl) {
    const from = snapshot(kind);
    const database = await openDatabase(from ? { memory: true, from } : { memory: true });
    return { database, drop: () => database.close() };
  }
  const name = `motcua_test_${randomBytes(6).toString('hex')}`;
  const template = kind === 'seeded' ? process.env[templateEnv.postgres] : undefined;
  await withAdmin(adminUrl, (c) =>
    c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export async function withAdmin(url: string, work: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
