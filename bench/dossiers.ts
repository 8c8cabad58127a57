import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { defaultSettings } from '../src/app/context.js';
import { buildServer } from '../src/http/server.js';
import { seedCatalog } from '../src/seed/seedCatalog.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrations.js';
import { seedStaff, signIn } from '../test/support/staff.js';
import { consultingSteps } from '../test/support/workflowFixtures.js';
import { freshPostgres, percentile } from './freshDatabase.js';

const clients = 32;
const intakes = 4000;
const worklistDossiers = 1_000_000;
const procedure = 'VD.000005';
const center = '000.00.01.H01';

const intakeBody = JSON.stringify({
  procedureCode: procedure,
  applicant: {
    kind: 'individual',
    idNumber: '001089012345',
    name: 'Nguyễn Thị Mai',
    address: { communeCode: '00004', detail: 'Số 1 phố Điện Biên Phủ' },
  },
  components: [{ code: 'TK', copies: 1 }],
  eform: { TK: { hoTen: 'Nguyễn Thị Mai', soDinhDanh: '001089012345' } },
});

/** Runs `total` requests from `clients` concurrent workers; latencies (ms, sorted) and throughput. */
async function load(total: number, request: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await request(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** pgbench with a script: transactions per second at the same concurrency, the database's ceiling. */
function pgbench(url: string, script: string, seconds = 15): number {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pgbench-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  const out = execFileSync(
    'pgbench',
    ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', file, url],
    { encoding: 'utf8' },
  );
  const m = /tps = ([\d.]+)/.exec(out);
  return m ? Number(m[1]) : NaN;
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
    await migrate(db);
    await seedReferenceData(db);
    await seedStaff(db);
    await seedCatalog({ db, now: () => new Date(), settings: defaultSettings });
    const app = await buildServer({ database, rateLimitPerMinute: 10_000_000, loginPerMinute: 1000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const ministry = await signIn(app, 'botuphap.quantri');
    await ministry.call('PUT', `/api/v1/procedures/${procedure}/versions/1/workflow`, {
      steps: consultingSteps,
    });
    await ministry.call('PUT', `/api/v1/procedures/${procedure}/routes/01`, { mode: 'central' });
    const province = await signIn(app, 'hanoi.quantri');
    await province.call('PUT', `/api/v1/procedures/${procedure}/versions/1/bindings/01`, {
      steps: consultingSteps.map((s) => ({ stepCode: s.code, agencyKind: 'province_service_center' })),
    });
    const receiver = await signIn(app, 'hanoi.motcua');
    const headers = {
      'content-type': 'application/json',
      cookie: `motcua_session=${receiver.cookie}`,
      'x-csrf-token': receiver.csrf,
    };
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

    const codes: string[] = [];
    const intake = await load(intakes, async () => {
      const res = await fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers, body: intakeBody });
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

    const setup = `BEGIN;
SELECT content FROM procedure_version WHERE procedure_code = '${procedure}' AND status = 'published';
SELECT mode FROM deployment_route WHERE procedure_code = '${procedure}' AND province_code = '01' ORDER BY effective_from DESC LIMIT 1;
INSERT INTO dossier_sequence (agency_code, day, last) VALUES ('${center}', current_date, 1)
  ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_sequence.last + 1 RETURNING last;
`;
    const ceilingIntake = pgbench(
      fresh.url,
      `${setup}INSERT INTO dossier (code, channel, procedure_code, version_no, workflow_revision, plan, received_by_agency,
  commune_code, agency_code, status, step_code, step_role, version, applicant_id_number, applicant_name, applicant,
  components, eform, submitted_at, received_at, due_at, step_due_at, calendar_version, state, orphan, updated_at, visible_to)
  SELECT 'pgb-' || gen_random_uuid(), 1, '${procedure}', 1, 1, plan, received_by_agency, commune_code, agency_code, 2,
  'TN', 'receiver', 1, applicant_id_number, applicant_name, applicant, components, eform, now(), now(), now(), now(),
  '2026:rules', state, false, now(), visible_to FROM dossier WHERE code = '${codes[0]}' RETURNING id \\gset
INSERT INTO dossier_action (dossier_id, seq, type, at, actor_kind, agency_code, from_status, to_status, to_agency, data)
  VALUES (':id', 1, 'submit', now(), 'staff', '${center}', 1, 1, '${center}', '{}');
INSERT INTO dossier_action (dossier_id, seq, type, at, actor_kind, agency_code, from_status, to_status, to_agency, data)
  VALUES (':id', 2, 'receive', now(), 'staff', '${center}', 1, 2, '${center}', '{}');
UPDATE dossier d SET orphan = false WHERE d.agency_code = '${center}' AND d.orphan;
INSERT INTO outbox_message (dossier_id, destination, kind, payload, created_at) VALUES (':id', 'dvcqg', 'dossier.status', '{}', now());
COMMIT;
`,
    );
    // The reads every command makes (grants, pinned workflow, version, calendar), then its writes.
    const prefix = (codes[0] ?? '').slice(0, -4);
    const pick = `'${prefix}' || lpad(:n::text, 4, '0')`;
    const reads = `SELECT role FROM role_grant WHERE agency_code = '${center}' AND revoked_at IS NULL AND valid_from <= now();
SELECT steps FROM workflow_template WHERE procedure_code = '${procedure}' AND version_no = 1 AND case_code = '' AND revision = 1;
SELECT content FROM procedure_version WHERE procedure_code = '${procedure}' AND version_no = 1;
SELECT DISTINCT ON (year) year, revision, days_off, working_days FROM calendar_year ORDER BY year, revision DESC;
SELECT segments FROM agency_office_hours WHERE agency_code = '${center}';
`;
    const ceilingTransition = pgbench(
      fresh.url,
      `\\set n random(1, ${codes.length})
BEGIN;
SELECT * FROM dossier WHERE code = ${pick};
${reads}UPDATE dossier SET status = 4, step_code = 'TD', version = version + 1, updated_at = now()
  WHERE code = ${pick} RETURNING id, version \\gset
UPDATE dossier d SET orphan = false WHERE d.agency_code = '${center}' AND d.orphan;
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
    await sql`ANALYZE dossier`.execute(db);
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

    const row = (name: string, r: { perSecond: number; p50: number; p99: number }, ceiling: number) =>
      `${name.padEnd(22)} ${r.perSecond.toFixed(0).padStart(8)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ceiling ${ceiling.toFixed(0).padStart(6)}/s  ratio ${(r.perSecond / ceiling).toFixed(2)}`;
    console.log(`\ndossiers on PostgreSQL, ${clients} concurrent clients`);
    console.log(row('intake (counter)', intake, ceilingIntake));
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
