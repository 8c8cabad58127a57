import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A new empty PostgreSQL database for one benchmark run, and how to drop it. */
export async function freshPostgres(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `motcua_bench_${randomBytes(4).toString('hex')}`;
  return createDatabase(adminUrl, name, `CREATE DATABASE ${name}`);
}

/** A copy of a benchmark database as it is now (nobody may be connected to it), and how to drop it. */
export async function copyOfDatabase(
  adminUrl: string,
  url: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `motcua_bench_${randomBytes(4).toString('hex')}`;
  const of = new URL(url).pathname.slice(1);
  return createDatabase(adminUrl, name, `CREATE DATABASE ${name} TEMPLATE ${of}`);
}

async function createDatabase(adminUrl: string, name: string, create: string) {
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(create);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
