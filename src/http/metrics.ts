import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { vi } from '../domain/i18n/vi.js';
import { sendProblem } from './problem.js';

/** Who may read /metrics: a bearer token, or an address on the list (default: this machine only). */
export interface MetricsAccess {
  token?: string | undefined;
  allow?: readonly string[] | undefined;
}

const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** Prometheus metrics at /metrics: process defaults plus request durations by route and status. */
export function installMetrics(app: FastifyInstance, access: MetricsAccess = {}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'motcua_' });
  const duration = new Histogram({
    name: 'motcua_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, keeps the label set small; unmatched requests share one label.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const allowed = new Set(access.allow ?? loopback);
  const tokenOk = (header: string | undefined) => {
    if (!access.token || !header?.startsWith('Bearer ')) return false;
    const given = Buffer.from(header.slice(7).trim());
    const expected = Buffer.from(access.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    // Route names, volumes and timings tell an attacker what is there: only the scraper reads them.
    if (!allowed.has(request.ip) && !tokenOk(request.headers.authorization))
      return sendProblem(request, reply, 403, 'forbidden', vi.problem.forbidden);
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
