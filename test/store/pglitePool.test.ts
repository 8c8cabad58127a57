import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { seedReferenceData } from '../../src/seed/seedReferenceData.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate, pendingMigrations } from '../../src/store/migrations.js';

describe('embedded PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pglite-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data in its folder across restarts, without re-applying migrations', async () => {
    const first = await openDatabase({ dataDir: dir });
    assert.ok((await migrate(first.db)).length > 0);
    assert.equal((await seedReferenceData(first.db)).skipped, false);
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    assert.deepEqual(await pendingMigrations(second.db), []);
    assert.deepEqual(await migrate(second.db), []);
    assert.equal((await seedReferenceData(second.db)).skipped, true);
    const n = await second.db
      .selectFrom('admin_unit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(n.n, 3355);
    await second.close();
  });

  it('opens a snapshot as it stood, apart from the database it was taken from', async () => {
    const d = await openDatabase({ memory: true });
    await sql`CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)`.execute(d.db);
    await sql`INSERT INTO note VALUES (1, 'Hồ sơ đã tiếp nhận')`.execute(d.db);
    const taken = await (d.snapshot as () => Promise<Blob>)();
    await sql`INSERT INTO note VALUES (2, 'after the snapshot')`.execute(d.db);
    const copies = await Promise.all([1, 2].map(() => openDatabase({ memory: true, from: taken })));
    await sql`UPDATE note SET body = 'changed in the first copy'`.execute(copies[0]!.db);
    const read = async (x: typeof d) =>
      (await sql<{ body: string }>`SELECT body FROM note ORDER BY id`.execute(x.db)).rows.map((r) => r.body);
    assert.deepEqual(await read(copies[1]!), ['Hồ sơ đã tiếp nhận']);
    assert.deepEqual(await read(copies[0]!), ['changed in the first copy']);
    assert.deepEqual(await read(d), ['Hồ sơ đã tiếp nhận', 'after the snapshot']);
    await Promise.all([d, ...copies].map((x) => x.close()));
  });

  it('keeps concurrent transactions apart and rolls back a failed one', async () => {
    const d = await openDatabase({ memory: true });
    await sql`CREATE TABLE counter (n int NOT NULL)`.execute(d.db);
    await sql`INSERT INTO counter VALUES (0)`.execute(d.db);
    // Read-modify-write in 20 parallel transactions: a lost update would show as a total below 20.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        d.db.transaction().execute(async (tx) => {
          const { rows } = await sql<{ n: number }>`SELECT n FROM counter`.execute(tx);
          await new Promise((r) => setTimeout(r, 1));
          await sql`UPDATE counter SET n = ${(rows[0]?.n ?? 0) + 1}`.execute(tx);
        }),
      ),
    );
    await assert.rejects(
      d.db.transaction().execute(async (tx) => {
        await sql`UPDATE counter SET n = 1000`.execute(tx);
        throw new Error('boom');
      }),
      /boom/,
    );
    const { rows } = await sql<{ n: number }>`SELECT n FROM counter`.execute(d.db);
    assert.equal(rows[0]?.n, 20);
    await d.close();
  });

  it('returns dates as YYYY-MM-DD and 64-bit integers as numbers, like the PostgreSQL driver', async () => {
    const d = await openDatabase({ memory: true });
    const { rows } = await sql<{
      d: unknown;
      n: unknown;
    }>`SELECT '2025-07-01'::date AS d, 42::int8 AS n`.execute(d.db);
    assert.deepEqual(rows[0], { d: '2025-07-01', n: 42 });
    await d.close();
  });
});
