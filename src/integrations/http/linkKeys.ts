import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import { signLink, verifyLink, type LinkKey, type LinkQuery, type LinkVerdict } from './signedLink.js';

/** How long a link given to the portal opens (LINK_VALID_DAYS; 30 days by default). */
export const defaultLinkValidityMs = 30 * 86_400_000;

interface KeyRow {
  key: LinkKey;
  createdAt: Date;
  verifiesUntil: Date | null;
}

/**
 * The system's link keys, shared by every node through the database: the newest signs; each key
 * verifies until it is replaced and its last links have expired. Read at most every few seconds
 * (a link naming an unknown key does not make every request read the table).
 */
export class LinkKeys {
  private rows: KeyRow[] = [];
  private readAt = 0;
  private forcedAt = 0;

  constructor(
    private readonly db: Kysely<Schema>,
    readonly validityMs = defaultLinkValidityMs,
  ) {}

  private async load(force: boolean): Promise<KeyRow[]> {
    if (!force && Date.now() - this.readAt < 60_000 && this.rows.length > 0) return this.rows;
    // A key made on another node is looked for at once, but at most every 2 s (forged key ids).
    if (force && Date.now() - this.forcedAt < 2_000) return this.rows;
    if (force) this.forcedAt = Date.now();
    const rows = await this.db
      .selectFrom('link_signing_key')
      .selectAll()
      .orderBy('created_at', 'desc')
      .execute();
    this.rows = rows.map((r) => ({
      key: { id: r.id, secret: Buffer.from(r.secret) },
      createdAt: r.created_at,
      verifiesUntil: r.verifies_until,
    }));
    this.readAt = Date.now();
    return this.rows;
  }

  /** The key that signs now; the first one is made on first use (by whichever node comes first). */
  private async current(): Promise<LinkKey> {
    const signing = (await this.load(false)).find((r) => r.verifiesUntil === null);
    if (signing) return signing.key;
    await this.db
      .insertInto('link_signing_key')
      .values({ id: newKeyId(), secret: randomBytes(32), created_at: new Date() })
      .execute();
    this.readAt = 0;
    const made = (await this.load(false)).find((r) => r.verifiesUntil === null);
    if (!made) throw new Error('no link signing key');
    return made.key;
  }

  /** Signs links to paths that open until now + the validity (one key read for many links). */
  async signer(now: Date): Promise<(path: string) => string> {
    const key = await this.current();
    const expires = new Date(now.getTime() + this.validityMs);
    return (path) => signLink(path, expires, key);
  }

  async verify(path: string, q: Partial<LinkQuery>, now: Date): Promise<LinkVerdict> {
    const usable = (rows: KeyRow[]) => (id: string) =>
      rows.find((r) => r.key.id === id && (r.verifiesUntil === null || r.verifiesUntil > now))?.key;
    let rows = await this.load(false);
    if (q.k && !rows.some((r) => r.key.id === q.k)) rows = await this.load(true);
    return verifyLink(path, q, usable(rows), now);
  }
}

/** A new key's id: short, random, printed in every link it signs. */
export const newKeyId = () => randomBytes(6).toString('base64url');
