import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrate, pendingMigrations, readMigrationFiles } from '../../src/store/migrations.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

describe(`migrations (${testEngine})`, () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.drop());

  it('applies every file in order on an empty database, then nothing', async () => {
    const files = readMigrationFiles();
    assert.deepEqual(
      await pendingMigrations(t.database.db),
      files.map((f) => f.name),
    );
    assert.deepEqual(
      await migrate(t.database.db),
      files.map((f) => f.name),
    );
    assert.deepEqual(await migrate(t.database.db), []);
    assert.deepEqual(await pendingMigrations(t.database.db), []);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const files = readMigrationFiles().map((f, i) => (i === 0 ? { ...f, checksum: 'edited' } : f));
    await assert.rejects(migrate(t.database.db, files), /0001_admin_units\.sql was changed/);
  });

  it('rolls back a failing migration entirely', async () => {
    const bad = {
      name: '9999_broken.sql',
      checksum: 'x',
      sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
    };
    await assert.rejects(migrate(t.database.db, [...readMigrationFiles(), bad]));
    const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('half_done')::text AS t`.execute(
      t.database.db,
    );
    assert.equal(rows[0]?.t, null);
    assert.deepEqual(await pendingMigrations(t.database.db), []);
  });
});
