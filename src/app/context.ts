import type { Kysely, Transaction } from 'kysely';
import type { DossierCodeFormat } from '../domain/dossier/dossierCode.js';
import type { Schema } from '../store/schema.js';
import type { EResults } from './signing/eResults.js';

/** What every use case receives: the database and the clock (domain code never reads time itself). */
export interface AppContext {
  db: Kysely<Schema>;
  now: () => Date;
  settings: AppSettings;
  /** Results signed here; without it a result goes to the document-management system to be signed. */
  eResults?: EResults;
}

export interface AppSettings {
  /** A staff session ends after this long without a request (default 15 minutes). */
  sessionIdleMs: number;
  /** …and after this long whatever happens (default 12 hours). */
  sessionMaxMs: number;
  /** The dossier code's configurable parts (DOMAIN §5.4); the default when absent. */
  dossierCode?: DossierCodeFormat;
  /** The address citizens reach the system at: status links in printed forms and notices. */
  publicUrl?: string;
}

export const defaultSettings: AppSettings = { sessionIdleMs: 15 * 60_000, sessionMaxMs: 12 * 3_600_000 };

export type Tx = Transaction<Schema>;

/**
 * The one way a use case touches the database: inside a transaction, so a use case sees one
 * consistent snapshot and its writes land together or not at all.
 */
export function inTransaction<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(work);
}
