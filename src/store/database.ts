import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { PGlitePool } from './pglitePool.js';
import { prepareStatements } from './preparedStatements.js';
import type { Schema } from './schema.js';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly engine: Engine;
  readonly db: Kysely<Schema>;
  /**
   * Calls `onNotify` on each NOTIFY of `channel` (a dedicated connection on PostgreSQL, the
   * instance's own listener on PGlite); resolves to the function that stops listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /**
   * The embedded engine's whole data directory as one tar file, to open again as it stands with
   * `{ memory: true, from }` (a prepared database in a second instead of a cluster's creation).
   */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

/** PostgreSQL at `url` (statements prepared per connection unless `prepare` is false), or PGlite. */
export type DatabaseTarget =
  | { url: string; prepare?: boolean }
  | { dataDir: string }
  | { memory: true; /** A `snapshot()` to start from. */ from?: Blob };

// Both engines hand values back alike: dates as 'YYYY-MM-DD' text (a date is not an instant),
// 64-bit integers as numbers (counts and ids stay far below 2^53).
const DATE_OID = 1082;
const INT8_OID = 20;
const parseDate = (v: string): string => v;
const parseInt8 = (v: string): number => Number(v);

pg.types.setTypeParser(DATE_OID, parseDate);
pg.types.setTypeParser(INT8_OID, parseInt8);

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite (in a folder, or in memory). */
/** The embedded engine's buffer pool (see openDatabase). */
const embeddedSharedBuffers = '16MB';

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) {
    // Enough connections for the request concurrency of one process (dossier intake holds one
    // for ~25 statements; 10 queued requests at 32 clients).
    const pool = new pg.Pool({ connectionString: target.url, max: 20, application_name: 'motcua' });
    // An idle pooled connection can be cut by the server (restart, failover, a dropped database);
    // pg reports it on the pool, and unhandled it would crash the process. The pool replaces the
    // connection, and the next query that needs it reports the failure to its caller.
    pool.on('error', (err) => console.error(`PostgreSQL: idle connection lost (${err.message})`));
    // A connection in use can be cut too (the server restarted between two statements of a
    // transaction): the client then emits 'error', and a client without a listener would take the
    // whole process down. Every client gets one; the statement in flight fails on its own, the
    // request answers 503, and the pool opens new connections once the server is back.
    pool.on('connect', (client) =>
      client.on('error', (err) => console.error(`PostgreSQL: connection in use lost (${err.message})`)),
    );
    if (target.prepare !== false) prepareStatements(pool);
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    // A dedicated connection per listener; when it is lost it is opened again (every second until
    // it is back), and the listener is woken once it is, for whatever was committed meanwhile.
    const listen = async (channel: string, onNotify: () => void) => {
      let stopped = false;
      let client: pg.Client | null = null;
      // One retry at a time: a connection that fails while connecting both ends and rejects, and
      // two retries scheduled from one failure would double at every failed attempt of a failover
      // (thousands of connections, the new primary's slots exhausted).
      let retry: NodeJS.Timeout | null = null;
      const retryLater = () => {
        if (!stopped && retry === null)
          retry = setTimeout(() => {
            retry = null;
            void reconnect();
          }, 1000);
      };
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: target.url, application_name: 'motcua-listen' });
        c.on('error', (err) => console.error(`PostgreSQL: listening connection lost (${err.message})`));
        c.on('notification', (n) => {
          if (n.channel === channel) onNotify();
        });
        // Only the established connection's end starts the retries.
        c.on('end', () => {
          if (client !== c) return;
          client = null;
          retryLater();
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        } catch (e) {
          await c.end().catch(() => undefined);
          throw e;
        }
        client = c;
      };
      const reconnect = async (): Promise<void> => {
        if (stopped || client !== null) return;
        try {
          await connect();
          onNotify();
        } catch {
          retryLater();
        }
      };
      await connect();
      return async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        await client?.end();
      };
    };
    return { engine: 'postgres', db, listen, close: () => db.destroy() };
  }
  const dataDir = 'dataDir' in target ? target.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [DATE_OID]: parseDate, [INT8_OID]: parseInt8 },
    // The embedded server's buffer pool lives in WebAssembly memory, which is touched once and never
    // returned: 16 MB instead of PGlite's 128 MB takes ~120 MB off its idle memory (BENCHMARKS.md);
    // pages it does not hold are read from the data directory through the OS cache.
    ...(dataDir ? { postgresqlconf: [`shared_buffers=${embeddedSharedBuffers}`] } : {}),
    ...('from' in target && target.from ? { loadDataDir: target.from } : {}),
  });
  const pool = new PGlitePool(pglite);
  // PGlitePool gives connect() and end() the shapes Kysely needs; only cursors (streaming) are absent.
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) });
  const listen = async (channel: string, onNotify: () => void) => pglite.listen(channel, () => onNotify());
  const snapshot = () => pglite.dumpDataDir('none');
  return { engine: 'pglite', db, listen, snapshot, close: () => db.destroy() };
}
