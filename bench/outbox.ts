import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { setFaults } from '../src/integrations/simulator/faults.js';
import { openDatabase } from '../src/store/database.js';
import { benchProcedure, startBenchServer } from './benchSetup.js';
import { freshPostgres } from './freshDatabase.js';

const dossierCount = 4000;
const rate = 500; // actions per second
const steadySeconds = 30;
const outageSeconds = 30;
const portalPort = 47_310;
const token = 'bench-token';
const center = '000.00.01.H01';

/** A `motcua` command as its own process, ready when it prints `ready`. */
async function command(args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start:\n${out}`)), 60_000);
    const read = (c: Buffer) => {
      out += c.toString();
      if (out.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
  });
  return child;
}

/**
 * Commits `rate` actions per second for `seconds`, each as the application does: a new log entry,
 * the dossier row moved on, and an outbox message, in one transaction. Dossiers are taken in turn.
 */
async function generate(pool: pg.Pool, ids: string[], seconds: number): Promise<number> {
  const total = rate * seconds;
  const started = performance.now();
  let issued = 0;
  const inFlight = new Set<Promise<void>>();
  while (issued < total) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (issued < Math.min(due, total)) {
      const id = ids[issued % ids.length] ?? '';
      issued++;
      const p = pool
        .query(
          `WITH d AS (UPDATE dossier SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING id)
           , a AS (INSERT INTO dossier_action (dossier_id, seq, type, at, actor_kind, agency_code, from_status, to_status, to_agency, data)
                   SELECT $1, (SELECT max(seq) + 1 FROM dossier_action WHERE dossier_id = $1), 'assign', now(), 'system',
                          $2, 4, 4, $2, '{}' FROM d RETURNING dossier_id)
           INSERT INTO outbox_message (dossier_id, destination, kind, payload, created_at)
           SELECT dossier_id, 'dvcqg', 'dossier.status', '{}', clock_timestamp() FROM a`,
          [id, center],
        )
        .then(() => undefined);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(inFlight);
  return total / ((performance.now() - started) / 1000);
}

async function waitForDrain(pool: pg.Pool): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_message WHERE status <> 'sent'`,
    );
    if ((rows[0]?.n ?? 0) === 0) return (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function lag(pool: pg.Pool, from: Date, to: Date) {
  const { rows } = await pool.query<{ n: number; p50: number; p99: number; max: number }>(
    `SELECT count(*)::int AS n,
       (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)) * 1000)::float8 AS p50,
       (percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)) * 1000)::float8 AS p99,
       (max(extract(epoch FROM delivered_at - created_at)) * 1000)::float8 AS max
     FROM outbox_message WHERE created_at >= $1 AND created_at < $2`,
    [from, to],
  );
  const r = rows[0];
  if (!r) throw new Error('no lag measured');
  return r;
}

/**
 * Commit-to-acknowledgement lag of the national-portal sync at a steady 500 actions per second,
 * and the drain rate after a 30-second portal outage; the dispatcher (`motcua dispatch`) and the
 * portal simulator (`motcua simulate portal`) run as their own processes, as in production.
 */
export async function outbox(): Promise<void> {
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (!adminUrl) {
    console.log('outbox: set BENCH_DATABASE_URL (PostgreSQL) to run this benchmark');
    return;
  }
  const fresh = await freshPostgres(adminUrl);
  const database = await openDatabase({ url: fresh.url });
  const pool = new pg.Pool({ connectionString: fresh.url, max: 16 });
  const children: ChildProcess[] = [];
  try {
    const { app, base, receiver } = await startBenchServer(database);
    const headers = {
      'content-type': 'application/json',
      cookie: `motcua_session=${receiver.cookie}`,
      'x-csrf-token': receiver.csrf,
    };
    for (let i = 0; i < dossierCount; i += 32) {
      await Promise.all(
        Array.from({ length: Math.min(32, dossierCount - i) }, async () => {
          const res = await fetch(`${base}/api/v1/dossiers`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              procedureCode: benchProcedure,
              applicant: {
                kind: 'individual',
                idNumber: '001089012345',
                name: 'Nguyễn Thị Mai',
                address: { communeCode: '00004', detail: 'Số 1' },
              },
              components: [{ code: 'TK', copies: 1 }],
              eform: { TK: { hoTen: 'Nguyễn Thị Mai', soDinhDanh: '001089012345' } },
            }),
          });
          if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        }),
      );
    }
    await app.close();
    const ids = (await pool.query<{ id: string }>('SELECT id FROM dossier ORDER BY code')).rows.map(
      (r) => r.id,
    );

    const portalUrl = `http://127.0.0.1:${portalPort}`;
    children.push(
      await command(
        ['simulate', 'portal', '--port', String(portalPort)],
        { SIMULATOR_TOKEN: token },
        'DVCQG_URL',
      ),
    );
    children.push(
      await command(
        ['dispatch'],
        {
          DATABASE_URL: fresh.url,
          DVCQG_URL: portalUrl,
          DVCQG_TOKEN: token,
          SIMULATOR_BASE_PORT: '0',
          OUTBOX_RETRY_CAP_MS: '5000',
          LOG_LEVEL: 'silent',
        },
        'đang chạy',
      ),
    );
    const initial = await waitForDrain(pool);
    console.log(
      `\noutbox: ${dossierCount} dossiers created and first sent to the portal in ${initial.toFixed(1)} s after the dispatcher started`,
    );

    const steadyFrom = new Date();
    const achieved = await generate(pool, ids, steadySeconds);
    const steadyTo = new Date();
    await waitForDrain(pool);
    const steady = await lag(pool, steadyFrom, steadyTo);
    console.log(
      `steady ${steadySeconds} s at ${achieved.toFixed(0)} actions/s: ${steady.n} messages, commit→acknowledged lag p50 ${steady.p50.toFixed(1)} ms, p99 ${steady.p99.toFixed(1)} ms, max ${steady.max.toFixed(0)} ms`,
    );

    await setFaults(portalUrl, { down: true });
    await generate(pool, ids, outageSeconds);
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_message WHERE status <> 'sent'`,
    );
    const backlog = rows[0]?.n ?? 0;
    await setFaults(portalUrl, {});
    const drainSeconds = await waitForDrain(pool);
    const portalState = (await (await fetch(`${portalUrl}/_sim/state`)).json()) as {
      accepted: number;
      staleUpdates: number;
    };

    console.log(
      `outage ${outageSeconds} s: backlog ${backlog} messages drained in ${drainSeconds.toFixed(1)} s after recovery (${(backlog / drainSeconds).toFixed(0)} messages/s)`,
    );
    console.log(
      `portal accepted ${portalState.accepted} requests; older-after-newer updates: ${portalState.staleUpdates}`,
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await pool.end();
    await database.close();
    await fresh.drop();
  }
}
