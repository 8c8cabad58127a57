import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../src/store/database.js';
import type { Schema } from '../../src/store/schema.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

/** The statements prepared on the connection the transaction holds. */
const preparedOn = async (tx: Kysely<Schema>) =>
  (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(tx)).rows.map(
    (r) => r.statement,
  );

describe(
  `prepared statements (${testEngine})`,
  { skip: testEngine !== 'postgres' && 'PGlite runs in this process: nothing to prepare' },
  () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase();
      await sql`CREATE TABLE probe (id int PRIMARY KEY, a int NOT NULL)`.execute(t.database.db);
      await sql`INSERT INTO probe VALUES (1, 10), (2, 20)`.execute(t.database.db);
    });
    after(() => t.drop());

    it('prepares a statement with parameters once on its connection, and runs it again by name', async () => {
      await t.database.db.transaction().execute(async (tx) => {
        for (const id of [1, 2, 1]) {
          const { rows } = await sql<{ a: number }>`SELECT a FROM probe WHERE id = ${id}`.execute(tx);
          assert.equal(rows[0]?.a, id * 10);
        }
        const prepared = await preparedOn(tx);
        assert.equal(prepared.filter((s) => s === 'SELECT a FROM probe WHERE id = $1').length, 1);
      });
    });

    it('leaves statements with whole-table rows and statements without parameters unprepared', async () => {
      await t.database.db.transaction().execute(async (tx) => {
        await tx
          .selectFrom('probe' as never)
          .selectAll()
          .where('id' as never, '=', 1 as never)
          .execute();
        await sql`SELECT count(*) FROM probe WHERE a > ${5}`.execute(tx);
        await sql`SELECT a FROM probe WHERE id = 2`.execute(tx);
        const prepared = await preparedOn(tx);
        assert.equal(
          prepared.some((s) => s.includes('*') && !s.includes('count(*)')),
          false,
          prepared.join('\n'),
        );
        assert.equal(
          prepared.some((s) => s.includes('count(*)')),
          true,
          'count(*) is not a whole row',
        );
        assert.equal(
          prepared.some((s) => s.endsWith('id = 2')),
          false,
        );
      });
    });

    it('prepares nothing when told not to (DATABASE_PREPARE=false, behind an old PgBouncer)', async () => {
      const unprepared = await openDatabase({ url: t.url ?? '', prepare: false });
      try {
        await unprepared.db.transaction().execute(async (tx) => {
          await sql`SELECT a FROM probe WHERE id = ${1}`.execute(tx);
          await sql`SELECT a FROM probe WHERE id = ${2}`.execute(tx);
          assert.deepEqual(await preparedOn(tx), []);
        });
      } finally {
        await unprepared.close();
      }
    });

    it('prepares afresh a statement whose result type a migration changed, after one refusal', async () => {
      const db = t.database.db;
      const read = () =>
        db.transaction().execute((tx) => sql<{ a: number }>`SELECT a FROM probe WHERE id = ${1}`.execute(tx));
      // Prepared on every pooled connection this test may be handed.
      await Promise.all(Array.from({ length: 20 }, read));
      await sql`ALTER TABLE probe ALTER COLUMN a TYPE bigint`.execute(db);
      const afterChange = await Promise.allSettled(Array.from({ length: 20 }, read));
      const refused = afterChange.filter((r) => r.status === 'rejected');
      assert.ok(refused.length >= 1, 'a statement prepared before the change is refused');
      for (const r of refused)
        assert.match(String((r as PromiseRejectedResult).reason), /cached plan must not change result type/);
      // Renamed: from now on every connection prepares it again.
      const again = await Promise.all(Array.from({ length: 20 }, read));
      for (const r of again) assert.equal(Number(r.rows[0]?.a), 10);
    });
  },
);
