import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedReferenceData } from '../../src/seed/seedReferenceData.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrations.js';

/** The engine the tests run on: PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite. */
export const testEngine = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite';

export interface TestDatabase {
  database: Database;
  /** The connection URL (PostgreSQL only), for a child process to open the same database. */
  url?: string;
  /** Closes the connections and drops the database (PostgreSQL) or frees it (PGlite). */
  drop(): Promise<void>;
}

/** A fresh, empty database of its own for one test file: nothing shared, nothing left behind. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (!adminUrl) {
    const database = await openDatabase({ memory: true });
    return { database, drop: () => database.close() };
  }
  const name = `motcua_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
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

/** A fresh database with the schema and the reference data (map, lineage, agencies). */
export async function createSeededDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  await migrate(t.database.db);
  await seedReferenceData(t.database.db);
  return t;
}

async function withAdmin(url: string, work: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
