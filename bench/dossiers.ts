import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/store/database.js';
import { createAppContext } from '../src/app/context.js';
import { checkIndicators } from '../src/app/reports/indicatorCheck.js';
import { countDirty } from '../src/app/reports/countIndicators.js';
import { scheduleIndicatorFolding } from '../src/jobs/indicatorFolding.js';
import { signIn } from '../fixtures/staff.js';
import { freshPostgres, percentile } from './freshDatabase.js';
import { benchIntakeBody, communeCounters, startBenchServer } from './benchSetup.js';
import { asScript, captureStatements } from './capturedStatements.js';
import { profiled } from './cpuProfile.js';

const clients = 32;
const intakes = 4000;
const worklistDossiers = 1_000_000;
const procedure = 'VD.000005';
const center = '000.00.01.H01';

/**
 * CPU seconds used so far by the local PostgreSQL's processes (NaN when it is not on this machine):
 * with the process's own CPU, where a request's cost goes. Backends that have ended count through
 * the postmaster's total of its children that ended (`cutime`, `cstime`): a pool closing idle
 * connections does not make the difference negative.
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  let seen = false;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      seen = true;
    } catch {
      // A backend that ended meanwhile.
    }
  }
  return seen ? ticks / 100 : NaN;
}

/**
 * Runs `total` requests from `clients` concurrent workers; latencies (ms, sorted) and throughput.
 * `settle`, when given, is awaited after the last answer and its time and CPU count in the
 * throughput: the work the requests leave to a job (the indicator count) is part of their cost.
 */
export async function load(
  total: number,
  request: (i: number, client: number) => Promise<void>,
  settle?: () => Promise<void>,
) {
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const postgres = postgresCpuSeconds();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await request(i, client);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const answered = (performance.now() - start) / 1000;
  await settle?.();
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const used = process.cpuUsage(cpu);
  return {
    perSecond: total / seconds,
    /** Answered per second, without the job's share. */
    answeredPerSecond: total / answered,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    // CPU milliseconds per request: this process (server and load generator), and PostgreSQL.
    nodeMs: (used.user + used.system) / 1000 / total,
    postgresMs: ((postgresCpuSeconds() - postgres) * 1000) / total,
  };
}

let scriptsRun = 0;
const prepare = process.env['BENCH_PREPARE'] !== 'false';
/** A pgbench variable standing for a text value: a parameter when prepared, quoted text when not. */
const variable = (name: string) => (prepare ? `:${name}` : `':${name}'`);
/**
 * pgbench with a script at the same concurrency: the database's ceiling, as transactions per
 * second and per-transaction latency percentiles (from pgbench's transaction log).
 */
