import { sql } from 'kysely';
import type { AppContext, Tx } from './context.js';

/**
 * Configuration read by every dossier command (procedure versions, workflows, bindings, routes,
 * calendars, agencies, units) changes only by an administrator's hand, yet reading it costs an
 * intake a dozen round trips. It is cached in the process under the database's configuration
 * generation (migration 0014: a trigger on each of those tables moves it on in the writing
 * transaction). A command reads the generation once; the cache answers only for that generation,
 * and a command whose snapshot is older than the cache reads the database itself.
 *
 * Cached values are shared between requests: callers must not change them.
 */
export interface ConfigReader {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

interface Cache {
  generation: number;
  values: Map<string, Promise<unknown>>;
}

/** Enough for every procedure, route and calendar a deployment reads in a day. */
const maxEntries = 50_000;
const caches = new WeakMap<AppContext, Cache>();

/** The generation as a column of another statement: `SELECT …, ${generationColumn}`. */
export const generationColumn = sql<number>`(SELECT n FROM config_generation)`.as('config_generation');

/**
 * `generation`: the configuration generation as the command's own first statement read it (a
 * dossier command reads it with the dossier or the grants: one round trip fewer), else read here.
 */
export async function configReader(ctx: AppContext, tx: Tx, generation?: number): Promise<ConfigReader> {
  const n = generation ?? (await tx.selectFrom('config_generation').select('n').executeTakeFirstOrThrow()).n;
  let cache = caches.get(ctx);
  if (!cache || cache.generation < n) {
    cache = { generation: n, values: new Map() };
    caches.set(ctx, cache);
  }
  if (cache.generation !== n) return { get: (_key, load) => load() };
  const values = cache.values;
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const hit = values.get(key);
      // A read that failed in another command's transaction is retried in this one.
      if (hit) return (hit as Promise<T>).catch(load);
      if (values.size >= maxEntries) values.clear();
      const loading = load();
      values.set(key, loading);
      // A failed read (an unknown code, a lost connection) is not remembered.
      loading.catch(() => values.delete(key));
      return loading;
    },
  };
}
