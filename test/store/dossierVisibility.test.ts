import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedReferenceData } from '../../src/seed/seedReferenceData.js';
import { migrate, readMigrationFiles } from '../../src/store/migrations.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

// dossier_visibility must hold exactly one row per (dossier, distinct code in its visible_to), each
// with the dossier's status, submission and deadline, whatever writes the dossier: the worklists
// trust it as they trusted visible_to.
describe(`dossier visibility table (${testEngine})`, () => {
  let t: TestDatabase;
  let agencies: string[];
  before(async () => {
    t = await createTestDatabase();
    const db = t.database.db;
    // Up to the migration before the table, with dossiers in it, then the rest: the backfill.
    await migrate(
      db,
      readMigrationFiles().filter((f) => f.name < '0048'),
    );
    await seedReferenceData(db);
    await seedCatalog(createAppContext(db));
    agencies = (await db.selectFrom('agency').select('code').orderBy('code').limit(6).execute()).map(
      (a) => a.code,
    );
    for (const [i, to] of [[agencies[0]!], [agencies[1]!, agencies[2]!, agencies[1]!]].entries()) {
      await insertDossier(`OLD-${i}`, to);
    }
    assert.deepEqual(
      await migrate(
        db,
        readMigrationFiles().filter((f) => f.name < '0049'),
      ),
      ['0048_dossier_visibility.sql'],
    );
    await migrate(db);
  });

  async function insertDossier(code: string, to: string[], minutesAgo = 0): Promise<string> {
    const r = await sql<{ id: string }>`INSERT INTO dossier (code, channel, procedure_code, version_no,
        workflow_revision, plan, received_by_agency, commune_code, agency_code, status, version,
        applicant_id_number, applicant_name, applicant, components, eform, submitted_at, due_at, state, competent_agency,
        visible_to, updated_at)
      VALUES (${code}, 1, 'VD.000005', 1, 1, '[]', ${to[0]}, '00004', ${to[0]}, 2, 1, '001', 'A',
        '{}', '[]', '{}', now() - ${minutesAgo} * interval '1 minute', now() + interval '1 day', '{}', ${to[0]}, ${to}::text[], now())
      RETURNING id`.execute(t.database.db);
    return r.rows[0]!.id;
  }
  after(() => t.drop());

  /** What the table should hold, from visible_to itself, and what it holds. */
  async function expectedAndActual() {
    const db = t.database.db;
    const expected = await sql<{ r: string }>`SELECT DISTINCT d.id || ' ' || a || ' ' || d.status || ' ' ||
        d.submitted_at || ' ' || coalesce(d.due_at::text, '-') AS r
      FROM dossier d, unnest(d.visible_to) a ORDER BY 1`.execute(db);
    const actual = await sql<{
      r: string;
    }>`SELECT v.dossier_id || ' ' || v.agency_code || ' ' || v.status || ' ' ||
        v.submitted_at || ' ' || coalesce(v.due_at::text, '-') AS r
      FROM dossier_visibility v ORDER BY 1`.execute(db);
    return { expected: expected.rows.map((r) => r.r), actual: actual.rows.map((r) => r.r) };
  }

  it('is filled from the dossiers already there when the migration runs', async () => {
    const { expected, actual } = await expectedAndActual();
    assert.equal(expected.length, 3);
    assert.deepEqual(actual, expected);
  });

  it('follows every insert, change of visibility, status or deadline, and delete', async () => {
    const db = t.database.db;
    const codes = fc.subarray(['a', 'b', 'c', 'd', 'e', 'f'], { minLength: 1 });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), to: codes, dup: fc.boolean() }),
      fc.record({ kind: fc.constant('see' as const), i: fc.nat(), to: codes }),
      fc.record({
        kind: fc.constant('status' as const),
        i: fc.nat(),
        status: fc.integer({ min: 1, max: 10 }),
      }),
      fc.record({
        kind: fc.constant('due' as const),
        i: fc.nat(),
        hours: fc.option(fc.integer({ min: -99, max: 99 })),
      }),
      fc.record({ kind: fc.constant('other' as const), i: fc.nat() }),
      fc.record({ kind: fc.constant('delete' as const), i: fc.nat() }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        await sql`DELETE FROM dossier`.execute(db);
        const ids: string[] = [];
        const codesOf = (to: string[]) => to.map((c) => agencies[c.charCodeAt(0) - 97] ?? agencies[0]!);
        for (const o of ops) {
          const id = ids.length > 0 && 'i' in o ? ids[o.i % ids.length]! : undefined;
          if (o.kind === 'insert') {
            ids.push(await insertDossier(`VIS-${n}`, codesOf(o.dup ? [...o.to, o.to[0]!] : o.to), n++));
          } else if (id && o.kind === 'see') {
            await db
              .updateTable('dossier')
              .set({ visible_to: codesOf(o.to) })
              .where('id', '=', id)
              .execute();
          } else if (id && o.kind === 'status') {
            await db.updateTable('dossier').set({ status: o.status }).where('id', '=', id).execute();
          } else if (id && o.kind === 'due') {
            const due = o.hours === null ? null : new Date(Date.now() + o.hours * 3_600_000);
            await db.updateTable('dossier').set({ due_at: due }).where('id', '=', id).execute();
          } else if (id && o.kind === 'other') {
            await db.updateTable('dossier').set({ summary: 'x', version: 2 }).where('id', '=', id).execute();
          } else if (id && o.kind === 'delete') {
            await db.deleteFrom('dossier').where('id', '=', id).execute();
            ids.splice(ids.indexOf(id), 1);
          }
        }
        const { expected, actual } = await expectedAndActual();
        assert.deepEqual(actual, expected);
      }),
      { numRuns: 40 },
    );
    await sql`DELETE FROM dossier`.execute(db);
  });
});
