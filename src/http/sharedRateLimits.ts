import { sql, type Kysely } from 'kysely';
import type { Schema } from '../store/schema.js';

type Done = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** Expired windows are swept every this many counts (a table of live callers, not of all ever seen). */
const sweepEvery = 1000;

/**
 * A store for @fastify/rate-limit kept in PostgreSQL, so that every `serve` node behind the load
 * balancer counts the same allowance: a caller spread over three nodes gets one minute's allowance,
 * not three. One statement per counted request (an upsert on an unlogged table); a fixed window per
 * key, as the plugin's own stores keep it. A route with its own limit counts under its own prefix.
 */
export function sharedRateLimitStore(db: Kysely<Schema>) {
  let counted = 0;
  class SharedRateLimitStore {
    private readonly prefix: string;
    // The plugin constructs the store with its options; a route's child is made with its prefix.
    constructor(prefix: unknown = '') {
      this.prefix = typeof prefix === 'string' ? prefix : '';
    }

    incr(key: string, done: Done, timeWindow: number): void {
      if (++counted % sweepEvery === 0)
        void sql`DELETE FROM rate_limit WHERE window_start < clock_timestamp() - interval '1 hour'`
          .execute(db)
          .catch(() => undefined);
      const ms = Math.max(1, Math.trunc(timeWindow));
      sql<{ hits: number; ttl: number }>`
        INSERT INTO rate_limit AS r (key, window_start, hits) VALUES (${this.prefix + key}, clock_timestamp(), 1)
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN r.window_start + ${ms} * interval '1 millisecond' <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
          window_start = CASE WHEN r.window_start + ${ms} * interval '1 millisecond' <= clock_timestamp()
            THEN clock_timestamp() ELSE r.window_start END
        RETURNING hits, greatest(0, ceil(extract(epoch FROM r.window_start + ${ms} * interval '1 millisecond' - clock_timestamp()) * 1000))::int AS ttl`
        .execute(db)
        .then(
          ({ rows }) => done(null, { current: rows[0]?.hits ?? 1, ttl: rows[0]?.ttl ?? ms }),
          (e: unknown) => done(e as Error),
        );
    }

    read(key: string, done: Done, timeWindow: number): void {
      const ms = Math.max(1, Math.trunc(timeWindow));
      sql<{ hits: number; ttl: number }>`
        SELECT hits, greatest(0, ceil(extract(epoch FROM window_start + ${ms} * interval '1 millisecond' - clock_timestamp()) * 1000))::int AS ttl
        FROM rate_limit WHERE key = ${this.prefix + key}
          AND window_start + ${ms} * interval '1 millisecond' > clock_timestamp()`
        .execute(db)
        .then(
          ({ rows }) => done(null, { current: rows[0]?.hits ?? 0, ttl: rows[0]?.ttl ?? 0 }),
          (e: unknown) => done(e as Error),
        );
    }

    child(route: { routeInfo?: { method?: string | string[]; url?: string } }): SharedRateLimitStore {
      const info = route.routeInfo ?? {};
      return new SharedRateLimitStore(`${this.prefix}${String(info.method ?? '')} ${info.url ?? ''}|`);
    }
  }
  return SharedRateLimitStore;
}
