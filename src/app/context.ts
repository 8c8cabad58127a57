import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../store/schema.js';

/** What every use case receives: the database and the clock (domain code never reads time itself). */
export interface AppContext {
  db: Kysely<Schema>;
  now: () => Date;
}

export type Tx = Transaction<Schema>;

/**
 * The one way a use case touches the database: inside a transaction, so a use case sees one
 * consistent snapshot and its writes land together or not at all.
 */
export function inTransaction<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(work);
}
