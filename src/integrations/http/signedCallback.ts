import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Signed callbacks (the payment platform, document management): HMAC-SHA256 over
 * `timestamp.nonce.body` with the secret shared at registration, sent as `X-Signature: sha256=<hex>`
 * with `X-Timestamp` (Unix seconds) and `X-Nonce`. A receiver checks the signature, that the
 * timestamp is recent, and that the nonce is new.
 */
export function signCallback(secret: string, timestamp: number, nonce: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${nonce}.${body}`).digest('hex')}`;
}

export type SignatureVerdict = 'ok' | 'missing' | 'bad_signature' | 'stale';

/** Checks a callback's signature and freshness (`toleranceSeconds` either way of `now`). */
export function verifyCallback(
  secret: string,
  headers: { signature?: string; timestamp?: string; nonce?: string },
  body: string,
  now: Date,
  toleranceSeconds = 300,
): SignatureVerdict {
  const { signature, timestamp, nonce } = headers;
  if (!signature || !timestamp || !nonce || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  const expected = Buffer.from(signCallback(secret, Number(timestamp), nonce, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad_signature';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return 'stale';
  return 'ok';
}

/** The headers of one signed callback: a fresh nonce, the current time, the signature. */
export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  const nonce = randomUUID();
  return {
    'content-type': 'application/json',
    'x-signature': signCallback(secret, timestamp, nonce, body),
    'x-timestamp': String(timestamp),
    'x-nonce': nonce,
  };
}

/** How many callbacks a partner platform has in flight to one receiver, as its connection pool allows. */
export const callbacksInFlight = 8;
const receivers = new Map<string, LimitFunction>();

/**
 * One attempt waits for a place among the receiver's `callbacksInFlight`: a platform reporting on
 * thousands of requests at once (a demo's month, a backlog after an outage) queues them at home
 * instead of opening thousands of connections, which would fill the receiver's accept queue and
 * keep everyone else (a browser loading a page) from connecting.
 */
function inFlight<T>(url: string, attempt: () => Promise<T>): Promise<T> {
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  let limit = receivers.get(origin);
  if (!limit) receivers.set(origin, (limit = pLimit(callbacksInFlight)));
  return limit(attempt);
}

/**
 * Posts a signed callback as a partner platform does: again, with the same headers, after a lost
 * connection, a server error or a 429 (waiting what Retry-After says, at most a minute), up to
 * `attempts` times; a refusal (4xx) is final. Answers the last status (0: never reached).
 */
export async function postSignedRetrying(
  url: string,
  headers: Record<string, string>,
  body: string,
  attempts = 6,
  onAnswer: (status: number) => void = () => {},
): Promise<number> {
  let status = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let wait = 500 * attempt;
    const answer = await inFlight(url, async () => {
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        return { status: res.status, retryAfter: Number(res.headers.get('retry-after')) };
      } catch {
        return { status: 0, retryAfter: NaN };
      }
    });
    status = answer.status;
    if (status === 429 && Number.isFinite(answer.retryAfter) && answer.retryAfter > 0)
      wait = Math.min(answer.retryAfter, 60) * 1000;
    onAnswer(status);
    if (status !== 0 && status !== 429 && status < 500) return status;
    if (attempt < attempts) await new Promise((r) => setTimeout(r, wait));
  }
  return status;
}

/** The signature headers of an incoming request, as `verifyCallback` takes them. */
export function signatureOf(headers: Record<string, string | string[] | undefined>): {
  signature?: string;
  timestamp?: string;
  nonce?: string;
} {
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);
  return {
    signature: one(headers['x-signature']),
    timestamp: one(headers['x-timestamp']),
    nonce: one(headers['x-nonce']),
  };
}
