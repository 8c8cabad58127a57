import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createAppContext, inTransaction } from '../../src/app/context.js';
import { visibleQueue, type VisibleQueue } from '../../src/app/dossiers/visibleQueues.js';
import type { After } from '../../src/app/dossiers/worklistRows.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedReferenceData } from '../../src/seed/seedReferenceData.js';
import { migrate } from '../../src/store/migrations.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

/**
 * The overdue and due-soon queues (DOMAIN: a dossier being handled, status 2 or 4, whose deadline
 * has passed; or falls between now and the end of the window), newest submission first, each
 * dossier once, whichever way the page is read: off the window (a narrow one) or by walking the
 * list (a wide one). The oracle is the rule itself, applied to the rows the test wrote.
 */
describe(`deadline queues read either way (${testEngine})`, () => {
  let t: TestDatabase;
  let agencies: string[];
  const now = new Date('2026-03-02T03:00:00Z');
  const hour = 3_600_000;
  const pageSize = 2;

  before(async () => {
    t = await createTestDatabase();
    const db = t.database.db;
    await migrate(db);
    await seedReferenceData(db);
    await seedCatalog(createAppContext(db));
    agencies = (await db.selectFrom('agency').select('code').orderBy('code').limit(3).execute()).map(
      (a) => a.code,
    );
  });
  after(() => t.drop());

  interface Row {
    /** Indexes into the agencies seeing it (the first holds it). */
    seenBy: number[];
    status: number;
    submittedHoursAgo: number;
    dueInHours: number | null;
  }

  const row = fc.record({
    seenBy: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
    // Mostly dossiers being handled (2, 4), the queues' own.
    status: fc.constantFrom(2, 2, 4, 4, 5, 10),
    // Few distinct submission times: ties are ordered by id.
    submittedHoursAgo: fc.integer({ min: 0, max: 12 }),
    dueInHours: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null, freq: 10 }),
  });

  async function write(rows: Row[]): Promise<{ id: string; row: Row; submitted: number }[]> {
    const db = t.database.db;
    await sql`DELETE FROM dossier`.execute(db);
    const out = [];
    for (const [i, r] of rows.entries()) {
      const to = r.seenBy.map((k) => agencies[k]!);
      const submitted = now.getTime() - r.submittedHoursAgo * hour;
      const due = r.dueInHours === null ? null : new Date(now.getTime() + r.dueInHours * hour);
      const { rows: made } = await sql<{ id: string }>`INSERT INTO dossier (code, channel, procedure_code,
          version_no, workflow_revision, plan, received_by_agency, commune_code, agency_code, status, version,
          applicant_id_number, applicant_name, applicant, components, eform, submitted_at, due_at, state,
          competent_agency, visible_to, updated_at)
        VALUES (${`Q-${i}`}, 1, 'VD.000005', 1, 1, '[]', ${to[0]}, '00004', ${to[0]}, ${r.status}, 1, '001',
          'A', '{}', '[]', '{}', ${new Date(submitted)}, ${due}, '{}', ${to[0]}, ${to}::text[], now())
        RETURNING id`.execute(db);
      out.push({ id: made[0]!.id, row: r, submitted });
    }
    return out;
  }

  /** Every page of a queue, following the cursor, with the count offered to the reader. */
  async function walk(reach: string[], queue: VisibleQueue, dueUntil: Date, counted: number | undefined) {
    return inTransaction(createAppContext(t.database.db, { now: () => now }), async (tx) => {
      const selection = visibleQueue(tx, reach, { queue, now, dueUntil });
      const total = await selection.count();
      const seen: string[] = [];
      let from: After | undefined;
      // A reader that does not move on with the cursor would page forever: at most one page a row.
      for (let pages = 0; pages <= total; pages++) {
        const page = await selection.page(pageSize, from, counted);
        seen.push(...page.map((p) => p.id));
        const last = page.at(-1);
        if (page.length < pageSize || !last) break;
        from = { at: last.submitted_at, id: last.id };
      }
      return { total, seen };
    });
  }

  it('lists each dossier of the rule once, newest first, off the window and off the list alike', async () => {
    let pagesWalked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 6, maxLength: 20, size: 'max' }),
        fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom<VisibleQueue>('overdue', 'due_soon'),
        fc.integer({ min: 0, max: 30 }),
        async (rows, reached, queue, windowHours) => {
          const written = await write(rows);
          const dueUntil = new Date(now.getTime() + windowHours * hour);
          const inQueue = ({ row: r }: (typeof written)[number]) => {
            if ((r.status !== 2 && r.status !== 4) || r.dueInHours === null) return false;
            if (!r.seenBy.some((k) => reached.includes(k))) return false;
            const due = now.getTime() + r.dueInHours * hour;
            return queue === 'overdue'
              ? due < now.getTime()
              : due >= now.getTime() && due <= dueUntil.getTime();
          };
          const expected = written
            .filter(inQueue)
            .sort((a, b) => b.submitted - a.submitted || (a.id < b.id ? 1 : -1))
            .map((w) => w.id);
          const reach = reached.map((k) => agencies[k]!);
          // 0: the count says the window is narrow; 10 million: wide; none: the reader finds out.
          for (const counted of [0, 10_000_000, undefined]) {
            const { total, seen } = await walk(reach, queue, dueUntil, counted);
            assert.equal(total, expected.length);
            pagesWalked = Math.max(pagesWalked, Math.ceil(expected.length / pageSize));
            assert.deepEqual(seen, expected, `counted: ${counted}`);
          }
        },
      ),
      { numRuns: 30 },
    );
    // The runs must have paged: a queue of one page proves nothing of the cursor.
    assert.ok(pagesWalked >= 3, `at most ${pagesWalked} pages`);
  });
});
