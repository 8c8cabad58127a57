import { sql } from 'kysely';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import { checkBinding, isCommuneKind, type StepBinding } from '../../domain/catalog/binding.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { vi } from '../../domain/i18n/vi.js';
import { inForceOn } from '../../store/inForceOn.js';
import { latestTemplate } from './workflows.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, requireStaff, type StaffActor } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { invalidFields, problem } from '../problems.js';

const notFound = (detail: string) => problem('not-found', detail);
const invalid = (errors: { field: string; code: string }[]) =>
  invalidFields('binding-invalid', errors, vi.bindingProblem);

async function template(tx: Tx, code: string, version: number, caseCode: string): Promise<WorkflowStep[]> {
  return (await latestTemplate(tx, code, version, caseCode)).steps as WorkflowStep[];
}

async function unitOf(tx: Tx, unitCode: string, now: Date) {
  const unit = await tx
    .selectFrom('admin_unit')
    .select(['code', 'level', 'parent_code'])
    .where('code', '=', unitCode)
    .where(inForceOn('admin_unit', vietnamDate(now)))
    .executeTakeFirst();
  if (!unit) throw notFound(vi.detail.adminUnitNotFound(unitCode));
  return unit;
}

/**
 * Each agency a binding names must lie in the unit's area (a province's own or its communes'; a
 * commune's own or its province's) and within the administrator's reach.
 */
async function checkAgenciesInArea(
  tx: Tx,
  staff: StaffActor,
  unit: { code: string; level: string; parent_code: string | null },
  steps: readonly StepBinding[],
  now: Date,
): Promise<void> {
  for (const [i, b] of steps.entries()) {
    if (b.agencyCode === undefined) continue;
    const a = await tx
      .selectFrom('agency')
      .select(['admin_unit_code'])
      .where('code', '=', b.agencyCode)
      .executeTakeFirst();
    const inArea =
      a !== undefined &&
      (a.admin_unit_code === unit.code ||
        (unit.level === 'province' && (await unitOf(tx, a.admin_unit_code, now)).parent_code === unit.code) ||
        (unit.level === 'commune' && a.admin_unit_code === unit.parent_code));
    if (!inArea || !(await agencyInReach(tx, staff, 'binding.manage', b.agencyCode, now))) {
      throw invalid([{ field: `steps[${i}].agencyCode`, code: 'agency_outside_area' }]);
    }
  }
}

/**
 * Saves how a province (a rule for all its communes) or a commune (an override) performs a
 * workflow. The administrator must reach that unit's People's Committee: a commune administrator
 * can override their commune only, a province administrator can do both in their province only.
 */
