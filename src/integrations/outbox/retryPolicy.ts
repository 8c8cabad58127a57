/**
 * When to try a failed delivery again: exponential backoff with full jitter (a random wait between
 * zero and the capped exponential), so that a destination coming back after an outage is not hit
 * by every waiting message at the same instant. After `maxAttempts` the message is parked.
 */
export interface RetryPolicy {
  /** The first retry waits up to this long. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
  /** Attempts before a message is parked in the dead-letter state. */
  maxAttempts: number;
}

/** About an hour and a half of attempts (waits average half the cap once it is reached). */
export const defaultRetryPolicy: RetryPolicy = { baseMs: 1_000, capMs: 300_000, maxAttempts: 40 };

/** The wait before attempt `attempts + 1`, given `attempts` made so far (≥ 1) and a draw in [0, 1). */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(ceiling * Math.min(Math.max(random, 0), 0.999999));
}

/** Whether a message that has failed `attempts` times is parked rather than tried again. */
export function isExhausted(policy: RetryPolicy, attempts: number): boolean {
  return attempts >= policy.maxAttempts;
}
