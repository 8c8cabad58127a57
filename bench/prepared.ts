import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/store/database.js';
import { buildServer } from '../src/http/server.js';
import { freshPostgres, percentile } from './freshDatabase.js';
import { benchIntakeBody, communeCounters, startBenchServer } from './benchSetup.js';
import { load } from './dossiers.js';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
const perRound = 1000;

/**
 * Prepared statements against none (issue 24, src/store/preparedStatements.ts): two servers on one
 * database, one preparing its statements and one not, take turns (intake at 32 commune centres,
 * then a forward of each dossier) for BENCH_ROUNDS rounds, so both sides meet the same machine.
 * With pg_stat_statements loaded, PostgreSQL's planning and execution time per request too.
 */
export async function prepared(): Promise<void> {
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (!adminUrl) {
    console.log('prepared: set BENCH_DATABASE_URL (PostgreSQL) to run this benchmark');
    return;
  }
  const fresh = await freshPostgres(adminUrl);
  const databases: Database[] = [];
  try {
    const plain = await openDatabase({ url: fresh.url, prepare: false });
    databases.push(plain);
    const setup = await startBenchServer(plain);
    const { counters } = await communeCounters(plain, setup.app, 32);
    const withPrepared = await openDatabase({ url: fresh.url, prepare: true });
    databases.push(withPrepared);
    const other = await buildServer({
      database: withPrepared,
      rateLimitPerMinute: 10_000_000,
      loginPerMinute: 1000,
    });
    await other.listen({ port: 0, host: '127.0.0.1' });
    const address = other.server.address();
    const bases = {
      unprepared: setup.base,
      prepared: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    };
    const stats = await sql<{ ok: boolean }>`
      SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'shared_preload_libraries' AND setting LIKE '%pg_stat_statements%') AS ok`.execute(
      plain.db,
    );
    const withStats = stats.rows[0]?.ok === true;
    if (withStats) await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(plain.db);
    const planned = async () => {
      if (!withStats) return { plan: NaN, exec: NaN };
      const { rows } = await sql<{ plan: number; exec: number }>`
        SELECT coalesce(sum(total_plan_time), 0)::float8 AS plan, coalesce(sum(total_exec_time), 0)::float8 AS exec
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query !~* 'pg_stat_statements'`.execute(plain.db);
      return rows[0] ?? { plan: NaN, exec: NaN };
    };
    const side = async (base: string) => {
      // Each dossier is forwarded by the official of the centre that received it.
      const made: { code: string; client: number }[] = [];
      const before = await planned();
      const intake = await load(perRound, async (_, client) => {
        const res = await fetch(`${base}/api/v1/dossiers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...counters[client] },
          body: benchIntakeBody,
        });
        if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
        made.push({ code: ((await res.json()) as { code: string }).code, client });
      });
      const middle = await planned();
      const forward = await load(made.length, async (i) => {
        const { code, client } = made[i] as { code: string; client: number };
        const res = await fetch(`${base}/api/v1/dossiers/${code}/actions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...counters[client] },
          body: JSON.stringify({ type: 'forward', toStep: 'TD', expectedVersion: 1 }),
        });
        if (res.status !== 200) throw new Error(`forward ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      });
      const after = await planned();
      const per = (a: { plan: number; exec: number }, b: { plan: number; exec: number }) => ({
        plan: (b.plan - a.plan) / perRound,
        exec: (b.exec - a.exec) / perRound,
      });
      return { intake, forward, intakeSql: per(before, middle), forwardSql: per(middle, after) };
    };
    // Warm both: connections opened, caches filled, plans made.
    for (const base of Object.values(bases)) await side(base);
    type Side = Awaited<ReturnType<typeof side>>;
    const seen: Record<keyof typeof bases, Side[]> = { unprepared: [], prepared: [] };
    for (let r = 0; r < rounds; r++)
      for (const [name, base] of Object.entries(bases) as [keyof typeof bases, string][])
        seen[name].push(await side(base));
    await other.close();
    await setup.app.close();

    const med = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const digits = (s[0] ?? 0) < 20 ? 2 : 0;
      const f = (v: number | undefined) => (v ?? NaN).toFixed(digits);
      return `${f(percentile(s, 50))} (${f(s[0])}–${f(s[s.length - 1])})`;
    };
    console.log(
      `\nprepared statements against none, ${rounds} rounds of ${perRound} requests, 32 clients; median (range)`,
    );
    for (const op of ['intake', 'forward'] as const)
      for (const [name, runs] of Object.entries(seen)) {
        const sqlTimes = runs.map((r) => r[`${op}Sql`]);
        console.log(
          `${op.padEnd(8)} ${name.padEnd(11)} ${med(runs.map((r) => r[op].perSecond))}/s` +
            ` | CPU per request: this process ${med(runs.map((r) => r[op].nodeMs))} ms, PostgreSQL ${med(runs.map((r) => r[op].postgresMs))} ms` +
            (withStats
              ? ` | planning ${med(sqlTimes.map((s) => s.plan))} ms, execution ${med(sqlTimes.map((s) => s.exec))} ms`
              : ''),
        );
      }
  } finally {
    for (const d of databases) await d.close();
    await fresh.drop();
  }
}
