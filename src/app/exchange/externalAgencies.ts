import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { requireOperator } from '../integrations/requireOperator.js';
import { problem } from '../problems.js';

export interface ExchangeSystemView {
  code: string;
  name: string;
  /** The agencies that work in this system: consultations asked of them go there. */
  agencies: { code: string; name: string }[];
}

/** The systems reached through the exchange platform, with the agencies that work in each. */
export async function listExchangeSystems(ctx: AppContext, actor: Actor): Promise<ExchangeSystemView[]> {
  await requireOperator(ctx, actor);
  return inTransaction(ctx, async (tx) => {
    const systems = await tx.selectFrom('exchange_system').select(['code', 'name']).orderBy('code').execute();
    const agencies = await tx
      .selectFrom('external_agency as e')
      .innerJoin('agency as a', 'a.code', 'e.agency_code')
      .select(['e.system', 'a.code', 'a.name'])
      .orderBy('a.code')
      .execute();
    return systems.map((s) => ({
      ...s,
      agencies: agencies.filter((a) => a.system === s.code).map((a) => ({ code: a.code, name: a.name })),
    }));
  });
}

/**
 * Says that an agency works in another system (a tax office in the tax authority's), or no longer:
 * consultations asked of it from then on go through the exchange. System administrators only;
 * audited with what it was before.
 */
export async function setExternalSystem(
  ctx: AppContext,
  actor: Actor,
  agencyCode: string,
  system: string | null,
  meta: RequestMeta,
): Promise<{ agencyCode: string; system: string | null }> {
  const staff = await requireOperator(ctx, actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const agency = await tx
      .selectFrom('agency')
      .select('code')
      .where('code', '=', agencyCode)
      .executeTakeFirst();
    if (!agency) throw problem('not-found', vi.detail.agencyNotFound(agencyCode));
    if (system !== null) {
      const known = await tx
        .selectFrom('exchange_system')
        .select('code')
        .where('code', '=', system)
        .executeTakeFirst();
      if (!known)
        throw problem('validation', vi.detail.unknownExchangeSystem(system), [
          { field: 'body.system', message: vi.detail.unknownExchangeSystem(system) },
        ]);
    }
    const before = await tx
      .selectFrom('external_agency')
      .select('system')
      .where('agency_code', '=', agencyCode)
      .executeTakeFirst();
    if (system === null)
      await tx.deleteFrom('external_agency').where('agency_code', '=', agencyCode).execute();
    else
      await tx
        .insertInto('external_agency')
        .values({ agency_code: agencyCode, system, set_at: now, set_by: staff.accountId })
        .onConflict((oc) =>
          oc.column('agency_code').doUpdateSet({ system, set_at: now, set_by: staff.accountId }),
        )
        .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'agency.exchange_system',
        targetKind: 'agency',
        targetId: agencyCode,
        agencyCode,
        detail: { system, before: before?.system ?? null },
      },
      now,
      meta,
    );
    return { agencyCode, system };
  });
}
