import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/store/database.js';
import { signIn } from '../fixtures/staff.js';
import { freshPostgres, percentile } from './freshDatabase.js';
import { benchIntakeBody, communeCounters, startBenchServer } from './benchSetup.js';

const clients = 32;
const intakes = 4000;
const worklistDossiers = 1_000_000;
const procedure = 'VD.000005';
const center = '000.00.01.H01';

/** Runs `total` requests from `clients` concurrent workers; latencies (ms, sorted) and throughput. */
async function load(total: number, request: (i: number, client: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
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
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/**
 * pgbench with a script at the same concurrency: the database's ceiling, as transactions per
 * second and per-transaction latency percentiles (from pgbench's transaction log).
 */
function pgbench(url: string, script: string, seconds = 15): { perSecond: number; p50: number; p99: number } {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pgbench-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  const out = execFileSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(seconds),
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
 * statements the use cases write (captured from the code: sequence, dossier row, log entries,
 * outbox row, orphan refresh), and worklist pages with a million dossiers loaded.
 */
export async function dossiers(): Promise<void> {
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (!adminUrl) {
    console.log('dossiers: set BENCH_DATABASE_URL (PostgreSQL) to run this benchmark');
    return;
  }
  const fresh = await freshPostgres(adminUrl);
  const database = await openDatabase({ url: fresh.url });
  try {
    const db = database.db;
    const { app, base, receiver } = await startBenchServer(database);
    const tokenHash = createHash('sha256').update(receiver.cookie).digest('hex');
    const { id: receiverId } = await db
      .selectFrom('account')
      .select('id')
      .where('username', '=', 'hanoi.motcua')
      .executeTakeFirstOrThrow();
    const headers = {
      'content-type': 'application/json',
      cookie: `motcua_session=${receiver.cookie}`,
      'x-csrf-token': receiver.csrf,
    };
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

    const codes: string[] = [];
    const intake = await load(intakes, async () => {
      const res = await fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers, body: benchIntakeBody });
      if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
      codes.push(((await res.json()) as { code: string }).code);
    });
    const transition = await load(codes.length, async (i) => {
      const res = await fetch(`${base}/api/v1/dossiers/${codes[i]}/actions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'forward', toStep: 'TD', expectedVersion: 1 }),
      });
      if (res.status !== 200) throw new Error(`forward ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    });

    // The same intake with each client at its own commune centre of Hà Nội, as at real counters:
    // no shared sequence row.
    const { centres, counters } = await communeCounters(database, app, clients);
    const spread = await load(intakes, async (_, client) => {
      const res = await fetch(`${base}/api/v1/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...counters[client] },
        body: benchIntakeBody,
      });
      if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    });

    // The statements each request issues, as captured from the code (a query hook on pg.Client):
    // the session read, then in one transaction the grants, the configuration generation (the
    // catalog, binding, route and calendar come from the process cache), and the writes.
    const session = `SELECT s.account_id, s.csrf_token, s.stage, s.last_seen_at, s.expires_at, a.username, a.active, a.valid_to
  FROM staff_session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = '${tokenHash}';
`;
    // `agency` is an SQL expression: one centre, or each pgbench client its own (:client_id).
    const orphan = (agency: string, role: string) => `(NOT EXISTS (SELECT 1 FROM role_grant g
  JOIN account a ON a.id = g.account_id WHERE g.agency_code = ${agency} AND g.role = '${role}'
  AND g.revoked_at IS NULL AND g.valid_from <= now() AND (g.valid_to IS NULL OR g.valid_to > now()) AND a.active))`;
    const intakeScript = (agency: string) => `${session}BEGIN;
SELECT agency_code FROM role_grant WHERE account_id = '${receiverId}' AND role = 'receiver' AND revoked_at IS NULL
  AND valid_from <= now() AND (valid_to IS NULL OR valid_to > now());
SELECT n FROM config_generation;
INSERT INTO dossier_sequence (agency_code, day, last) VALUES (${agency}, current_date, 1)
  ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_sequence.last + 1 RETURNING last;
INSERT INTO dossier (code, channel, procedure_code, version_no, workflow_revision, plan, received_by_agency,
  commune_code, agency_code, status, step_code, step_role, version, applicant_id_number, applicant_name, applicant,
  components, eform, submitted_at, received_at, due_at, step_due_at, calendar_version, state, orphan, updated_at, visible_to)
  SELECT 'pgb-' || gen_random_uuid(), 1, '${procedure}', 1, 1, plan, ${agency}, commune_code, ${agency}, 2,
  'TN', 'receiver', 1, applicant_id_number, applicant_name, applicant, components, eform, now(), now(), now(), now(),
  '2026:rules', state, ${orphan(agency, 'receiver')}, now(), visible_to FROM dossier WHERE code = '${codes[0]}' RETURNING id \\gset
INSERT INTO dossier_action (dossier_id, seq, type, at, actor_kind, agency_code, from_status, to_status, to_agency, data)
  VALUES (':id', 1, 'submit', now(), 'staff', ${agency}, 1, 1, ${agency}, '{}'),
         (':id', 2, 'receive', now(), 'staff', ${agency}, 1, 2, ${agency}, '{}');
INSERT INTO outbox_message (dossier_id, destination, kind, payload, created_at) VALUES (':id', 'dvcqg', 'dossier.status', '{}', now());
COMMIT;
`;
    const ceilingIntake = pgbench(fresh.url, intakeScript(`'${center}'`));
    const ceilingSpread = pgbench(
      fresh.url,
      intakeScript(`(ARRAY[${centres.map((c) => `'${c}'`).join(',')}])[:client_id + 1]`),
    );
    const prefix = (codes[0] ?? '').slice(0, -4);
    const pick = `'${prefix}' || lpad(:n::text, 4, '0')`;
    const ceilingTransition = pgbench(
      fresh.url,
      `\\set n random(1, ${codes.length})
${session}BEGIN;
SELECT * FROM dossier WHERE code = ${pick};
SELECT role FROM role_grant WHERE account_id = '${receiverId}' AND agency_code = '${center}' AND revoked_at IS NULL
  AND valid_from <= now() AND (valid_to IS NULL OR valid_to > now());
SELECT n FROM config_generation;
UPDATE dossier SET status = 4, step_code = 'TD', step_role = 'processor', version = version + 1, updated_at = now(),
  orphan = ${orphan(`'${center}'`, 'processor')} WHERE code = ${pick} RETURNING id, version, orphan \\gset
INSERT INTO dossier_action (dossier_id, seq, type, at, actor_kind, agency_code, from_status, to_status, to_agency, data)
  VALUES (':id', :version + 100, 'forward', now(), 'staff', '${center}', 2, 4, '${center}', '{}');
INSERT INTO outbox_message (dossier_id, destination, kind, payload, created_at) VALUES (':id', 'dvcqg', 'dossier.status', '{}', now());
COMMIT;
`,
    );

    // A million dossiers spread over the commune centres, the Hà Nội centre holding one in a hundred.
    const started = performance.now();
    await sql`
      WITH centres AS (SELECT array_agg(code ORDER BY code) AS c FROM agency WHERE kind = 'commune_service_center')
      INSERT INTO dossier (code, channel, procedure_code, version_no, workflow_revision, plan, received_by_agency,
        commune_code, agency_code, status, step_code, step_role, version, applicant_id_number, applicant_name,
        applicant, components, eform, submitted_at, received_at, due_at, step_due_at, state, orphan, updated_at,
        visible_to)
      SELECT 'BULK-' || g, 1, ${procedure}, 1, 1, '[]', x.code, '00004', x.code, (ARRAY[2,4,4,4,5,9,10,10])[1 + g % 8],
        'TD', 'processor', 3, lpad((g % 999999999)::text, 12, '0'), 'Người nộp ' || g, '{}', '[]', '{}',
        now() - (g % 5000) * interval '1 hour', now(), now() + ((g % 200) - 60) * interval '1 hour', now(),
        '{"consultations":[]}', false, now(), ARRAY[x.code]
      FROM generate_series(1, ${worklistDossiers}) g, centres,
        LATERAL (SELECT CASE WHEN g % 100 = 0 THEN ${center} ELSE centres.c[1 + g % array_length(centres.c, 1)] END AS code) x`.execute(
      db,
    );
    // The steady state: autovacuum visits a table after a bulk insert; its visibility map lets
    // counts read the index alone.
    await sql`VACUUM ANALYZE dossier`.execute(db);
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
    console.log(`${worklistDossiers.toLocaleString('en')} dossiers loaded in ${loaded.toFixed(0)} s`);
    for (const [q, r] of Object.entries(pages))
      console.log(`worklist ${q.padEnd(10)} p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms`);
    console.log(`peak RSS of the process (server and load generator): ${(peakRss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    await database.close();
    await fresh.drop();
  }
}
