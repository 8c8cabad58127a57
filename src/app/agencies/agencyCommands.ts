import type { Agency } from '../../domain/agencies/agency.js';
import type { RegisterRow } from '../../domain/agencies/register.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { terminalStatuses } from '../../domain/dossier/status.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { hasPermission, requireStaff } from '../access/require.js';
import type { RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { problem } from '../problems.js';
import { applyRegister, type RegisterEditor } from './agencyRegister.js';
import { getAgency, type AgencyDetail } from './getAgency.js';

/** The register's editor for a request: staff holding agency.manage somewhere (reach is checked per row). */
export async function registerEditor(ctx: AppContext, actor: Actor): Promise<RegisterEditor> {
  const staff = requireStaff(actor);
  const may = await inTransaction(ctx, (tx) => hasPermission(tx, staff, 'agency.manage', ctx.now()));
  if (!may) throw problem('forbidden');
  return { kind: 'staff', accountId: staff.accountId };
}

const rowOf = (a: Agency): RegisterRow => ({
  row: 1,
  cells: {
    code: a.code,
    name: a.name,
    kind: a.kind,
    parentCode: a.parentCode ?? '',
    adminUnitCode: a.adminUnitCode,
    validFrom: a.validFrom,
    validTo: a.validTo ?? '',
  },
});

/** One change through the register's rules; refused with its reasons as field errors. */
async function applyOne(
  ctx: AppContext,
  actor: Actor,
  agency: Agency,
  meta: RequestMeta,
  successor?: string,
): Promise<AgencyDetail> {
  const editor = await registerEditor(ctx, actor);
  const successors = successor ? new Map([[agency.code, successor]]) : undefined;
  const { plan } = await applyRegister(
    ctx,
    editor,
    [rowOf(agency)],
    { dryRun: false, source: 'api', ...(successors ? { successors } : {}) },
    meta,
  );
  if (plan.refused.length > 0) {
    const held = plan.refused.find((r) => r.reason === 'holds_dossiers');
    if (held) throw await holdsDossiers(ctx, agency.code, held.message);
    const outside = plan.refused.every((r) => r.reason === 'outside_reach');
    throw problem(
      outside ? 'outside-reach' : 'agency-invalid',
      plan.refused.map((r) => r.message).join('; '),
      plan.refused.map((r) => ({ field: `body.${r.field}`, message: r.message })),
    );
  }
  return getAgency(ctx, agency.code);
}

/** The refusal of a closing while dossiers are still held: each dossier named, to be moved first. */
async function holdsDossiers(ctx: AppContext, code: string, message: string) {
  const held = await ctx.db
    .selectFrom('dossier')
    .select('code')
    .where('agency_code', '=', code)
    .where('status', 'not in', [...terminalStatuses])
    .orderBy('code')
    .limit(100)
    .execute();
  return problem(
    'agency-holds-dossiers',
    message,
    held.map((d) => ({ field: 'dossiers', message: d.code })),
  );
}

export interface NewAgency {
  code: string;
  name: string;
  kind: Agency['kind'];
  parentCode: string | null;
  adminUnitCode: string;
  validFrom?: string | undefined;
}

/** Registers a new agency under a parent in the administrator's reach. */
export async function createAgency(ctx: AppContext, actor: Actor, input: NewAgency, meta: RequestMeta) {
  const exists = await ctx.db
    .selectFrom('agency')
    .select('code')
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (exists)
    throw problem('agency-invalid', vi.register.exists(input.code), [
      { field: 'body.code', message: vi.register.exists(input.code) },
    ]);
  return applyOne(
    ctx,
    actor,
    { ...input, validFrom: input.validFrom ?? vietnamDate(ctx.now()), validTo: null },
    meta,
  );
}

export interface AgencyPatch {
  name?: string | undefined;
  parentCode?: string | undefined;
  /** Closing: the last day is the day before this one. */
  validTo?: string | null | undefined;
  /** Merging: the agency that takes over (the closing day is validTo, today when not given). */
  mergeInto?: string | undefined;
}

/** Renames, moves, closes or merges an agency; the change is a new revision in its history. */
export async function patchAgency(
  ctx: AppContext,
  actor: Actor,
  code: string,
  patch: AgencyPatch,
  meta: RequestMeta,
): Promise<AgencyDetail> {
  const current = await getAgency(ctx, code);
  let validTo = patch.validTo === undefined ? current.validTo : patch.validTo;
  if (patch.mergeInto !== undefined) {
    const into = await getAgency(ctx, patch.mergeInto);
    const day = vietnamDate(ctx.now());
    if (into.code === code || (into.validTo !== null && into.validTo <= day))
      throw problem('agency-invalid', vi.register.mergeTarget, [
        { field: 'body.mergeInto', message: vi.register.mergeTarget },
      ]);
    validTo = validTo ?? day;
  }
  return applyOne(
    ctx,
    actor,
    {
      code,
      name: patch.name ?? current.name,
      kind: current.kind,
      parentCode: patch.parentCode ?? current.parentCode,
      adminUnitCode: current.adminUnit.code,
      validFrom: current.validFrom,
      validTo,
    },
    meta,
    patch.mergeInto,
  );
}
