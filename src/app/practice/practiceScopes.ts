import { sql } from 'kysely';
import { vi } from '../../domain/i18n/vi.js';
import type { PracticeScopeView } from '../../contracts/practice.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, requireStaff, type StaffActor } from '../access/require.js';
import { reachableAgencies } from '../access/reach.js';
import { grantInForce } from '../access/grantsInForce.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { problem } from '../problems.js';

/** The area administrator of an agency (binding.manage over it) keeps its practice: else 403. */
export async function requirePracticeKeeper(
  tx: Tx,
  staff: StaffActor,
  agencyCode: string,
  now: Date,
): Promise<void> {
  if (!(await agencyInReach(tx, staff, 'binding.manage', agencyCode, now)))
    throw problem('outside-reach', vi.practice.outsideReach);
}

/**
 * Where practice is open that the caller may know of: the agencies they keep (area
 * administrators) and those where they hold a role (the officials who practise there), with how
 * many practice dossiers each agency holds.
 */
export function listPractice(
  ctx: AppContext,
  actor: Actor,
): Promise<{ scopes: PracticeScopeView[]; agencies: { code: string; name: string; dossiers: number }[] }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const kept = reachableAgencies(staff.accountId, 'binding.manage', now);
    const { rows } = await sql<{
      agency_code: string;
      agency_name: string;
      procedure_code: string;
      procedure_name: string;
      opened_at: Date;
      opened_by: string | null;
      keeper: boolean;
    }>`
      SELECT s.agency_code, a.name AS agency_name, s.procedure_code, p.name AS procedure_name,
        s.opened_at, o.full_name AS opened_by, s.agency_code IN ${kept} AS keeper
      FROM practice_scope s
      JOIN agency a ON a.code = s.agency_code
      JOIN procedure p ON p.code = s.procedure_code
      LEFT JOIN account o ON o.id = s.opened_by
      WHERE s.agency_code IN ${kept}
         OR EXISTS (SELECT 1 FROM role_grant g WHERE g.account_id = ${staff.accountId}::uuid
                    AND g.agency_code = s.agency_code AND ${grantInForce('g', now)})
      ORDER BY a.name, p.code`.execute(tx);
    const codes = [...new Set(rows.map((r) => r.agency_code))];
    const { rows: counts } = await sql<{ code: string; n: number }>`
      SELECT received_by_agency AS code, count(*)::int AS n FROM dossier
      WHERE practice AND received_by_agency = ANY(${codes}::text[]) GROUP BY received_by_agency`.execute(tx);
    const held = new Map(counts.map((c) => [c.code, c.n]));
    return {
      scopes: rows.map((r) => ({
        agency: { code: r.agency_code, name: r.agency_name },
        procedure: { code: r.procedure_code, name: r.procedure_name },
        openedAt: r.opened_at.toISOString(),
        openedBy: r.opened_by,
        canManage: r.keeper,
      })),
      agencies: codes.map((code) => ({
        code,
        name: rows.find((r) => r.agency_code === code)?.agency_name ?? code,
        dossiers: held.get(code) ?? 0,
      })),
    };
  });
}

/** Opens practice of a procedure at an agency (again: nothing changes). Audited. */
export function openPractice(
  ctx: AppContext,
  actor: Actor,
  scope: { agencyCode: string; procedureCode: string },
  meta: RequestMeta,
): Promise<{ opened: boolean }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await requirePracticeKeeper(tx, staff, scope.agencyCode, now);
    const inForce = await tx
      .selectFrom('procedure_version')
      .select('version_no')
      .where('procedure_code', '=', scope.procedureCode)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (!inForce)
      throw problem('unknown-procedure', vi.practice.unknownProcedure(scope.procedureCode), [
        { field: 'body.procedureCode', message: vi.detail.noProcedureInForce },
      ]);
    const opened = await tx
      .insertInto('practice_scope')
      .values({
        agency_code: scope.agencyCode,
        procedure_code: scope.procedureCode,
        opened_at: now,
        opened_by: staff.accountId,
      })
      .onConflict((oc) => oc.columns(['agency_code', 'procedure_code']).doNothing())
      .returning('agency_code')
      .executeTakeFirst();
    if (opened)
      await recordAudit(
        tx,
        {
          actorKind: 'staff',
          actorId: staff.accountId,
          action: 'practice.open',
          targetKind: 'practice',
          targetId: `${scope.agencyCode}/${scope.procedureCode}`,
          agencyCode: scope.agencyCode,
          detail: scope,
        },
        now,
        meta,
      );
    return { opened: opened !== undefined };
  });
}

/** Closes practice of a procedure at an agency: its practice dossiers stay until wiped. Audited. */
export function closePractice(
  ctx: AppContext,
  actor: Actor,
  scope: { agencyCode: string; procedureCode: string },
  meta: RequestMeta,
): Promise<{ closed: boolean }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await requirePracticeKeeper(tx, staff, scope.agencyCode, now);
    const closed = await tx
      .deleteFrom('practice_scope')
      .where('agency_code', '=', scope.agencyCode)
      .where('procedure_code', '=', scope.procedureCode)
      .returning('agency_code')
      .executeTakeFirst();
    if (closed)
      await recordAudit(
        tx,
        {
          actorKind: 'staff',
          actorId: staff.accountId,
          action: 'practice.close',
          targetKind: 'practice',
          targetId: `${scope.agencyCode}/${scope.procedureCode}`,
          agencyCode: scope.agencyCode,
          detail: scope,
        },
        now,
        meta,
      );
    return { closed: closed !== undefined };
  });
}
