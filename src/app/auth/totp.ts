import { vi } from '../../domain/i18n/vi.js';
import { Secret, TOTP } from 'otpauth';

const issuer = vi.productName;

function totpFor(username: string, secretBase32: string): TOTP {
  return new TOTP({
    issuer,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(username: string, secretBase32: string): string {
  return totpFor(username, secretBase32).toString();
}

/**
 * The time step (30-second period since the epoch) a code belongs to, or null when it is not a
 * code of now ±1 step. An account remembers the last step it accepted, so a code is used once.
 */
export function totpStep(username: string, secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(username, secretBase32).validate({
    token: code,
    timestamp: now.getTime(),
    window: 1,
  });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
}

/** The code at an instant: for tests, the demo, and nowhere else. */
export function totpCode(secretBase32: string, now: Date): string {
  return totpFor('x', secretBase32).generate({ timestamp: now.getTime() });
}

/**
 * The step of a code that may be accepted now: valid, and later than the last step the account
 * accepted (null when none was). Null for a wrong code and for one already used.
 */
export function freshTotpStep(
  username: string,
  secretBase32: string,
  code: string,
  lastStep: number | null,
  now: Date,
): number | null {
  const step = totpStep(username, secretBase32, code, now);
  return step !== null && step > (lastStep ?? -1) ? step : null;
}