export function saveBinding(
  ctx: AppContext,
  actor: Actor,
  code: string,
  version: number,
  unitCode: string,
  input: { caseCode: string; steps: StepBinding[] },
  meta: RequestMeta,
): Promise<{ revision: number }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const steps = await template(tx, code, version, input.caseCode);
    const unit = await unitOf(tx, unitCode, now);
    const committee = await tx
      .selectFrom('agency')
      .select('code')
      .where('admin_unit_code', '=', unitCode)
      .where('kind', 'in', ['province_committee', 'commune_committee'])
      .executeTakeFirst();
    if (!committee || !(await agencyInReach(tx, staff, 'binding.manage', committee.code, now))) {
      throw problem('outside-reach', vi.detail.areaOutsideReach);
    }
    const problems = checkBinding(steps, input.steps, unit.level);
    if (problems.length > 0) throw invalid(problems);
    await checkAgenciesInArea(tx, staff, unit, input.steps, now);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`binding:${code}:${version}:${input.caseCode}:${unitCode}`}))`.execute(
      tx,
    );
    const last = await tx
      .selectFrom('workflow_binding')
      .select((eb) => eb.fn.max('revision').as('r'))
      .where('procedure_code', '=', code)
      .where('version_no', '=', version)
      .where('case_code', '=', input.caseCode)
      .where('unit_code', '=', unitCode)
      .executeTakeFirst();
    const revision = (last?.r ?? 0) + 1;
    await tx
      .insertInto('workflow_binding')
      .values({
        procedure_code: code,
        version_no: version,
        case_code: input.caseCode,
        unit_code: unitCode,
        revision,
        steps: JSON.stringify(input.steps),
        saved_at: now,
        saved_by: staff.accountId,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'binding.saved',
        targetKind: 'procedure',
        targetId: code,
        agencyCode: committee.code,
        detail: { version, unit: unitCode, revision },
      },
      now,
      meta,
    );
    return { revision };
  });
}

export interface BoundStep {
  stepCode: string;
  name: string;
  role: WorkflowStep['role'];
  agency: { code: string; name: string } | null;
  hours: number;
  /** Where the binding came from: the commune's override, the province's rule, or nowhere. */
  source: 'commune' | 'province' | 'unbound';
}

/** Who performs each step for a dossier of a commune: its override, else its province's rule. */
export function resolveBinding(
  ctx: AppContext,
  actor: Actor,
  code: string,
  version: number,
  caseCode: string,
  communeCode: string,
): Promise<BoundStep[]> {
  requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, (tx) => resolveBindingIn(tx, code, version, caseCode, communeCode, now));
}

/** Who performs each step for a dossier of a commune, inside a transaction (intake, forwarding). */
export async function resolveBindingIn(
  tx: Tx,
  code: string,
  version: number,
  caseCode: string,
  communeCode: string,
  now: Date,
  /** The template's steps when the caller has read them already. */
  known?: WorkflowStep[],
): Promise<BoundStep[]> {
  const steps = known ?? (await template(tx, code, version, caseCode));
  const commune = await unitOf(tx, communeCode, now);
  if (commune.level !== 'commune' || !commune.parent_code) throw notFound(vi.detail.noCommune(communeCode));
  // Two reads for the whole plan: the rules in force for the commune and its province, then every
  // agency they may name (this commune's, the province's, and any named outright).
  const rows = await tx
    .selectFrom('workflow_binding')
    .select(['unit_code', 'steps'])
    .distinctOn('unit_code')
    .where('procedure_code', '=', code)
    .where('version_no', '=', version)
    .where('case_code', '=', caseCode)
    .where('unit_code', 'in', [communeCode, commune.parent_code])
    .orderBy('unit_code')
    .orderBy('revision', 'desc')
    .execute();
  const override = (rows.find((r) => r.unit_code === communeCode)?.steps ?? []) as StepBinding[];
  const rule = (rows.find((r) => r.unit_code === commune.parent_code)?.steps ?? []) as StepBinding[];
  const named = [...override, ...rule].flatMap((b) => (b.agencyCode ? [b.agencyCode] : []));
  const province = commune.parent_code;
  const agencies = await tx
    .selectFrom('agency')
    .select(['code', 'name', 'kind', 'admin_unit_code'])
    .where((eb) =>
      eb.or([eb('admin_unit_code', 'in', [communeCode, province]), eb('code', 'in', [...named, '-'])]),
    )
    .execute();
  const agencyOf = (b: StepBinding | undefined) => {
    const a = b?.agencyCode
      ? agencies.find((x) => x.code === b.agencyCode)
      : b?.agencyKind
        ? agencies.find(
            (x) =>
              x.kind === b.agencyKind &&
              x.admin_unit_code === (isCommuneKind(b.agencyKind as AgencyKind) ? communeCode : province),
          )
        : undefined;
    return a ? { code: a.code, name: a.name } : null;
  };
  const out: BoundStep[] = [];
  for (const s of steps) {
    const b = override.find((x) => x.stepCode === s.code) ?? rule.find((x) => x.stepCode === s.code);
    const source = override.some((x) => x.stepCode === s.code) ? 'commune' : b ? 'province' : 'unbound';
    out.push({
      stepCode: s.code,
      name: s.name,
      role: s.role,
      agency: agencyOf(b),
      hours: b?.hours ?? s.hours,
      source,
    });
  }
  return out;
}

export interface BindingView {
  unitCode: string;
  revision: number;
  steps: StepBinding[];
  savedAt: string;
}

/** The binding in force (latest revision) of a province or commune, or null when none was saved. */
export function getBinding(
  ctx: AppContext,
  actor: Actor,
  code: string,
  version: number,
  caseCode: string,
  unitCode: string,
): Promise<BindingView | null> {
  requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .selectFrom('workflow_binding')
      .select(['revision', 'steps', 'saved_at'])
      .where('procedure_code', '=', code)
      .where('version_no', '=', version)
      .where('case_code', '=', caseCode)
      .where('unit_code', '=', unitCode)
      .orderBy('revision', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row
      ? {
          unitCode,
          revision: row.revision,
          steps: row.steps as StepBinding[],
          savedAt: row.saved_at.toISOString(),
        }
      : null;
  });
}
