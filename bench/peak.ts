import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../src/store/database.js';
import { freshPostgres, percentile } from './freshDatabase.js';
import { benchIntakeBody, communeCounters, startBenchServer } from './benchSetup.js';

interface Side {
  latencies: number[];
  statuses: Record<string, number>;
  withRetryAfter?: number;
  notProblemJson?: number;
}
interface PeakResult {
  intake: Side;
  public: Side;
  other5xx: string[];
  skipped: number;
  samples: Record<string, string>;
  sent: { intakes: number; reads: number };
  seconds: number;
}

/**
 * The load test at 10× the national peak (issue 21, item 4): 200 intakes/s from 32 counters and
 * 2,000 public status lookups/s from as many citizens, sent on schedule for PEAK_SECONDS (30) to
 * one node with its default admission limits, on PostgreSQL (BENCH_DATABASE_URL). Reports the
 * officials' latency, how the public was shed, any other 5xx, and the process's memory.
 */
export async function peak(): Promise<void> {
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (!adminUrl) {
    console.log('peak: PostgreSQL only (BENCH_DATABASE_URL=postgres://…)');
    return;
  }
  const intakeRate = Number(process.env['PEAK_INTAKES'] ?? 200);
  const readRate = Number(process.env['PEAK_READS'] ?? 2000);
  const seconds = Number(process.env['PEAK_SECONDS'] ?? 30);
  const fresh = await freshPostgres(adminUrl);
  const database = await openDatabase({ url: fresh.url });
  try {
    const { app, base } = await startBenchServer(database, { trustProxy: true });
    const { counters } = await communeCounters(database, app, 32);
    const codes: string[] = [];
    for (const headers of counters) {
      const res = await fetch(`${base}/api/v1/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: benchIntakeBody,
      });
      codes.push(((await res.json()) as { code: string }).code);
    }
    const run = async (target: string, label: string) => {
      const rss: number[] = [];
      const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
      const result = await new Promise<PeakResult>((resolve, reject) => {
        const worker = new Worker(new URL('./peakLoadWorker.mjs', import.meta.url), {
          workerData: {
            base: target,
            counters,
            codes,
            intakeRate,
            readRate,
            seconds,
            intakeBody: benchIntakeBody,
          },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      clearInterval(sampler);
      report(label, result, rss, intakeRate, readRate);
    };
    await run(base, 'straight to the node (its own admission lanes only)');
    // The node drains what the first run left queued before the second begins.
    await new Promise((r) => setTimeout(r, 15_000));
    const edge = await startEdge(base);
    if (edge) {
      await run(edge.url, 'through HAProxy shedding the public at the edge (deploy/local-cluster)');
      edge.stop();
    }
    await app.close();
  } finally {
    await database.close();
    await fresh.drop();
  }
}

/**
 * HAProxy in front of the node with the edge rules of deploy/local-cluster: the public routes in a
 * backend of their own, 16 at once, 1 s in the queue, then a problem+json 503. Null without HAProxy.
 */
async function startEdge(node: string): Promise<{ url: string; stop: () => void } | null> {
  const haproxy = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p));
  if (!haproxy) return null;
  const port = 20000 + Math.floor(Math.random() * 10000);
  const dir = mkdtempSync(join(tmpdir(), 'motcua-edge-'));
  const server = new URL(node).host;
  writeFileSync(
    join(dir, 'haproxy.cfg'),
    `global\n  maxconn 8000\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n` +
      `  http-error status 503 content-type "application/problem+json; charset=utf-8" hdr Retry-After 5 string '{"type":"https://motcua.gov.vn/problems/unavailable","title":"Hệ thống tạm thời không phục vụ được, vui lòng thử lại sau ít giây","status":503}'\n` +
      `frontend motcua\n  bind 127.0.0.1:${port}\n  acl public path_beg /api/v1/public/ /api/v1/citizen/\n  use_backend public if public\n  default_backend nodes\n` +
      `backend public\n  timeout queue 1s\n  server node1 ${server} maxconn 16\n` +
      `backend nodes\n  server node1 ${server}\n`,
  );
  const child = spawn(haproxy, ['-f', join(dir, 'haproxy.cfg'), '-db'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (b: Buffer) => (errors += b.toString()));
  for (let i = 0; ; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 50 || child.exitCode !== null) throw new Error(`HAProxy did not start: ${errors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function report(label: string, r: PeakResult, rss: number[], intakeRate: number, readRate: number): void {
  const mb = (b: number) => `${Math.round(b / 1048576)} MB`;
  const lat = (s: Side) => {
    s.latencies.sort((a, b) => a - b);
    return `p50 ${percentile(s.latencies, 50).toFixed(0)} ms, p99 ${percentile(s.latencies, 99).toFixed(0)} ms`;
  };
  console.log(
    `\nPeak load for ${r.seconds.toFixed(0)} s: ${intakeRate} intakes/s + ${readRate} public lookups/s`,
  );
  console.log(
    `  intakes sent ${r.sent.intakes}, answers ${JSON.stringify(r.intake.statuses)}; accepted: ${lat(r.intake)}`,
  );
  console.log(
    `  lookups sent ${r.sent.reads}, answers ${JSON.stringify(r.public.statuses)}; served: ${lat(r.public)}; ` +
      `503 with Retry-After ${r.public.withRetryAfter}, not problem+json ${r.public.notProblemJson}`,
  );
  console.log(
    `  other 5xx or no answer: ${r.other5xx.length}${r.other5xx.length ? ` (${r.other5xx.slice(0, 5).join('; ')})` : ''}`,
  );
  console.log(`  generator skipped (over 4,000 in flight): ${r.skipped}`);
  for (const [k, body] of Object.entries(r.samples)) if (!/ 20[01]$/.test(k)) console.log(`  ${k}: ${body}`);
  console.log(
    `  memory (server and generator process): first ${mb(rss[0] ?? 0)}, peak ${mb(Math.max(...rss))}, last ${mb(rss.at(-1) ?? 0)}`,
  );
}