function pgbench(
  url: string,
  script: string,
  run: { seconds?: number; transactions?: number; define?: string } = {},
): { perSecond: number; p50: number; p99: number } {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pgbench-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  // BENCH_SCRIPTS=<folder> keeps each script run, to read or to run by hand.
  const keep = process.env['BENCH_SCRIPTS'];
  if (keep) writeFileSync(join(keep, `pgbench-${++scriptsRun}.sql`), script);
  const out = execFileSync(
    'pgbench',
    [
      '-n',
      // Prepared, as the server sends its statements (src/store/preparedStatements.ts), unless
      // BENCH_PREPARE=false runs both sides unprepared.
      '-M',
      prepare ? 'prepared' : 'simple',
      '-c',
      String(clients),
      '-j',
      '2',
      ...(run.transactions ? ['-t', String(run.transactions)] : ['-T', String(run.seconds ?? 15)]),
      ...(run.define ? ['-D', run.define] : []),
      '-l',
      `--log-prefix=${join(dir, 'tx')}`,
      '-f',
      file,
      url,
    ],
    { encoding: 'utf8' },
  );
  const m = /tps = ([\d.]+)/.exec(out);
  // Each log line: client, transaction, latency in microseconds, …
  const latencies = readdirSync(dir)
    .filter((f) => f.startsWith('tx'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
    .map((line) => Number(line.split(' ')[2]) / 1000)
    .sort((a, b) => a - b);
  rmSync(dir, { recursive: true, force: true });
  return {
    perSecond: m ? Number(m[1]) : NaN,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/**
 * Intake and one transition through the HTTP API on PostgreSQL, against pgbench running the same
 * statements the requests send (captured from the server as it runs, parameters inlined), and
 * worklist pages with a million dossiers loaded.
 */
export async function dossiers(): Promise<void> {
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (!adminUrl) {
    console.log('dossiers: set BENCH_DATABASE_URL (PostgreSQL) to run this benchmark');
    return;
  }
  const fresh = await freshPostgres(adminUrl);
  const database = await openDatabase({ url: fresh.url, prepare });
  try {
    const db = database.db;
    const { app, base, receiver } = await startBenchServer(database);
    // The folding job counts the dossiers the requests marked, as `motcua serve` runs it, and each
    // run lasts until every mark is counted: that work is the requests' cost too.
    const ctx = createAppContext(db);
    const stopFolding = scheduleIndicatorFolding(ctx, 1000, (e) => console.error('indicator folding:', e));
    const settle = async () => {
      while ((await db.selectFrom('indicator_dirty').select('dossier_id').limit(1).execute()).length > 0)
        if ((await countDirty(ctx)) === 0) await new Promise((r) => setTimeout(r, 10));
    };
    const headers = {
      'content-type': 'application/json',
      cookie: `motcua_session=${receiver.cookie}`,
      'x-csrf-token': receiver.csrf,
    };
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

    const codes: string[] = [];
    const intake = await load(
      intakes,
      async () => {
        const res = await fetch(`${base}/api/v1/dossiers`, {
          method: 'POST',
          headers,
          body: benchIntakeBody,
        });
        if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
        codes.push(((await res.json()) as { code: string }).code);
      },
      settle,
    );
    const transition = await load(
      codes.length,
      async (i) => {
        const res = await fetch(`${base}/api/v1/dossiers/${codes[i]}/actions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'forward', toStep: 'TD', expectedVersion: 1 }),
        });
        if (res.status !== 200) throw new Error(`forward ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      },
      settle,
    );

    // The same intake with each client at its own commune centre of Hà Nội, as at real counters:
    // no shared sequence row.
    const { counters } = await communeCounters(database, app, clients);
    // BENCH_PROFILE=<file.cpuprofile> profiles this run (server and load generator: one process).
    const spread = await profiled(process.env['BENCH_PROFILE'], intakes, () =>
      load(
        intakes,
        async (_, client) => {
          const res = await fetch(`${base}/api/v1/dossiers`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...counters[client] },
            body: benchIntakeBody,
          });
          if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        },
        settle,
      ),
    );
    stopFolding();

    // What the concurrent requests counted equals the recount from the log (`motcua
    // check-indicators`), before the ceiling and the bulk load write past the use cases.
    const check = await checkIndicators(ctx);
    if (!check.equal)
      throw new Error(
        `indicator sums differ from the recount: ${check.dossiersDiffering}/${check.dossiers} dossiers`,
      );

    // The ceiling: pgbench running exactly the statements each request sent, captured from the
    // server with a query hook on pg.Client (parameters inlined), so that it cannot drift from the
    // code. The new dossier's code and id become pgbench variables (a fresh code per transaction).
    // A session's last use is written at most once a minute, not with every request: left out.
    const sessionTouch = /^update "staff_session" set "last_seen_at"/i;
    // The mark for the indicator count, sent with the log entry: the minimal submission has none.
    const markCte = /^with "marked" as \(insert into "indicator_dirty" .*? on conflict do nothing\) /is;
    const centreHeaders = { cookie: `motcua_session=${receiver.cookie}`, 'x-csrf-token': receiver.csrf };
    const intakeOnce = async (h: Record<string, string>) => {
      let code = '';
      const statements = await captureStatements(async () => {
        const res = await fetch(`${base}/api/v1/dossiers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...h },
          body: benchIntakeBody,
        });
        if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
        code = ((await res.json()) as { code: string }).code;
      });
      const row = await db
        .selectFrom('dossier')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      return { statements, code, id: row.id };
    };
    const intakeScript = async (h: Record<string, string>, only?: RegExp) => {
      const { statements, code, id } = await intakeOnce(h);
      const vars = { [code]: "'pgb-' || :client_id || '-' || :r", [id]: variable('id') };
      return statements
        .map((st) => (only ? { ...st, text: st.text.replace(markCte, '') } : st))
        .filter((st) => !sessionTouch.test(st.text) && (!only || only.test(st.text)))
        .map((st) => asScript(st, /^insert into "dossier" /i.test(st.text) ? ' \\gset' : ';', vars))
        .join('\n');
    };
    const newCode = '\\set r random(1, 1000000000000)\n';
    const centreScript = newCode + (await intakeScript(centreHeaders));
    const branches: string[] = [];
    for (const [i, h] of counters.entries())
      branches.push(`${i === 0 ? '\\if' : '\\elif'} :client_id = ${i}\n${await intakeScript(h)}\n`);
    // A fixed number of dossiers per client, not a duration: the dossiers the ceiling makes stay
    // for the worklists below, which would otherwise read more of them the faster the ceiling ran.
    const ceilingIntake = pgbench(fresh.url, centreScript, { transactions: 150 });
    const ceilingSpread = pgbench(fresh.url, `${newCode}${branches.join('')}\\endif\n`, {
      transactions: 150,
    });
    // The floor of any submission, on the same tables in the same run: only the intake's own three
    // inserts (the dossier, its log entry, its outbox message) in one transaction, as issue 24
    // compares the intake's statements with.
    const minimal = /^(begin|commit|insert into "(dossier|dossier_action|outbox_message)" )/i;
    const minimalBranches: string[] = [];
    for (const [i, h] of counters.entries())
      minimalBranches.push(
        `${i === 0 ? '\\if' : '\\elif'} :client_id = ${i}\n${await intakeScript(h, minimal)}\n`,
      );
    const minimalSpread = pgbench(fresh.url, `${newCode}${minimalBranches.join('')}\\endif\n`, {
      transactions: 150,
    });

    // A forward of a fresh dossier at the centre, replayed on the dossiers the intake ceiling made
    // there, each once: client c takes the c-th share, in order.
    const sample = await intakeOnce(centreHeaders);
    const forward = await captureStatements(async () => {
      const res = await fetch(`${base}/api/v1/dossiers/${sample.code}/actions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'forward', toStep: 'TD', expectedVersion: 1 }),
      });
      if (res.status !== 200) throw new Error(`forward ${res.status}: ${await res.text()}`);
    });
    await sql`CREATE TABLE pgb_pick AS SELECT (row_number() OVER (ORDER BY code))::int AS n, code
      FROM dossier WHERE code LIKE 'pgb-%' AND agency_code = ${center}`.execute(db);
    await sql`ALTER TABLE pgb_pick ADD PRIMARY KEY (n)`.execute(db);
    const { rows: made } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgb_pick`.execute(db);
    const share = Math.floor((made[0]?.n ?? 0) / clients);
    const pickedCode = `(SELECT code FROM pgb_pick WHERE n = :n)`;
    const forwardScript =
      `\\set i :i + 1\n\\set n :client_id * ${share} + :i\n` +
      forward
        .filter((st) => !sessionTouch.test(st.text))
        .map((st) =>
          /^select \*(, \(SELECT n FROM config_generation\) as "config_generation")? from "dossier" where "code" = \$1/i.test(
            st.text,
          )
            ? `${st.text.replace('$1', pickedCode)} \\gset`
            : asScript(st, ';', { [sample.code]: variable('code'), [sample.id]: variable('id') }),
        )
        .join('\n');
    const ceilingTransition = pgbench(fresh.url, forwardScript, { transactions: share, define: 'i=0' });

    // A million dossiers spread over the commune centres, the Hà Nội centre holding one in a hundred.
    const started = performance.now();
    await sql`
      WITH centres AS (SELECT array_agg(code ORDER BY code) AS c FROM agency WHERE kind = 'commune_service_center')
      INSERT INTO dossier (code, channel, procedure_code, version_no, workflow_revision, plan, received_by_agency,
        competent_agency, commune_code, agency_code, status, step_code, step_role, version, applicant_id_number, applicant_name,
        applicant, components, eform, submitted_at, received_at, due_at, step_due_at, state, orphan, updated_at,
        visible_to)
      SELECT 'BULK-' || g, 1, ${procedure}, 1, 1, '[]', x.code, x.code, '00004', x.code, (ARRAY[2,4,4,4,5,9,10,10])[1 + g % 8],
        'TD', 'processor', 3, lpad((g % 999999999)::text, 12, '0'), 'Người nộp ' || g, '{}', '[]', '{}',
        now() - (g % 5000) * interval '1 hour', now(), now() + ((g % 200) - 60) * interval '1 hour', now(),
        '{"consultations":[]}', false, now(), ARRAY[x.code]
      FROM generate_series(1, ${worklistDossiers}) g, centres,
        LATERAL (SELECT CASE WHEN g % 100 = 0 THEN ${center} ELSE centres.c[1 + g % array_length(centres.c, 1)] END AS code) x`.execute(
      db,
    );
    // The steady state: autovacuum visits a table after a bulk insert; its visibility map lets
    // counts read the index alone.
    await sql`VACUUM ANALYZE dossier, dossier_visibility`.execute(db);
    const loaded = (performance.now() - started) / 1000;
    const processor = await signIn(app, 'hanoi.chuyenvien');
    const pages: Record<string, { p50: number; p99: number }> = {};
    for (const queue of ['agency', 'overdue', 'due_soon', 'all']) {
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        const res = await fetch(`${base}/api/v1/dossiers?queue=${queue}&limit=50`, {
          headers: { cookie: `motcua_session=${processor.cookie}` },
        });
        if (res.status !== 200) throw new Error(`worklist ${res.status}`);
        await res.arrayBuffer();
        if (i >= 20) times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      pages[queue] = { p50: percentile(times, 50), p99: percentile(times, 99) };
    }
    clearInterval(sampler);
    await app.close();

    type Run = { perSecond: number; p50: number; p99: number };
    const row = (name: string, r: Run, c: Run) =>
      `${name.padEnd(22)} API ${r.perSecond.toFixed(0).padStart(5)}/s p50 ${r.p50.toFixed(1).padStart(6)} p99 ${r.p99.toFixed(1).padStart(6)} ms | SQL ${c.perSecond.toFixed(0).padStart(5)}/s p50 ${c.p50.toFixed(1).padStart(6)} p99 ${c.p99.toFixed(1).padStart(6)} ms | ratio ${(r.perSecond / c.perSecond).toFixed(2)}`;
    console.log(`\ndossiers on PostgreSQL, ${clients} concurrent clients`);
    console.log(row('intake (counter)', intake, ceilingIntake));
    console.log(row('intake, 32 agencies', spread, ceilingSpread));
    console.log(row('forward (transition)', transition, ceilingTransition));
    console.log(
      `minimal submit, 32 agencies (the dossier, log and outbox inserts alone): SQL ${minimalSpread.perSecond.toFixed(0)}/s, ${(minimalSpread.perSecond / ceilingSpread.perSecond).toFixed(1)}x the intake's statements`,
    );
    for (const [name, r] of Object.entries({ intake, spread, transition }))
      console.log(
        `${name.padEnd(10)}: answered ${r.answeredPerSecond.toFixed(0)}/s; with the marked dossiers counted ${r.perSecond.toFixed(0)}/s`,
      );
    for (const [name, r] of Object.entries({ intake, spread, transition }))
      console.log(
        `CPU per request, ${name.padEnd(10)}: this process ${r.nodeMs.toFixed(2)} ms, PostgreSQL ${r.postgresMs.toFixed(2)} ms`,
      );
    console.log(`check-indicators after the API runs: equal over ${check.dossiers} dossiers`);
    console.log(`${worklistDossiers.toLocaleString('en')} dossiers loaded in ${loaded.toFixed(0)} s`);
    for (const [q, r] of Object.entries(pages))
      console.log(`worklist ${q.padEnd(10)} p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms`);
    console.log(`peak RSS of the process (server and load generator): ${(peakRss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    await database.close();
    // BENCH_KEEP=1 keeps the database (a million dossiers) to study its plans afterwards.
    if (process.env['BENCH_KEEP']) console.log(`database kept: ${fresh.url}`);
    else await fresh.drop();
  }
}
