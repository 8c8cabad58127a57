import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { vi } from '../domain/i18n/vi.js';
import { sendProblem } from './problem.js';

/** Who a request serves: the public (the portal's status pages, citizens) or the work of officials and systems. */
export type Lane = 'public' | 'work';

export interface AdmissionLimits {
  /** Public and citizen requests handled at once; past it they are refused at once. */
  publicConcurrent: number;
  /** Requests of officials and machine clients handled at once. */
  workConcurrent: number;
  /** Of those, how many may wait for a place; past it they are refused. */
  workQueue: number;
  /** How long one may wait for a place before it is refused (never a timeout pile-up). */
  workWaitMs: number;
  /** What the refusal's Retry-After says. */
  retryAfterSeconds: number;
}

export const defaultAdmission: AdmissionLimits = {
  publicConcurrent: 16,
  workConcurrent: 48,
  workQueue: 256,
  workWaitMs: 5000,
  retryAfterSeconds: 2,
};

const publicRoots = ['/api/v1/public', '/api/v1/citizen'];

/** The lane of a routed API request; null for what is not admitted (the web pages, health checks). */
export function laneOf(route: string | undefined): Lane | null {
  if (!route?.startsWith('/api/')) return null;
  return publicRoots.some((p) => route === p || route.startsWith(`${p}/`)) ? 'public' : 'work';
}

/**
 * Admission control of one node. Under overload the public is shed first and cleanly: a public or
 * citizen request past its share is answered 503 with Retry-After at once, before any work; the
 * officials' and systems' requests have a larger share and a bounded queue in front of it, so a
 * surge of public reads never takes the places the counter's work needs, and nothing waits
 * without end. Installed first, so a refused request costs no session lookup or database call.
 */
export function installAdmission(app: FastifyInstance, limits: AdmissionLimits = defaultAdmission) {
  const busy: Record<Lane, number> = { public: 0, work: 0 };
  // Each waiter is handed a place as one is freed: the place passes on, never counted twice.
  const waiting: (() => void)[] = [];
  const refuse = (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('retry-after', String(limits.retryAfterSeconds));
    return sendProblem(request, reply, 503, 'overloaded', vi.problem.overloaded);
  };
  const release = (lane: Lane) => {
    const next = lane === 'work' ? waiting.shift() : undefined;
    if (next) next();
    else busy[lane]--;
  };
  /** The place is freed when the answer is sent or the connection goes, whichever is first. */
  const holdUntilDone = (lane: Lane, reply: FastifyReply) => {
    if (reply.raw.destroyed) return release(lane);
    reply.raw.once('close', () => release(lane));
  };
  const waitForPlace = () =>
    new Promise<boolean>((resolve) => {
      const take = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(take), 1);
        resolve(false);
      }, limits.workWaitMs);
      waiting.push(take);
    });
  app.addHook('onRequest', async (request, reply) => {
    const lane = laneOf(request.routeOptions.url);
    if (lane === null) return;
    const limit = lane === 'public' ? limits.publicConcurrent : limits.workConcurrent;
    if (busy[lane] < limit) {
      busy[lane]++;
      return holdUntilDone(lane, reply);
    }
    if (lane === 'public' || waiting.length >= limits.workQueue || !(await waitForPlace()))
      return refuse(request, reply);
    return holdUntilDone(lane, reply);
  });
  return { busy: () => ({ ...busy, waiting: waiting.length }) };
}
