import { vi } from '../../domain/i18n/vi.js';
import {
  defaultMode,
  receivedCentrally,
  routeAt,
  type RouteMode,
} from '../../domain/catalog/deploymentRoute.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { inForceOn } from '../../store/inForceOn.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { grantInForce } from '../access/grantsInForce.js';
import { gapMessage, strandingGaps, type StrandingGap } from './goLiveGate.js';
import { problem } from '../problems.js';

export interface RouteView {
  provinceCode: string;
  provinceName: string;
  mode: RouteMode;
  effectiveFrom: string | null;
  /** Scheduled changes not yet in force. */
  upcoming: { mode: RouteMode; effectiveFrom: string }[];
}

const notFound = (detail: string) => problem('not-found', detail);

async function ministryOf(tx: Tx, code: string): Promise<string> {
  const p = await tx
    .selectFrom('procedure')
    .select('ministry_code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!p) throw notFound(vi.detail.noProcedure(code));
  return p.ministry_code;
}

/** The route of a procedure in every province, as in force now, with changes scheduled ahead. */
export function listRoutes(ctx: AppContext, code: string): Promise<RouteView[]> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await ministryOf(tx, code);
    const provinces = await tx
      .selectFrom('admin_unit')
      .select(['code', 'name'])
      .where('level', '=', 'province')
      .where(inForceOn('admin_unit', vietnamDate(now)))
      .orderBy('code')
      .execute();
    const entries = await tx
      .selectFrom('deployment_route')
      .selectAll()
      .where('procedure_code', '=', code)
      .execute();
    return provinces.map((p) => {
      const history = entries
        .filter((e) => e.province_code === p.code)
        .map((e) => ({ mode: e.mode, effectiveFrom: e.effective_from }));
      const current = routeAt(history, now);
      return {
        provinceCode: p.code,
        provinceName: p.name,
        mode: current?.mode ?? defaultMode,
        effectiveFrom: current?.effectiveFrom.toISOString() ?? null,
        upcoming: history
          .filter((h) => h.effectiveFrom > now)
          .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())
          .map((h) => ({ mode: h.mode, effectiveFrom: h.effectiveFrom.toISOString() })),
      };
    });
  });
}

/** A route change as asked: the mode from an instant; an override of the go-live gate in writing. */
export interface RouteChange {
  mode: RouteMode;
  effectiveFrom?: string | undefined;
  note?: string | undefined;
  /** A ministry leader's written decision to switch although the gate found gaps. */
  override?: { reason: string } | undefined;
}

/**
 * Schedules a route change for one province, from now or a later instant: history is only added
 * to, never rewritten, so dossiers already received stay where they are. The owning ministry's
 * administrators (or a system administrator) decide routes. A switch to central reception passes
 * the go-live gate: when some commune's dossiers would wait at an agency where nobody holds the
 * step's role on that day, it is refused with the list, unless a leader of the ministry overrides
 * it with a written reason (kept with the route, audited, shown on the readiness board).
 */
export function setRoute(
  ctx: AppContext,
  actor: Actor,
  code: string,
  provinceCode: string,
  input: RouteChange,
  meta: RequestMeta,
): Promise<void> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const from = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
  return inTransaction(ctx, async (tx) => {
    const ministry = await ministryOf(tx, code);
    const leader = await leadsMinistry(tx, staff.accountId, ministry, now);
    const manages = await agencyInReach(tx, staff, 'catalog.manage', ministry, now);
    // The ministry's administrators set routes; its leaders only decide a switch the gate refuses.
    if (!manages && !leader) throw problem('outside-reach', vi.detail.onlyMinistryRoutes);
    await checkProvince(tx, provinceCode);
    if (from.getTime() < now.getTime() - 60_000)
      throw problem('route-in-past', undefined, [
        { field: 'body.effectiveFrom', message: vi.detail.routeInPast },
      ]);
    const gaps = receivedCentrally(input.mode) ? await strandingGaps(tx, code, provinceCode, from) : [];
    if (gaps.length > 0 && !input.override) throw wouldStrand(gaps);
    if (gaps.length > 0 && !leader) throw problem('override-not-allowed', vi.detail.overrideByMinistryLeader);
    if (gaps.length === 0 && !manages) throw problem('outside-reach', vi.detail.onlyMinistryRoutes);
    const override = gaps.length > 0 && input.override ? input.override : null;
    await saveRoute(
      tx,
      code,
      provinceCode,
      from,
      input,
      override ? { ...override, gaps } : null,
      staff.accountId,
      now,
    );
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: override ? 'route.override' : 'route.set',
        targetKind: 'procedure',
        targetId: code,
        agencyCode: ministry,
        detail: {
          province: provinceCode,
          mode: input.mode,
          effectiveFrom: from.toISOString(),
          ...(override ? { reason: override.reason, gaps: gaps.length } : {}),
        },
      },
      now,
      meta,
    );
  });
}

