import { randomBytes } from 'node:crypto';
import type { ClientScope } from '../../domain/access/roles.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { sha256 } from '../access/apiClients.js';
import { hasPermission, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { problem } from '../problems.js';

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
