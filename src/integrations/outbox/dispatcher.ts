import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import { failureText, type Connector, type DeliveryOutcome, type OutboxMessage } from './connector.js';
import { claimMessages, markFailed, markSent, retryNow } from './outboxStore.js';
import { defaultRetryPolicy, isExhausted, retryDelayMs, type RetryPolicy } from './retryPolicy.js';

/** Failures in a row that mean the destination was down rather than flaky. */
const outageStreak = 10;

export interface DispatcherOptions {
  db: Kysely<Schema>;
  connectors: readonly Connector[];
  /** Wakes the dispatcher when messages are committed (LISTEN/NOTIFY); it also polls. */
  listen?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
  /** Retry policy per destination; `defaultRetryPolicy` for the others. */
  retry?: Partial<Record<string, RetryPolicy>>;
  /** Messages claimed per pass, delivered concurrently (default 64). */
  batch?: number;
  /** Passes running at once, so that one slow batch does not hold up the rest (default 4). */
  workers?: number;
  /** How long a claim lasts: longer than any connector's timeout (default 60 s). */
  leaseMs?: number;
  /** Polling period when nothing wakes the dispatcher (default 1 s). */
  pollMs?: number;
  onError?: (e: unknown) => void;
  random?: () => number;
}

/**
 * Delivers the outbox: claims the head message of each (dossier, destination), hands each to its
 * destination's connector, and records the outcome — sent, retried later with backoff, or parked.
 * Any number of dispatchers may run on one database (in the server or as their own processes).
 */
export class Dispatcher {
  readonly id = `dispatcher-${randomUUID().slice(0, 8)}`;
  private readonly connectors: Map<string, Connector>;
  private stopped = true;
  private readonly wakers = new Set<() => void>();
  private generation = 0;
  private loops: Promise<void>[] = [];
  /**
   * Failures in a row per destination. A success after an outage-sized streak releases the messages
   * waiting out their backoff; scattered failures (a flaky destination) leave the backoff alone.
   */
  private readonly failureStreak = new Map<string, number>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly opts: DispatcherOptions) {
    this.connectors = new Map(opts.connectors.map((c) => [c.destination, c]));
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.opts.listen) this.unlisten = await this.opts.listen('outbox', () => this.nudge());
    this.loops = Array.from({ length: this.opts.workers ?? 4 }, () => this.run());
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.nudge();
    await Promise.all(this.loops);
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Runs one pass now (tests, the CLI): how many messages it claimed. */
  async pass(): Promise<number> {
    const destinations = [...this.connectors.keys()];
    const claimed = await claimMessages(
      this.opts.db,
      destinations,
      this.id,
      this.opts.batch ?? 64,
      this.opts.leaseMs ?? 60_000,
    );
    if (claimed.length === 0) return 0;
    const byDestination = new Map<string, OutboxMessage[]>();
    for (const m of claimed)
      byDestination.set(m.destination, [...(byDestination.get(m.destination) ?? []), m]);
    const results = (
      await Promise.all([...byDestination].map(([destination, ms]) => this.deliverAll(destination, ms)))
    ).flat();
    const sent = results.flatMap(({ m, o }) =>
      o.outcome === 'sent' ? [{ id: m.id, receipt: o.receipt ?? null }] : [],
    );
    await markSent(this.opts.db, sent);
    for (const { m, o } of results) {
      const streak = this.failureStreak.get(m.destination) ?? 0;
      if (o.outcome === 'retry') this.failureStreak.set(m.destination, streak + 1);
      else if (o.outcome === 'sent') {
        this.failureStreak.set(m.destination, 0);
        if (streak >= outageStreak) await retryNow(this.opts.db, m.destination);
      }
    }
    await Promise.all(
      results.map(({ m, o }) => {
        if (o.outcome === 'sent') return undefined;
        const policy = this.opts.retry?.[m.destination] ?? defaultRetryPolicy;
        const park = o.outcome === 'reject' || isExhausted(policy, m.attempts);
        const delay = retryDelayMs(policy, m.attempts, (this.opts.random ?? Math.random)());
        return markFailed(this.opts.db, m.id, o.error, delay, park);
      }),
    );
    return claimed.length;
  }

  /** A destination's share of the batch: in one call when its connector takes batches. */
  private async deliverAll(
    destination: string,
    ms: OutboxMessage[],
  ): Promise<{ m: OutboxMessage; o: DeliveryOutcome }[]> {
    const connector = this.connectors.get(destination);
    if (connector?.deliverBatch) {
      try {
        const outcomes = await connector.deliverBatch(ms);
        return ms.map((m, i) => ({ m, o: outcomes[i] ?? { outcome: 'retry', error: 'no outcome' } }));
      } catch (e) {
        return ms.map((m) => ({ m, o: { outcome: 'retry', error: failureText(e) } }));
      }
    }
    return Promise.all(ms.map(async (m) => ({ m, o: await this.deliver(m) })));
  }

  private async deliver(m: OutboxMessage): Promise<DeliveryOutcome> {
    const connector = this.connectors.get(m.destination);
    if (!connector) return { outcome: 'retry', error: `no connector for ${m.destination}` };
    try {
      return await connector.deliver(m);
    } catch (e) {
      return { outcome: 'retry', error: failureText(e) };
    }
  }

  private nudge(): void {
    this.generation++;
    for (const wake of this.wakers) wake();
  }

  private async run(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 1_000;
    while (!this.stopped) {
      let claimed = 0;
      const seen = this.generation;
      try {
        claimed = await this.pass();
      } catch (e) {
        this.opts.onError?.(e);
      }
      // A pass that found work goes again at once: more may be due, or unblocked by what was sent.
      if (claimed > 0 || seen !== this.generation || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.wakers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, pollMs);
        this.wakers.add(wake);
      });
    }
  }
}
