import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClientScope } from '../../domain/access/roles.js';
import { vi } from '../../domain/i18n/vi.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { sql } from 'kysely';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import type { Actor } from './actor.js';
import { hasPermission, requireStaff } from './require.js';
import { problem } from '../problems.js';

const sha256 = (v: string): Buffer => createHash('sha256').update(v).digest();
/** `mc_<8-char prefix>_<secret>`: the prefix finds the row, the whole key is compared by hash. */
const keyPattern = /^mc_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/;

export interface ApiClientView {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  agencyCode: string | null;
  active: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}

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

async function requireClientManager(ctx: AppContext, actor: Actor) {
  const staff = requireStaff(actor);
  const allowed = await inTransaction(ctx, (tx) => hasPermission(tx, staff, 'client.manage', ctx.now()));
  if (!allowed) throw problem('forbidden');
  return staff;
}

/** Registers a machine client; its key is returned once and only its hash is kept. */
export async function createApiClient(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; scopes: ClientScope[]; agencyCode?: string | null | undefined },
  meta: RequestMeta,
): Promise<{ id: string; key: string }> {
  const staff = await requireClientManager(ctx, actor);
  const prefix = randomBytes(6).toString('base64url');
  const key = `mc_${prefix}_${randomBytes(32).toString('base64url')}`;
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const taken = await tx
      .selectFrom('api_client')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (taken) throw problem('client-name-taken');
    if (input.agencyCode) {
      const agency = await tx
        .selectFrom('agency')
        .select('code')
        .where('code', '=', input.agencyCode)
        .executeTakeFirst();
      if (!agency)
        throw problem('validation', undefined, [
          { field: 'body.agencyCode', message: vi.detail.agencyNotFound(input.agencyCode) },
        ]);
    }
    const row = await tx
      .insertInto('api_client')
      .values({
        name: input.name,
        key_prefix: prefix,
        key_hash: sha256(key).toString('hex'),
        scopes: input.scopes,
        agency_code: input.agencyCode ?? null,
        created_at: now,
        created_by: staff.accountId,
        last_used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'client.created',
        targetKind: 'api_client',
        targetId: row.id,
        detail: { name: input.name, scopes: input.scopes },
      },
      now,
      meta,
    );
    return { id: row.id, key };
  });
}

export async function listApiClients(ctx: AppContext, actor: Actor): Promise<ApiClientView[]> {
  await requireClientManager(ctx, actor);
  const rows = await ctx.db.selectFrom('api_client').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    keyPrefix: r.key_prefix,
    scopes: r.scopes,
    agencyCode: r.agency_code,
    active: r.active,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  }));
}

/** Revokes (or restores) a client's key; revocation applies to its very next request. */
export async function setApiClientActive(
  ctx: AppContext,
  actor: Actor,
  id: string,
  active: boolean,
  meta: RequestMeta,
): Promise<void> {
  const staff = await requireClientManager(ctx, actor);
  await inTransaction(ctx, async (tx) => {
    const r = await tx
      .updateTable('api_client')
      .set({ active })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw problem('not-found');
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: active ? 'client.activated' : 'client.revoked',
        targetKind: 'api_client',
        targetId: id,
      },
      ctx.now(),
      meta,
    );
  });
}

/**
 * A key for a machine client the system itself runs (the local portal simulator pushing online
 * dossiers): the client is created, or its key replaced, at start-up; audited as the system.
 */
export async function issueSystemClientKey(
  ctx: AppContext,
  name: string,
  scopes: ClientScope[],
): Promise<string> {
  const prefix = randomBytes(6).toString('base64url');
  const key = `mc_${prefix}_${randomBytes(32).toString('base64url')}`;
  const now = ctx.now();
  await inTransaction(ctx, async (tx) => {
    const row = await tx
      .insertInto('api_client')
      .values({
        name,
        key_prefix: prefix,
        key_hash: sha256(key).toString('hex'),
        scopes,
        agency_code: null,
        created_at: now,
        created_by: null,
        last_used_at: null,
      })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ key_prefix: prefix, key_hash: sha256(key).toString('hex'), scopes, active: true }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      tx,
      {
        actorKind: 'system',
        action: 'client.key_issued',
        targetKind: 'api_client',
        targetId: row.id,
        detail: { name, scopes },
      },
      now,
      { ip: null, requestId: null },
    );
  });
  return key;
}
