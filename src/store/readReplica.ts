import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Schema } from './schema.js';

export interface ReadReplica {
  readonly db: Kysely<Schema>;
  /**
   * How far behind the primary the replica's data is, in seconds: 0 when it has replayed all it
   * received (or it is a primary), else the time since the last transaction it replayed. Measured
   * at most once a second.
   */
  lagSeconds(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A pool on a standby (DATABASE_READ_URL) for reports and exports, so that the national
 * dashboards' heavy reads do not compete with the counters' writes on the primary. Reads only:
 * nothing written through it (a standby refuses writes anyway).
 */
export function openReadReplica(url: string, maxConnections = 10): ReadReplica {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, application_name: 'motcua-read' });
  pool.on('error', (err) =>
    console.error(`PostgreSQL (read replica): idle connection lost (${err.message})`),
  );
  pool.on('connect', (client) =>
    client.on('error', (err) => console.error(`PostgreSQL (read replica): connection lost (${err.message})`)),
  );
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  let measured: { at: number; lag: Promise<number> } | null = null;
  const measure = async () => {
    const { rows } = await sql<{ lag: number | null }>`
      SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())
      END::float8 AS lag`.execute(db);
    return Math.max(0, Math.round(rows[0]?.lag ?? 0));
  };
  return {
    db,
    lagSeconds() {
      const now = Date.now();
      if (!measured || now - measured.at > 1000) {
        const lag = measure().catch(() => 0);
        measured = { at: now, lag };
      }
      return measured.lag;
    },
    close: () => db.destroy(),
  };
}
