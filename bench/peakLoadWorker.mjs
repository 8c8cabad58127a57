/* global fetch, performance, setTimeout */
// The peak load's generator, in a worker thread of its own so that sending requests does not
// share the server's event loop: an open loop (requests sent on schedule, whatever the answers),
// latency counted from each request's scheduled time (no coordinated omission).
import { parentPort, workerData } from 'node:worker_threads';

const { base, counters, codes, intakeRate, readRate, seconds, intakeBody } = workerData;
const result = {
  intake: { latencies: [], statuses: {} },
  public: { latencies: [], statuses: {}, withRetryAfter: 0, notProblemJson: 0 },
  other5xx: [],
  skipped: 0,
  /** One answer body per kind and status, to say what a refusal was. */
  samples: {},
};
let inFlight = 0;
const count = (bucket, status) => (bucket.statuses[status] = (bucket.statuses[status] ?? 0) + 1);

async function send(kind, scheduled, make) {
  if (inFlight > 4000) {
    result.skipped++;
    return;
  }
  inFlight++;
  const bucket = result[kind];
  try {
    const res = await make();
    const body = await res.text();
    count(bucket, res.status);
    result.samples[`${kind} ${res.status}`] ??= body.slice(0, 300);
    if (res.status === 201 || res.status === 200) bucket.latencies.push(performance.now() - scheduled);
    if (res.status === 503 && kind === 'public') {
      if (res.headers.get('retry-after')) bucket.withRetryAfter++;
      if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) bucket.notProblemJson++;
    }
    if (res.status >= 500 && res.status !== 503) result.other5xx.push(`${kind} ${res.status}`);
  } catch (e) {
    count(bucket, 0);
    result.other5xx.push(`${kind} no answer: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  } finally {
    inFlight--;
  }
}

const start = performance.now();
let intakes = 0;
let reads = 0;
while (performance.now() - start < seconds * 1000) {
  const elapsed = (performance.now() - start) / 1000;
  for (; intakes < Math.floor(elapsed * intakeRate); intakes++) {
    const headers = { 'content-type': 'application/json', ...counters[intakes % counters.length] };
    const scheduled = start + (intakes / intakeRate) * 1000;
    void send('intake', scheduled, () =>
      fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers, body: intakeBody }),
    );
  }
  for (; reads < Math.floor(elapsed * readRate); reads++) {
    const code = codes[reads % codes.length];
    // Each lookup from a citizen of its own (the load balancer's X-Forwarded-For).
    const ip = `10.${(reads >> 16) & 255}.${(reads >> 8) & 255}.${reads & 255}`;
    const scheduled = start + (reads / readRate) * 1000;
    void send('public', scheduled, () =>
      fetch(`${base}/api/v1/public/dossiers/${code}?verify=2345`, { headers: { 'x-forwarded-for': ip } }),
    );
  }
  await new Promise((r) => setTimeout(r, 5));
}
while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
result.sent = { intakes, reads };
result.seconds = (performance.now() - start) / 1000;
parentPort.postMessage(result);
