import pg from 'pg';
import { type AppContext, createAppContext } from '../src/app/context.js';
import { aggregateTotals, sumsWindow } from '../src/app/reports/aggregateIndicators.js';
import { countUncounted } from '../src/app/reports/countIndicators.js';
import { foldAllIndicators } from '../src/app/reports/foldIndicators.js';
import { localToday, monthOf, previousMonthOf } from '../src/domain/calendar/months.js';
import type { Actor } from '../src/app/access/actor.js';
import { deadlineWatch } from '../src/app/reports/deadlineWatch.js';
import { indicatorTrend } from '../src/app/reports/indicatorTrend.js';
import { integrationBacklog } from '../src/app/reports/integrationBacklog.js';
import { requestMonthlyReport } from '../src/app/reports/monthly/monthlyReports.js';
import { steeringToday } from '../src/app/reports/steeringToday.js';
import { seedDemoAccounts } from '../src/seed/demoAccounts.js';
import { indicatorsOf, sumTotals } from '../src/domain/reports/indicators.js';
import { seedCatalog } from '../src/seed/seedCatalog.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrations.js';
import { freshPostgres, percentile } from './freshDatabase.js';

/** How many dossiers (about six log entries each); BENCH_DOSSIERS overrides (10,000,000 for the record). */
const total = Number(process.env['BENCH_DOSSIERS'] ?? 1_000_000);
const chunk = 250_000;
/** Two years of intake, ending now. */
const spanDays = 730;

/**
 * The indicator sums at national scale: a generator of `total` dossiers with their processing logs
 * over two years (the service centres of Hà Nội and Hồ Chí Minh City receive 50 times as many as
 * any other), counted and folded by the system's own code; then the national dashboard (this
 * month to date, and last month) and Hà Nội's monthly table by agency, read from the sums, against
 * a naive GROUP BY over the base tables for the same month, as latencies and their ratio.
 */
