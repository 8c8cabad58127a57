import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrate } from '../../src/store/migrations.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

// Every table the dossier commands read through the process cache (src/app/configCache.ts).
const configTables = [
  'procedure',
  'procedure_version',
  'workflow_template',
  'workflow_binding',
  'deployment_route',
  'calendar_year',
  'agency_office_hours',
  'agency',
  'admin_unit',
];

describe(`configuration generation (${testEngine})`, () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await migrate(t.database.db);
  });
  after(() => t.drop());

  it('moves on with every write to a configuration table, even one that changes no row', async () => {
    const db = t.database.db;
    const generation = async () =>
      (await db.selectFrom('config_generation').select('n').executeTakeFirstOrThrow()).n;
    for (const table of configTables) {
      const before = await generation();
      await sql`DELETE FROM ${sql.table(table)} WHERE false`.execute(db);
      assert.equal(await generation(), before + 1, table);
    }
  });

  it('does not move when dossiers are written', async () => {
    const db = t.database.db;
    const before = (await db.selectFrom('config_generation').select('n').executeTakeFirstOrThrow()).n;
    await sql`DELETE FROM dossier WHERE false`.execute(db);
    const now = (await db.selectFrom('config_generation').select('n').executeTakeFirstOrThrow()).n;
    assert.equal(now, before);
  });
});
