import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import type { Attestation, Criterion } from '../../contracts/readiness.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, hasNationalReach, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';

const forbidden = (detail: string) => problem('outside-reach', detail);
const notFound = (detail: string) => problem('not-found', detail);

/** The criteria set in its display order. */
export async function listCriteria(tx: Tx): Promise<Criterion[]> {
  return tx
    .selectFrom('readiness_criterion')
    .select(['code', 'name', 'description', 'kind', 'active'])
    .orderBy('position')
    .orderBy('code')
    .execute();
}

export function readinessCriteria(ctx: AppContext): Promise<Criterion[]> {
  return inTransaction(ctx, listCriteria);
}

/**
 * Adds a manual criterion or changes one (name, description, active). Only a system administrator
 * shapes the national criteria set; a built-in criterion can be switched off but not renamed into
 * something it does not compute.
 */
export function saveCriterion(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: { name?: string | undefined; description?: string | null | undefined; active: boolean },
  meta: RequestMeta,
): Promise<Criterion> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    if (!(await hasNationalReach(tx, staff, 'catalog.manage', now)))
      throw forbidden(vi.detail.onlySystemAdminCriteria);
    const existing = await tx
      .selectFrom('readiness_criterion')
      .select(['kind', 'name'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (existing?.kind === 'builtin' && input.name !== undefined && input.name !== existing.name) {
      throw problem('validation', undefined, [
        { field: 'body.name', message: vi.detail.automaticCriterionName },
      ]);
    }
    if (existing) {
      await tx
        .updateTable('readiness_criterion')
        .set({
          active: input.active,
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          updated_at: now,
          updated_by: staff.accountId,
        })
        .where('code', '=', code)
        .execute();
    } else {
      if (!input.name) {
        throw problem('validation', undefined, [
          { field: 'body.name', message: vi.detail.criterionNeedsName },
        ]);
      }
      const last = await tx
        .selectFrom('readiness_criterion')
        .select((eb) => eb.fn.max('position').as('p'))
        .executeTakeFirst();
      await tx
        .insertInto('readiness_criterion')
        .values({
          code,
          name: input.name,
          description: input.description ?? null,
          kind: 'manual',
          active: input.active,
          position: (last?.p ?? 0) + 1,
          updated_at: now,
          updated_by: staff.accountId,
        })
        .execute();
    }
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: existing ? 'readiness.criterion_changed' : 'readiness.criterion_added',
        targetKind: 'readiness_criterion',
        targetId: code,
        agencyCode: null,
        detail: { active: input.active, name: input.name ?? null },
      },
      now,
      meta,
    );
    const saved = (await listCriteria(tx)).find((c) => c.code === code);
    if (!saved) throw notFound(code);
    return saved;
  });
}

/** The province's People's Committee: attesting for a province needs binding rights there. */
async function requireProvinceReach(tx: Tx, actor: Actor, province: string, now: Date) {
  const staff = requireStaff(actor);
  const committee = await tx
    .selectFrom('agency')
    .select('code')
    .where('admin_unit_code', '=', province)
    .where('kind', '=', 'province_committee')
    .executeTakeFirst();
  if (!committee) throw notFound(vi.detail.noProvince(province));
  if (!(await agencyInReach(tx, staff, 'binding.manage', committee.code, now)))
    throw forbidden(vi.detail.provinceOutsideReach);
  return { staff, committee: committee.code };
}

/**
 * Ticks (or unticks) a manual criterion for a procedure in a province, with the evidence (a
 * document number, a test report…). Each tick is a new revision; the latest counts.
 */
export function attest(
  ctx: AppContext,
  actor: Actor,
  procedure: string,
  province: string,
  criterion: string,
  input: { met: boolean; evidence: string },
  meta: RequestMeta,
): Promise<Attestation> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { staff, committee } = await requireProvinceReach(tx, actor, province, now);
    const c = await tx
      .selectFrom('readiness_criterion')
      .select('kind')
      .where('code', '=', criterion)
      .executeTakeFirst();
    if (!c) throw notFound(vi.detail.noCriterion(criterion));
    if (c.kind !== 'manual') {
      throw problem('validation', undefined, [
        {
          field: 'params.criterion',
          message: vi.detail.automaticCriterion,
        },
      ]);
    }
    const p = await tx
      .selectFrom('procedure')
      .select('code')
      .where('code', '=', procedure)
      .executeTakeFirst();
    if (!p) throw notFound(vi.detail.noProcedure(procedure));
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`attest:${procedure}:${province}:${criterion}`}))`.execute(
      tx,
    );
    const last = await tx
      .selectFrom('readiness_attestation')
      .select((eb) => eb.fn.max('revision').as('r'))
      .where('procedure_code', '=', procedure)
      .where('province_code', '=', province)
      .where('criterion_code', '=', criterion)
      .executeTakeFirst();
    const revision = (last?.r ?? 0) + 1;
    await tx
      .insertInto('readiness_attestation')
      .values({
        procedure_code: procedure,
        province_code: province,
        criterion_code: criterion,
        revision,
        met: input.met,
        evidence: input.evidence,
        attested_at: now,
        attested_by: staff.accountId,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'readiness.attested',
        targetKind: 'procedure',
        targetId: procedure,
        agencyCode: committee,
        detail: { province, criterion, met: input.met, revision },
      },
      now,
      meta,
    );
    return {
      criterionCode: criterion,
      revision,
      met: input.met,
      evidence: input.evidence,
      attestedAt: now.toISOString(),
      attestedBy: staff.username,
    };
  });
}

/** Every tick of a procedure in a province, newest first, with who ticked it. */
export function listAttestations(
  ctx: AppContext,
  actor: Actor,
  procedure: string,
  province: string,
): Promise<Attestation[]> {
  requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const rows = await tx
      .selectFrom('readiness_attestation as r')
      .leftJoin('account as a', 'a.id', 'r.attested_by')
      .select(['r.criterion_code', 'r.revision', 'r.met', 'r.evidence', 'r.attested_at', 'a.username'])
      .where('r.procedure_code', '=', procedure)
      .where('r.province_code', '=', province)
      .orderBy('r.attested_at', 'desc')
      .orderBy('r.revision', 'desc')
      .execute();
    return rows.map((r) => ({
      criterionCode: r.criterion_code,
      revision: r.revision,
      met: r.met,
      evidence: r.evidence,
      attestedAt: r.attested_at.toISOString(),
      attestedBy: r.username,
    }));
  });
}
