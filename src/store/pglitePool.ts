import type { PGlite, Results } from '@electric-sql/pglite';

/**
 * Presents one embedded PGlite database as the small part of a `pg.Pool` that Kysely's
 * PostgresDialect uses, so both engines run through the very same dialect and SQL.
 *
 * PGlite has a single connection: `connect()` hands it out to one caller at a time (FIFO), which
 * keeps a transaction's statements together, as a pooled PostgreSQL connection would.
 */
export class PGlitePool {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  async connect(): Promise<PGliteClient> {
    let release!: () => void;
    const turn = new Promise<void>((r) => (release = r));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    return new PGliteClient(this.pglite, release);
  }

  async end(): Promise<void> {
    await this.queue;
    await this.pglite.close();
  }
}

interface PgLikeResult {
  command: string;
  rowCount: number;
  rows: unknown[];
}

export class PGliteClient {
  private released = false;

  constructor(
    private readonly pglite: PGlite,
    private readonly onRelease: () => void,
  ) {}

  /**
   * Like node-postgres: with parameters, one statement over the extended protocol; without, the
   * simple protocol, which also runs multi-statement scripts such as migrations.
   */
  async query(text: string, params?: readonly unknown[]): Promise<PgLikeResult> {
    const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
    if (params && params.length > 0) {
      const r = await this.pglite.query(text, params as unknown[]);
      return toPgResult(command, r);
    }
    const results = await this.pglite.exec(text);
    const last = results.at(-1);
    return last ? toPgResult(command, last) : { command, rowCount: 0, rows: [] };
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}

function toPgResult(command: string, r: Results<unknown>): PgLikeResult {
  return { command, rowCount: r.affectedRows ?? r.rows.length, rows: r.rows };
}
