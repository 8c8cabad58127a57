import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import type { Role } from '../../domain/access/roles.js';
import { localKinds } from '../../domain/agencies/agency.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import type { ReceiptReach } from '../../domain/catalog/procedureVersion.js';
import type { Tx } from '../context.js';
import type { HandlingConfig } from './handlingConfig.js';
import type { PlannedStep } from '../../domain/dossier/plan.js';
import { someoneHolds } from './dossierRow.js';
import { problem } from '../problems.js';

/** The facts of a dossier that decide where it may be moved. */
export interface MoveContext {
  procedureCode: string;
  versionNo: number;
  caseCode: string;
  communeCode: string;
  plan: readonly PlannedStep[];
  steps: WorkflowStep[];
  interAgencyPartners: readonly string[];
}

const refusedTarget = (field: string, message: string) =>
  problem('move-target-invalid', message, [{ field, message }]);

/**
 * Where a move may take a dossier (the rule that makes a free agency code impossible): the step's
 * planned agency, the agency the binding in force names for that step (a commune override or the
 * province's rule), and, for a consultation, the procedure version's declared inter-agency
 * partners. Anything else — an unknown code, another province's agency, a ministry — is refused
 * with the field named; a move somewhere unplanned is the leader's `transfer`, not a parameter.
 */
export async function moveTarget(
  config: HandlingConfig,
  m: MoveContext,
  kind: 'forward' | 'return_to_step' | 'consult',
  toStep: string,
  given: string | undefined,
  now: Date,
): Promise<string> {
  const planned = m.plan.find((p) => p.stepCode === toStep)?.agencyCode ?? null;
  if (given === undefined || given === planned) {
    if (!planned) throw problem('step-unbound', vi.detail.stepUnbound(toStep));
    return planned;
  }
  const allowed = new Set<string>();
  if (m.steps.some((s) => s.code === toStep)) {
    const bound = await config.binding(
      m.procedureCode,
      m.versionNo,
      m.caseCode,
      m.communeCode,
      vietnamDate(now),
      now,
      m.steps,
    );
    const b = bound.find((x) => x.stepCode === toStep)?.agency?.code;
    if (b) allowed.add(b);
  }
  if (kind === 'consult') m.interAgencyPartners.forEach((p) => allowed.add(p.trim()));
  if (!allowed.has(given))
    throw refusedTarget(
      'body.agencyCode',
      kind === 'consult' ? vi.detail.notStepOrPartner(given, toStep) : vi.detail.notStepAgency(given, toStep),
    );
  return given;
}

/**
 * The competent agency a leader transfers a dossier to: an agency that exists and where someone
 * active holds the role the dossier will wait for, so a transfer never strands it.
 */
export async function transferTarget(
  tx: Tx,
  agencyCode: string,
  needed: Role | null,
  now: Date,
  dossier: { communeCode: string; competentKinds: readonly string[]; crossBoundary: ReceiptReach },
): Promise<string> {
  const { rows } = await sql<{ kind: string; province: string | null; dossierProvince: string | null }>`
    SELECT a.kind,
      (SELECT coalesce(u.parent_code, u.code) FROM admin_unit u WHERE u.code = a.admin_unit_code AND u.valid_to IS NULL) AS province,
      (SELECT u.parent_code FROM admin_unit u WHERE u.code = ${dossier.communeCode} AND u.valid_to IS NULL) AS "dossierProvince"
    FROM agency a WHERE a.code = ${agencyCode}`.execute(tx);
  const agency = rows[0];
  if (!agency) throw refusedTarget('body.agencyCode', vi.detail.agencyNotFound(agencyCode));
  // A transfer goes to a body that can be competent: local government or a kind the procedure
  // names, and within the province unless the procedure is received across boundaries.
  if (
    !(localKinds as readonly string[]).includes(agency.kind) &&
    !dossier.competentKinds.includes(agency.kind)
  )
    throw refusedTarget('body.agencyCode', vi.detail.notCompetentKind(agencyCode));
  if (dossier.crossBoundary !== 'country' && agency.province !== agency.dossierProvince)
    throw refusedTarget('body.agencyCode', vi.detail.notCrossBoundary);
  if (needed) {
    const { rows } = await sql<{ ok: boolean }>`
      SELECT ${someoneHolds(sql`${agencyCode}::text`, sql`${needed}::text`, now)} AS ok`.execute(tx);
    if (!rows[0]?.ok) throw refusedTarget('body.agencyCode', vi.detail.wouldOrphan(agencyCode));
  }
  return agencyCode;
}
