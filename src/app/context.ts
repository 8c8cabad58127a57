import { vi } from '../domain/i18n/vi.js';
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
  /** How long an account's activation link stays valid (default 7 days). */
  activationValidMs?: number;
  /** The installation's name, title, banner, colour and logo (one ministry's system or the national one). */
  brand?: Brand;
}

/** The product's own header colour. */
export const defaultBrandColor = '#b71c1c';

/** What an installation calls itself on screens and printed forms. */
export interface Brand {
  name: string;
  title: string;
  /** A line shown under the header on every screen (e.g. "Hệ thống thử nghiệm"). */
  banner: string | null;
  /** The header's colour, `#rrggbb`. */
  color: string;
  /** A PNG or JPEG logo. */
  logo: { bytes: Buffer; type: 'image/png' | 'image/jpeg' } | null;
}

export const defaultSettings: AppSettings = { sessionIdleMs: 15 * 60_000, sessionMaxMs: 12 * 3_600_000 };

/** The installation's brand, the product's own when none is configured. */
export const brandOf = (settings: AppSettings): Brand =>
  settings.brand ?? {
    name: vi.productName,
    title: vi.productTitle,
    banner: null,
    color: defaultBrandColor,
    logo: null,
  };

/** What a context may be given besides its database; everything else has its default. */
export interface ContextOptions {
  now?: () => Date;
  settings?: Partial<AppSettings>;
  eResults?: EResults | undefined;
}

/**
 * The composition root: the one way a context is made, by the server, the scheduled jobs, every
 * command line command, the tests and the benchmarks, so that each runs with the same settings.
 */
export function createAppContext(db: Kysely<Schema>, options: ContextOptions = {}): AppContext {
  return {
    db,
    now: options.now ?? (() => new Date()),
    settings: { ...defaultSettings, ...options.settings },
    ...(options.eResults ? { eResults: options.eResults } : {}),
  };
}

export type Tx = Transaction<Schema>;

/**
 * The one way a use case touches the database: inside a transaction, so a use case sees one
 * consistent snapshot and its writes land together or not at all.
 */
export function inTransaction<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(work);
}

/**
 * A read-only transaction whose statements all see one snapshot (repeatable read). A report that
 * reads the indicator sums and then what is not folded into them yet would otherwise count twice, or
 * miss, whatever a fold or a count commits between its two statements.
 */
export function inSnapshot<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
}
