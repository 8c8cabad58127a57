import { createHmac, timingSafeEqual } from 'node:crypto';

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
