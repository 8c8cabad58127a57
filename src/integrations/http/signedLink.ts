import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring links (issue 22): a document or result link given to the national portal that
 * a citizen opens without a staff session. The signature is an HMAC-SHA-256 over the path and the
 * expiry with one of the system's link keys, named in the link, so that a new key signs new links
 * while links signed with the previous one stay valid until they expire.
 */
export interface LinkKey {
  id: string;
  secret: Buffer;
}

export interface LinkQuery {
  /** Expiry, seconds since the epoch. */
  e: string;
  /** The key's id. */
  k: string;
  /** The signature, base64url. */
  s: string;
}

const mac = (key: LinkKey, path: string, expires: string) =>
  createHmac('sha256', key.secret).update(`${path}\n${expires}`).digest('base64url');

/** The link to `path`, valid until `expiresAt` (whole seconds). */
export function signLink(path: string, expiresAt: Date, key: LinkKey): string {
  const e = String(Math.floor(expiresAt.getTime() / 1000));
  const q = new URLSearchParams({ e, k: key.id, s: mac(key, path, e) });
  return `${path}?${q.toString()}`;
}

export type LinkVerdict = 'valid' | 'expired' | 'forged';

/**
 * Whether a presented link to `path` is one this system signed and still valid. An unknown key, a
 * signature that does not match, or a malformed expiry is forged; a genuine one past its expiry is
 * expired (the citizen asks for a new link; nothing else is said).
 */
export function verifyLink(
  path: string,
  q: Partial<LinkQuery>,
  keyOf: (id: string) => LinkKey | undefined,
  now: Date,
): LinkVerdict {
  if (!q.e || !q.k || !q.s || !/^\d{1,12}$/.test(q.e)) return 'forged';
  const key = keyOf(q.k);
  if (!key) return 'forged';
  const expected = Buffer.from(mac(key, path, q.e));
  const given = Buffer.from(q.s);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return Number(q.e) * 1000 > now.getTime() ? 'valid' : 'expired';
}
