import { roleDefinitions } from '../../domain/access/roles.js';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { vi } from '../../domain/i18n/vi.js';
import { searchKey } from '../../domain/text/searchKey.js';
import { grantInForce } from '../access/grantsInForce.js';
import { recordAudits } from '../audit/auditLog.js';
import { activationPath, issueActivation, noPassword } from '../auth/activation.js';
import { inTransaction, type AppContext } from '../context.js';
import { problem } from '../problems.js';

export interface FirstAdmin {
  username: string;
  fullName: string;
  agencyCode: string;
  email?: string | undefined;
}

/**
 * The first system administrator of an installation, with no password anyone has seen: the
 * account and its grant are made, and a one-time activation link returned (the administrator sets
 * a password and enrols the second factor there). Refused once a system administrator exists.
 */
export function createFirstAdmin(
  ctx: AppContext,
  input: FirstAdmin,
): Promise<{ accountId: string; link: string; expiresAt: Date }> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const existing = await tx
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select('a.username')
      .where('g.role', '=', 'system_admin')
      .where('a.active', '=', true)
      .where(grantInForce('g', now))
      .executeTakeFirst();
    if (existing) throw problem('admin-exists', vi.detail.adminExists(existing.username));
    const agency = await tx
      .selectFrom('agency')
      .select(['code', 'kind'])
      .where('code', '=', input.agencyCode)
      .executeTakeFirst();
    if (!agency) throw problem('not-found', vi.detail.agencyNotFound(input.agencyCode));
    if (!roleDefinitions.system_admin.at.includes(agency.kind as AgencyKind))
      throw problem('grant-not-allowed', vi.grantProblem.role_not_at_agency_kind);
    const username = input.username.toLowerCase();
    if (await tx.selectFrom('account').select('id').where('username', '=', username).executeTakeFirst())
      throw problem('username-taken');
    const row = await tx
      .insertInto('account')
      .values({
        username,
        full_name: input.fullName,
        search_name: searchKey(`${input.fullName} ${username}`),
        agency_code: agency.code,
        position: null,
        phone: null,
        email: input.email ?? null,
        valid_from: vietnamDate(now),
        valid_to: null,
        password_hash: noPassword(),
        totp_secret: null,
        totp_pending_secret: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('role_grant')
      .values({ account_id: row.id, role: 'system_admin', agency_code: agency.code, valid_from: now })
      .execute();
    const { token, expiresAt } = await issueActivation(tx, ctx, row.id, null);
    const entry = {
      actorKind: 'system' as const,
      targetKind: 'account',
      targetId: row.id,
      agencyCode: agency.code,
    };
    await recordAudits(
      tx,
      [
        { ...entry, action: 'account.created', detail: { username, by: 'create-admin' } },
        { ...entry, action: 'grant.created', detail: { username, role: 'system_admin' } },
      ],
      now,
      { ip: null, requestId: 'cli:create-admin' },
    );
    return { accountId: row.id, link: `${ctx.settings.publicUrl ?? ''}${activationPath(token)}`, expiresAt };
  });
}
