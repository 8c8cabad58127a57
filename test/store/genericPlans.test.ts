import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createQueryId,
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { createAppContext, inTransaction, type Tx } from '../../src/app/context.js';
import { listDossiers } from '../../src/app/dossiers/worklists.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedReferenceData } from '../../src/seed/seedReferenceData.js';
import { seedStaff } from '../../fixtures/staff.js';
import { migrate } from '../../src/store/migrations.js';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

/** Keeps every statement a Kysely instance runs, to be explained afterwards. */
class Statements implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push(node);
    return node;
  }
  transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(result);
  }
}

const literal = (v: unknown): string =>
  v === null
    ? 'NULL'
    : typeof v === 'number'
      ? String(v)
      : `'${(v instanceof Date ? v.toISOString() : Array.isArray(v) ? `{${v.join(',')}}` : String(v)).replace(/'/g, "''")}'`;

/**
 * Statements are prepared, and after five runs PostgreSQL may keep a generic plan, made without
 * the parameters' values (src/store/preparedStatements.ts). A generic plan can use a partial index
 * only when the statement's own text implies the index's predicate. The worklists' counts and pages
 * must still read their partial indexes then: the open-dossier visibility index for the deadline
 * queues, the open-dossier index of `dossier` for an agency's queue. Checked with PostgreSQL's own
 * generic plan (`plan_cache_mode = force_generic_plan`) of each statement the worklist sent, on
 * analysed tables where the partial index is the cheap way.
 */
describe(`worklists under a generic plan (${testEngine})`, () => {
  let t: TestDatabase;
  let processor: string;
  const now = new Date('2026-03-02T03:00:00Z');

  before(async () => {
    t = await createTestDatabase();
    const db = t.database.db;
    await migrate(db);
    await seedReferenceData(db);
    await seedStaff(db);
    await seedCatalog(createAppContext(db));
    const grant = await db
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select(['a.id', 'g.agency_code'])
      .where('a.username', '=', 'hanoi.chuyenvien')
      .executeTakeFirstOrThrow();
    processor = grant.id;
    // 4,000 dossiers at the official's agency, one in forty being handled: a partial index of the
    // open ones is a hundredth of the list.
    await sql`INSERT INTO dossier (code, channel, procedure_code, version_no, workflow_revision, plan,
        received_by_agency, commune_code, agency_code, status, version, applicant_id_number, applicant_name,
        applicant, components, eform, submitted_at, due_at, state, competent_agency, visible_to, updated_at)
      SELECT 'G-' || g, 1, 'VD.000005', 1, 1, '[]', ${grant.agency_code}, '00004', ${grant.agency_code},
        CASE WHEN g % 40 = 0 THEN 4 ELSE 10 END, 1, '001', 'A', '{}', '[]', '{}',
        ${now}::timestamptz - g * interval '1 minute', ${now}::timestamptz + (g % 80 - 40) * interval '1 hour',
        '{}', ${grant.agency_code}, ARRAY[${grant.agency_code}], now()
      FROM generate_series(1, 4000) g`.execute(db);
    await sql`ANALYZE dossier`.execute(db);
    await sql`ANALYZE dossier_visibility`.execute(db);
  });
  after(() => t.drop());

  /** The generic plans of the statements one worklist request sends, as JSON text. */
  async function genericPlans(
    queue: 'overdue' | 'due_soon' | 'agency',
    page: 'first' | 'second' = 'first',
  ): Promise<string[]> {
    const actor = {
      kind: 'staff',
      accountId: processor,
      username: 'hanoi.chuyenvien',
      stage: 'full',
    } as const;
    const first = await listDossiers(createAppContext(t.database.db, { now: () => now }), actor, {
      queue,
      limit: 10,
    });
    assert.ok(first.nextCursor, 'a second page');
    const statements = new Statements();
    const db = t.database.db.withPlugin(statements);
    await listDossiers(createAppContext(db, { now: () => now }), actor, {
      queue,
      limit: 10,
      ...(page === 'second' ? { cursor: first.nextCursor } : {}),
    });
    const executor = db.getExecutor();
    return inTransaction(createAppContext(t.database.db), async (tx: Tx) => {
      await sql`SET LOCAL plan_cache_mode = force_generic_plan`.execute(tx);
      const plans: string[] = [];
      for (const [i, node] of statements.nodes.entries()) {
        const q = executor.compileQuery(node, createQueryId());
        if (!/dossier/.test(q.sql) || q.parameters.length === 0) continue;
        await sql.raw(`PREPARE generic_${i} AS ${q.sql}`).execute(tx);
        const { rows } = await sql
          .raw<{
            'QUERY PLAN': unknown;
          }>(`EXPLAIN (FORMAT JSON) EXECUTE generic_${i}(${q.parameters.map(literal).join(', ')})`)
          .execute(tx);
        plans.push(`${q.sql}\n${JSON.stringify(rows[0]?.['QUERY PLAN'])}`);
        await sql.raw(`DEALLOCATE generic_${i}`).execute(tx);
      }
      return plans;
    });
  }

  const uses = (plans: string[], statement: RegExp, index: string) => {
    const matching = plans.filter((p) => statement.test(p));
    assert.ok(matching.length > 0, `no statement ${statement}`);
    for (const p of matching) assert.match(p, new RegExp(`"Index Name":"${index}"`), p);
  };

  it('counts the overdue and due-soon queues off the open-dossier visibility index', async () => {
    for (const queue of ['overdue', 'due_soon'] as const) {
      uses(
        await genericPlans(queue),
        /^select count\(\*\) as "n" from "dossier_visibility"/,
        'dossier_visibility_open',
      );
      // A later page makes no count: it asks whether the window is narrow, off the same index.
      uses(
        await genericPlans(queue, 'second'),
        /^select count\(\*\) as "n" from \(select 1 as "one" from "dossier_visibility"/,
        'dossier_visibility_open',
      );
    }
  });

  it("counts and pages an agency's queue off the open-dossier index", async () => {
    const plans = await genericPlans('agency');
    uses(plans, /^select count\(\*\) as "n" from "dossier"/, 'dossier_open_by_agency');
    uses(plans, /^select "d"\."id"/, 'dossier_open_by_agency');
  });
});
