import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * Faults a simulator injects on demand, set through its admin endpoint (`PUT /_sim/faults`):
 * down (connections reset), a share of 5xx answers, of requests never answered, slow answers,
 * malformed acknowledgements (the work is done, the answer unreadable) and duplicate callbacks.
 */
export const Faults = z.strictObject({
  down: z.boolean().default(false),
  errorRate: z.number().min(0).max(1).default(0),
  errorStatus: z.number().int().min(500).max(599).default(503),
  timeoutRate: z.number().min(0).max(1).default(0),
  slowMs: z.number().int().min(0).max(120_000).default(0),
  malformedRate: z.number().min(0).max(1).default(0),
  duplicateCallbacks: z.boolean().default(false),
  /** Portal only: a create of a code it already holds stores a second copy instead of refusing. */
  duplicateCreateRate: z.number().min(0).max(1).default(0),
});
export type Faults = z.infer<typeof Faults>;

export const noFaults: Faults = Faults.parse({});

/** The faults in force, and the hooks that apply them to every route but the admin ones. */
export class FaultInjector {
  faults: Faults = noFaults;
  /** Requests answered with an injected fault, by kind. */
  readonly injected = { down: 0, error: 0, timeout: 0, malformed: 0 };
  private readonly hanging = new Set<() => void>();

  constructor(private readonly random: () => number = Math.random) {}

  chance(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  install(app: FastifyInstance): void {
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/_sim/')) return;
      const f = this.faults;
      if (f.down) {
        this.injected.down++;
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      }
      if (f.slowMs > 0) await new Promise((r) => setTimeout(r, f.slowMs));
      if (this.chance(f.timeoutRate)) {
        this.injected.timeout++;
        // Never answered: the caller's own timeout ends it (or the simulator closing).
        reply.hijack();
        await new Promise<void>((resolve) => this.hanging.add(resolve));
        request.raw.socket.destroy();
        return reply;
      }
      if (this.chance(f.errorRate)) {
        this.injected.error++;
        return reply.code(f.errorStatus).send({ error_code: 99, message: 'Lỗi hệ thống (mô phỏng)' });
      }
      return undefined;
    });
    app.addHook('onSend', async (request, _reply, payload) => {
      if (request.url.startsWith('/_sim/') || !this.chance(this.faults.malformedRate)) return payload;
      this.injected.malformed++;
      return '{"error_code": 0, "mess';
    });
    app.addHook('onClose', async () => this.release());
    app.get('/_sim/faults', async () => ({ faults: this.faults, injected: this.injected }));
    app.put('/_sim/faults', async (request, reply) => {
      const parsed = Faults.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues });
      this.faults = parsed.data;
      if (!this.faults.timeoutRate) this.release();
      return { faults: this.faults };
    });
  }

  private release(): void {
    for (const resolve of this.hanging) resolve();
    this.hanging.clear();
  }
}

/** Sets a running simulator's faults over HTTP (tests, the operator's console). */
export async function setFaults(baseUrl: string, faults: Partial<Faults>): Promise<void> {
  const res = await fetch(`${baseUrl}/_sim/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`simulator refused faults: ${res.status} ${await res.text()}`);
}