async function checkProvince(tx: Tx, provinceCode: string): Promise<void> {
  const province = await tx
    .selectFrom('admin_unit')
    .select('code')
    .where('code', '=', provinceCode)
    .where('level', '=', 'province')
    .executeTakeFirst();
  if (!province) throw notFound(vi.detail.noProvince(provinceCode));
}

/** Whether the account holds, now, the leader's role at the ministry itself. */
async function leadsMinistry(tx: Tx, accountId: string, ministry: string, now: Date): Promise<boolean> {
  const row = await tx
    .selectFrom('role_grant as g')
    .select('g.id')
    .where('g.account_id', '=', accountId)
    .where('g.role', '=', 'leader')
    .where('g.agency_code', '=', ministry)
    .where(grantInForce('g', now))
    .executeTakeFirst();
  return row !== undefined;
}

/** The gate's refusal: each gap named (agency and missing role, or the step landing nowhere). */
const wouldStrand = (gaps: StrandingGap[]) =>
  problem(
    'would-strand',
    vi.detail.wouldStrand(gaps.filter((g) => g.agencyCode).length, gaps.filter((g) => !g.agencyCode).length),
    gaps.map((g) => ({
      field: g.agencyCode ?? `step:${g.stepCode}`,
      message: gapMessage(g),
    })),
  );

async function saveRoute(
  tx: Tx,
  code: string,
  provinceCode: string,
  from: Date,
  input: RouteChange,
  override: { reason: string; gaps: StrandingGap[] } | null,
  by: string,
  now: Date,
): Promise<void> {
  const values = {
    mode: input.mode,
    note: input.note ?? null,
    set_at: now,
    set_by: by,
    override_reason: override?.reason ?? null,
    override_by: override ? by : null,
    override_gaps: override ? JSON.stringify(override.gaps) : null,
  };
  await tx
    .insertInto('deployment_route')
    .values({ procedure_code: code, province_code: provinceCode, effective_from: from, ...values })
    .onConflict((oc) => oc.columns(['procedure_code', 'province_code', 'effective_from']).doUpdateSet(values))
    .execute();
}

export interface ResolvedRoute {
  procedureCode: string;
  communeCode: string;
  provinceCode: string;
  mode: RouteMode;
  /** Whether this system receives the dossier; otherwise it belongs to the province's system. */
  central: boolean;
  effectiveFrom: string | null;
}

/** Where a dossier for procedure P from commune X submitted at T goes (for intake and the portal). */
export function resolveRoute(
  ctx: AppContext,
  code: string,
  communeCode: string,
  at: Date,
): Promise<ResolvedRoute> {
  return inTransaction(ctx, (tx) => routeIn(tx, code, communeCode, at));
}

/** The route in force for a procedure in a commune's province at an instant, inside a transaction. */
export async function routeIn(tx: Tx, code: string, communeCode: string, at: Date): Promise<ResolvedRoute> {
  await ministryOf(tx, code);
  const commune = await tx
    .selectFrom('admin_unit')
    .select('parent_code')
    .where('code', '=', communeCode)
    .where('level', '=', 'commune')
    .where(inForceOn('admin_unit', vietnamDate(at)))
    .executeTakeFirst();
  if (!commune?.parent_code) throw notFound(vi.detail.noCommuneThen(communeCode));
  return routeFrom(await routeHistory(tx, code, commune.parent_code), code, communeCode, at);
}

/** Every route entry of a procedure in a province, past and scheduled: what routeFrom reads. */
export async function routeHistory(tx: Tx, code: string, provinceCode: string): Promise<ProvinceRoutes> {
  const rows = await tx
    .selectFrom('deployment_route')
    .select(['mode', 'effective_from'])
    .where('procedure_code', '=', code)
    .where('province_code', '=', provinceCode)
    .execute();
  return { provinceCode, history: rows.map((r) => ({ mode: r.mode, effectiveFrom: r.effective_from })) };
}

export interface ProvinceRoutes {
  provinceCode: string;
  history: { mode: RouteMode; effectiveFrom: Date }[];
}

/** The route in force at an instant, from a province's route history. */
export function routeFrom(
  routes: ProvinceRoutes,
  code: string,
  communeCode: string,
  at: Date,
): ResolvedRoute {
  const entry = routeAt(routes.history, at);
  const mode = entry?.mode ?? defaultMode;
  return {
    procedureCode: code,
    communeCode,
    provinceCode: routes.provinceCode,
    mode,
    central: receivedCentrally(mode),
    effectiveFrom: entry?.effectiveFrom.toISOString() ?? null,
  };
}
