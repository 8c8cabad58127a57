import type { AddressInfo } from 'node:net';
import { sql, type Kysely } from 'kysely';
import { buildServer } from '../src/http/server.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import { openDatabase, type Database } from '../src/store/database.js';
import type { Schema } from '../src/store/schema.js';
import { migrate } from '../src/store/migrations.js';
import { freshPostgres, percentile } from './freshDatabase.js';

const rounds = 300;

/**
 * Each API call against the database's own ceiling: the same SQL the use case runs, issued straight
 * through the driver. The ratio is what HTTP, validation, serialization and the transaction add.
 */
const cases: { name: string; path: string; ceiling: (db: Kysely<Schema>) => Promise<unknown> }[] = [
  {
    name: 'provinces list',
    path: '/api/v1/admin-units?level=province&limit=100',
    ceiling: (db) =>
      sql`SELECT code, name, level, kind, parent_code, valid_from, valid_to FROM admin_unit
      WHERE level = 'province' AND valid_from <= current_date AND (valid_to IS NULL OR valid_to > current_date)
      ORDER BY code LIMIT 101`.execute(db),
  },
  {
    name: 'communes of Hà Nội',
    path: '/api/v1/admin-units?parent=01&limit=500',
    ceiling: (db) =>
      sql`SELECT code, name, level, kind, parent_code, valid_from, valid_to FROM admin_unit
      WHERE parent_code = '01' AND valid_from <= current_date AND (valid_to IS NULL OR valid_to > current_date)
      ORDER BY code LIMIT 501`.execute(db),
  },
  {
    name: 'agency search "tu phap"',
    path: '/api/v1/agencies?q=tu%20phap&limit=50',
    ceiling: (db) =>
      sql`SELECT a.code, a.name, u.name FROM agency a
      LEFT JOIN admin_unit u ON u.code = a.admin_unit_code AND u.valid_to IS NULL
      WHERE a.search_name LIKE '%tu%' AND a.search_name LIKE '%phap%' ORDER BY a.code LIMIT 51`.execute(db),
  },
  {
    name: 'commune with lineage',
    path: '/api/v1/admin-units/00004',
    ceiling: (db) =>
      sql`SELECT * FROM admin_unit_lineage WHERE unit_code = '00004' ORDER BY predecessor_code`.execute(db),
  },
];

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

async function measure(label: string, database: Database): Promise<void> {
  await migrate(database.db);
  await seedReferenceData(database.db);
  const app = await buildServer({ database, rateLimitPerMinute: 1_000_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  console.log(`\nlatency ${label} (${rounds} sequential requests each, ms)`);
  console.log('case                        api p50  api p95  db p50  db p95  ratio p50');
  for (const c of cases) {
    const api = await time(async () => (await fetch(base + c.path)).arrayBuffer());
    const db = await time(() => c.ceiling(database.db));
    const [a50, a95, d50, d95] = [
      percentile(api, 50),
      percentile(api, 95),
      percentile(db, 50),
      percentile(db, 95),
    ];
    console.log(
      `${c.name.padEnd(26)} ${a50.toFixed(2).padStart(8)} ${a95.toFixed(2).padStart(8)} ${d50.toFixed(2).padStart(7)} ${d95.toFixed(2).padStart(7)} ${(a50 / d50).toFixed(1).padStart(9)}x`,
    );
  }
  await app.close();
}

export async function latency(): Promise<void> {
  const embedded = await openDatabase({ memory: true });
  await measure('pglite', embedded);
  await embedded.close();
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (adminUrl) {
    const fresh = await freshPostgres(adminUrl);
    const database = await openDatabase({ url: fresh.url });
    try {
      await measure('postgres', database);
    } finally {
      await database.close();
      await fresh.drop();
    }
  }
}
