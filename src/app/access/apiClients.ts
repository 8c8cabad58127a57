import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientScope } from '../../domain/access/roles.js';
import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { type AppContext, type Tx } from '../context.js';
import type { Actor } from './actor.js';
import { problem } from '../problems.js';

/** The SHA-256 of a key: all that is kept of it. */
export const sha256 = (v: string): Buffer => createHash('sha256').update(v).digest();
/** `mc_<8-char prefix>_<secret>`: the prefix finds the row, the whole key is compared by hash. */
const keyPattern = /^mc_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/;

/** The client behind an API key, or null (unknown, wrong secret, deactivated). */
export async function authenticateClient(
  ctx: AppContext,
  key: string,
): Promise<Extract<Actor, { kind: 'client' }> | null> {
  const m = keyPattern.exec(key);
  if (!m) return null;
  const row = await ctx.db
    .selectFrom('api_client')
    .selectAll()
    .where('key_prefix', '=', m[1] as string)
    .executeTakeFirst();
  const given = sha256(key);
  const stored = row ? Buffer.from(row.key_hash, 'hex') : sha256('no such client');
  if (!row || !row.active || stored.length !== given.length || !timingSafeEqual(stored, given)) return null;
  const now = ctx.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await ctx.db.updateTable('api_client').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    kind: 'client',
    clientId: row.id,
    name: row.name,
    scopes: row.scopes as ClientScope[],
    agencyCode: row.agency_code,
  };
}

/**
 * A client registered for an agency acts only there and in that agency's administrative area (a
 * province's adapter for its province and communes); a client registered for none (the national
 * portal) acts everywhere. Anything else answers 403 naming the agency.
 */
export async function withinClientRegistration(
  tx: Tx,
  client: Extract<Actor, { kind: 'client' }>,
  agencyCode: string,
): Promise<void> {
  if (client.agencyCode === null || client.agencyCode === agencyCode) return;
  const { rows } = await sql<{ ok: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM agency t, agency c
      WHERE t.code = ${agencyCode} AND c.code = ${client.agencyCode}
        AND (t.admin_unit_code = c.admin_unit_code
             OR t.admin_unit_code IN (SELECT u.code FROM admin_unit u WHERE u.parent_code = c.admin_unit_code))
    ) AS ok`.execute(tx);
  if (!rows[0]?.ok)
    throw problem('outside-client-registration', agencyCode, [
      { field: 'body.agencyCode', message: vi.problem.outsideClientRegistration },
    ]);
}

/** A machine client's call needs its scope; anything else (staff, citizens, anonymous) is refused. */
export function requireClientScope(actor: Actor, scope: ClientScope): Extract<Actor, { kind: 'client' }> {
  if (actor.kind !== 'client') throw problem('invalid-api-key');
  if (!actor.scopes.includes(scope)) throw problem('scope-missing', scope);
  return actor;
}