export async function indicators(): Promise<void> {
  const admin = process.env['BENCH_DATABASE_URL'];
  if (!admin) {
    console.log('indicators: needs BENCH_DATABASE_URL (PostgreSQL)');
    return;
  }
  // BENCH_REUSE=<url of a database kept by BENCH_KEEP>: measure the reads again without loading.
  const reuse = process.env['BENCH_REUSE'];
  const fresh = reuse ? { url: reuse, drop: async () => {} } : await freshPostgres(admin);
  const database = await openDatabase({ url: fresh.url });
  const ctx: AppContext = createAppContext(database.db);
  const client = new pg.Client({ connectionString: fresh.url });
  try {
    await client.connect();
    if (!reuse) await load(ctx, client);
    const today = localToday(new Date());
    const thisMonth = monthOf(today);
    const lastMonth = monthOf(
      new Date(Date.parse(`${thisMonth}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
    );
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // A national monitor's reach: every agency.
    const all = (await client.query<{ code: string }>(`SELECT code FROM agency`)).rows.map((r) => r.code);
    const hanoi = (
      await client.query<{ code: string }>(
        `SELECT a.code FROM agency a JOIN admin_unit u ON u.code = a.admin_unit_code AND u.valid_to IS NULL
         WHERE u.code = '01' OR u.parent_code = '01'`,
      )
    ).rows.map((r) => r.code);

    // A ministry's procedures (Bộ Tư pháp's, most of the catalog's) in every province.
    const justice = (
      await client.query<{ code: string }>(`SELECT code FROM procedure WHERE ministry_code = '000.00.00.G09'`)
    ).rows.map((r) => r.code);

    const fromSums =
      (
        agencies: string[],
        from: string,
        to: string,
        group: 'agency' | 'province',
        procedures: string[] | null = null,
      ) =>
      async () => {
        await database.db.transaction().execute(async (tx) => {
          const w = await sumsWindow(tx, from, to, today);
          if (!w) throw new Error(`no sums window for ${from}..${to}`);
          const totals = await aggregateTotals(tx, database.db, [{ agencies, procedures }], w, group);
          for (const t of totals.values()) indicatorsOf(t);
          indicatorsOf(sumTotals(totals.values()));
        });
      };
    // The naive way: the month's log entries joined to their dossiers, grouped by receiving agency
    // (received by channel, finished, finished late) — less than the indicators need, and still a
    // scan of the month's log. It gets an index on the log's time of its own.
    await client.query(`CREATE INDEX IF NOT EXISTS bench_action_at ON dossier_action (at)`);
    await client.query('ANALYZE dossier_action');
    const naive =
      (agencies: string[], from: string, to: string, procedures: string[] | null = null) =>
      async () => {
        await client.query(
          `SELECT d.received_by_agency, d.channel,
           count(*) FILTER (WHERE a.from_status = 1 AND a.to_status = 2) AS received,
           count(*) FILTER (WHERE a.to_status = 9) AS finished,
           count(*) FILTER (WHERE a.to_status = 9 AND a.at > a.due_at) AS late
         FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
         WHERE a.at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
           AND a.at < ($2::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
           AND d.received_by_agency = ANY($3::text[])
           AND ($4::text[] IS NULL OR d.procedure_code = ANY($4::text[]))
         GROUP BY 1, 2`,
          [from, to, agencies, procedures],
        );
      };
    const time = async (run: () => Promise<void>, times: number) => {
      const samples: number[] = [];
      for (let i = 0; i < times + 3; i++) {
        const t = performance.now();
        await run();
        if (i >= 3) samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
    };
    const cases: [string, string[], string, string, 'agency' | 'province', string[]?][] = [
      ['national by province, month to date', all, thisMonth, tomorrow, 'province'],
      ['national by province, last month', all, lastMonth, thisMonth, 'province'],
      ['Hà Nội by agency, last month', hanoi, lastMonth, thisMonth, 'agency'],
      ['Hà Nội by agency, month to date', hanoi, thisMonth, tomorrow, 'agency'],
      ['one ministry, by province, month to date', all, thisMonth, tomorrow, 'province', justice],
      ['one ministry, by province, last month', all, lastMonth, thisMonth, 'province', justice],
    ];
    const dossiers = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM dossier')).rows[0]?.n,
    );
    console.log(`\nindicator sums vs naive GROUP BY, ${dossiers.toLocaleString('en')} dossiers (PostgreSQL)`);
    for (const [name, agencies, from, to, group, procedures] of cases) {
      const sums = await time(fromSums(agencies, from, to, group, procedures ?? null), 50);
      const base = await time(naive(agencies, from, to, procedures ?? null), 5);
      console.log(
        `${name.padEnd(36)} sums p50 ${sums.p50.toFixed(1).padStart(7)} p95 ${sums.p95.toFixed(1).padStart(7)} ms | naive p50 ${base.p50.toFixed(0).padStart(7)} p95 ${base.p95.toFixed(0).padStart(7)} ms | naive/sums ${(base.p50 / sums.p50).toFixed(0)}×`,
      );
    }
    await steering(ctx, client, today);
  } finally {
    await client.end().catch(() => undefined);
    await database.close();
    if (!process.env['BENCH_KEEP'] && !reuse) await fresh.drop();
    else console.log(`kept ${fresh.url}`);
  }
}

/**
 * The steering cards and the monthly report as the national monitor (every agency) asks for them,
 * through the use cases themselves; the deadlines card against a naive count over the open
 * dossiers.
 */
async function steering(ctx: AppContext, client: pg.Client, today: string): Promise<void> {
  await seedDemoAccounts(ctx.db, new Date('2020-01-01'));
  const { id } = await ctx.db
    .selectFrom('account')
    .select('id')
    .where('username', '=', 'vpcp.giamsat')
    .executeTakeFirstOrThrow();
  const actor: Actor = { kind: 'staff', accountId: id, username: 'vpcp.giamsat', stage: 'full' };
  const time = async (run: () => Promise<unknown>, times: number) => {
    const samples: number[] = [];
    for (let i = 0; i < times + 2; i++) {
      const t = performance.now();
      await run();
      if (i >= 2) samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
  };
  const naiveDeadlines = () =>
    client.query(
      `SELECT p.province, count(*) FILTER (WHERE d.due_at < ($1::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS overdue,
         count(*) AS due_soon
       FROM dossier d JOIN agency_province p ON p.code = d.received_by_agency
       WHERE d.status IN (2, 4) AND d.due_at < ($1::date + 2)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
       GROUP BY 1`,
      [today],
    );
  console.log('\nsteering cards, national monitor (all 34 provinces)');
  const deadlines = await time(() => deadlineWatch(ctx, actor, {}), 30);
  const naive = await time(naiveDeadlines, 5);
  console.log(
    `${'deadlines by province'.padEnd(36)} p50 ${deadlines.p50.toFixed(1).padStart(7)} p95 ${deadlines.p95.toFixed(1).padStart(7)} ms | naive p50 ${naive.p50.toFixed(0).padStart(7)} ms | naive/sums ${(naive.p50 / deadlines.p50).toFixed(0)}×`,
  );
  for (const [name, run] of [
    ['12-month trend', () => indicatorTrend(ctx, actor, {})],
    ['today', () => steeringToday(ctx, actor, {})],
    ['integration backlog', () => integrationBacklog(ctx, actor, {})],
  ] as const) {
    const r = await time(run, 30);
    console.log(
      `${name.padEnd(36)} p50 ${r.p50.toFixed(1).padStart(7)} p95 ${r.p95.toFixed(1).padStart(7)} ms`,
    );
  }
  const month = previousMonthOf(monthOf(today)).slice(0, 7);
  const t = performance.now();
  const report = await requestMonthlyReport(ctx, actor, { month }, { ip: null, requestId: 'bench' });
  console.log(
    `${`monthly report ${month}, national`.padEnd(36)} ${((performance.now() - t) / 1000).toFixed(1)} s (snapshot, Excel, PDF, stored; ${report.total.received.toLocaleString('en')} received)`,
  );
}

/** A fresh database loaded: schema, reference data, catalog, the dossiers, counted and folded. */
async function load(ctx: AppContext, client: pg.Client): Promise<void> {
  const database = { db: ctx.db };
  await migrate(database.db);
  await seedReferenceData(database.db);
  await seedCatalog(ctx);
  const t0 = performance.now();
  await generate(client);
  const generated = (performance.now() - t0) / 1000;
  const sizes = await client.query<{ dossiers: string; actions: string }>(
    `SELECT (SELECT count(*) FROM dossier) AS dossiers, (SELECT count(*) FROM dossier_action) AS actions`,
  );
  console.log(
    `generated ${Number(sizes.rows[0]?.dossiers).toLocaleString('en')} dossiers, ${Number(sizes.rows[0]?.actions).toLocaleString('en')} log entries in ${generated.toFixed(0)} s`,
  );

  const t1 = performance.now();
  const counted = await countUncounted(ctx, 5000);
  const countSeconds = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  await foldAllIndicators(ctx, 500_000);
  const foldSeconds = (performance.now() - t2) / 1000;
  await client.query('VACUUM ANALYZE');
  const cells = await client.query<{ n: string }>(`SELECT count(*) AS n FROM indicator_cell`);
  console.log(
    `counted ${counted.toLocaleString('en')} dossiers in ${countSeconds.toFixed(0)} s (${(counted / countSeconds).toFixed(0)}/s), folded in ${foldSeconds.toFixed(0)} s; ${Number(cells.rows[0]?.n).toLocaleString('en')} cells`,
  );
}

/**
 * Dossiers and their logs, in chunks, straight into the tables (triggers and foreign keys off for
 * the load, secondary indexes rebuilt after): submit, receive, forward to appraisal, a supplement
 * pause for one in ten, forward to approval, resolved, returned — each entry only if its time has
 * come, so recent dossiers are still open; due in 5–14 days, finished in 3–14, so some are late.
 */
async function generate(client: pg.Client): Promise<void> {
  await client.query(`SET session_replication_role = replica`);
  const indexes = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('dossier', 'dossier_action')
       AND indexname NOT IN ('dossier_pkey', 'dossier_action_pkey') AND indexname NOT LIKE '%\\_key'`,
  );
  for (const i of indexes.rows) await client.query(`DROP INDEX ${i.indexname}`);
  await client.query(`ALTER TABLE dossier DROP CONSTRAINT IF EXISTS dossier_code_key`);
  await client.query(`ALTER TABLE dossier DROP CONSTRAINT IF EXISTS dossier_intake_key_key`);
  await client.query(`
    CREATE TEMP TABLE centre AS
      SELECT row_number() OVER (ORDER BY code) - 1 AS i, code FROM (
        SELECT a.code FROM agency a JOIN admin_unit u ON u.code = a.admin_unit_code AND u.valid_to IS NULL
        CROSS JOIN LATERAL generate_series(1, CASE WHEN coalesce(u.parent_code, u.code) IN ('01', '79') THEN 50 ELSE 1 END)
        WHERE a.kind IN ('commune_service_center', 'province_service_center')) w;
    CREATE TEMP TABLE proc AS
      SELECT row_number() OVER (ORDER BY procedure_code) - 1 AS i, procedure_code, version_no
      FROM procedure_version WHERE status = 'published';`);
  const started = Date.now();
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    await client.query(
      `
      WITH src AS (
        SELECT g, gen_random_uuid() AS id, c.code AS agency, p.procedure_code, p.version_no,
          CASE WHEN g % 20 < 8 THEN 2 WHEN g % 20 = 8 THEN 3 ELSE 1 END AS channel,
          to_timestamp($3::float8 / 1000) - ($4::float8 * (1 - g::float8 / $5)) * interval '1 day' AS submitted,
          (g * 7) % 10 = 3 AS sup, 5 + g % 10 AS due_days, 3 + (g * 31) % 12 AS finish_days
        FROM generate_series($1::int, $2::int) g
        JOIN centre c ON c.i = (g * 2654435761::bigint) % (SELECT count(*) FROM centre)
        JOIN proc p ON p.i = (g * 40503::bigint) % (SELECT count(*) FROM proc)
      ), timed AS (
        SELECT *, submitted + interval '10 minutes' AS r,
          submitted + interval '10 minutes' + (due_days + CASE WHEN sup THEN 2 ELSE 0 END) * interval '1 day' AS due,
          submitted + interval '10 minutes' + (finish_days + CASE WHEN sup THEN 2 ELSE 0 END) * interval '1 day' AS fin
        FROM src
      ), entries AS (
        SELECT t.id, t.agency, e.seq, e.type, e.at, e.from_status, e.to_status, e.due
        FROM timed t CROSS JOIN LATERAL (VALUES
          (1, 'submit', t.submitted, 1, 1, NULL::timestamptz),
          (2, 'receive', t.r, 1, 2, t.due - CASE WHEN t.sup THEN interval '2 days' ELSE interval '0' END),
          (3, 'forward', t.r + interval '1 hour', 2, 4, t.due - CASE WHEN t.sup THEN interval '2 days' ELSE interval '0' END),
          (4, 'request_supplement', CASE WHEN t.sup THEN t.r + interval '1 day' END, 4, 5, t.due - interval '2 days'),
          (5, 'receive_supplement', CASE WHEN t.sup THEN t.r + interval '3 days' END, 5, 4, t.due),
          (6, 'forward', t.r + CASE WHEN t.sup THEN interval '4 days' ELSE interval '2 days' END, 4, 4, t.due),
          (7, 'issue_result', t.fin, 4, 9, t.due),
          (8, 'return_result', t.fin + interval '1 day', 9, 10, t.due)
        ) e(seq, type, at, from_status, to_status, due)
        WHERE e.at IS NOT NULL AND e.at <= now()
      ), last AS (
        SELECT DISTINCT ON (id) id, to_status, due FROM entries ORDER BY id, seq DESC
      ), dossiers AS (
        INSERT INTO dossier (id, code, channel, procedure_code, version_no, workflow_revision, plan, received_by_agency,
          commune_code, agency_code, status, version, applicant_id_number, applicant_name, applicant, components,
          eform, submitted_at, received_at, due_at, state, visible_to, updated_at)
        SELECT t.id, 'B-' || t.g, t.channel, t.procedure_code, t.version_no, 1, '[]', t.agency, '00004', t.agency,
          l.to_status, 1, lpad((t.g % 999999999999)::text, 12, '0'), 'Người nộp ' || t.g, '{}', '[]', '{}',
          t.submitted, t.r, l.due, '{"consultations":[]}', ARRAY[t.agency], now()
        FROM timed t JOIN last l ON l.id = t.id
      )
      INSERT INTO dossier_action (dossier_id, seq, type, at, actor_kind, agency_code, from_status, to_status, to_agency, due_at, data)
      SELECT id, seq, type, at, 'staff', agency, from_status, to_status, agency, due, '{}' FROM entries`,
      [from, to, started, spanDays, total],
    );
    process.stdout.write(`\r  ${to.toLocaleString('en')} dossiers`);
  }
  process.stdout.write('\n');
  await client.query(`ALTER TABLE dossier ADD CONSTRAINT dossier_code_key UNIQUE (code)`);
  await client.query(`ALTER TABLE dossier ADD CONSTRAINT dossier_intake_key_key UNIQUE (intake_key)`);
  for (const i of indexes.rows) await client.query(i.indexdef);
  await client.query(`SET session_replication_role = origin`);
  await client.query('VACUUM ANALYZE dossier, dossier_visibility');
  await client.query('VACUUM ANALYZE dossier_action');
}
