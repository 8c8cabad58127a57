import { sql } from 'kysely';
import type { ProcessingTime, VersionContent } from '../../domain/catalog/procedureVersion.js';
import {
  allottedHours,
  checkWorkflow,
  legalWorkingHours,
  stricterTime,
  type WorkflowStep,
} from '../../domain/catalog/workflow.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { invalidFields, problem } from '../problems.js';

export interface WorkflowView {
  procedureCode: string;
  version: number;
  caseCode: string;
  revision: number;
  steps: WorkflowStep[];
  layout: Record<string, { x: number; y: number }> | null;
  allottedHours: number;
  legalHours: number;
  savedAt: string;
}

const notFound = (what: string) => problem('not-found', what);

/** The legal time a workflow must fit: the case's own time if it has one, the stricter channel. */
async function legalTime(
  tx: Tx,
  code: string,
  version: number,
  caseCode: string,
): Promise<{ ministry: string; legal: ProcessingTime }> {
  const row = await tx
    .selectFrom('procedure_version as v')
    .innerJoin('procedure as p', 'p.code', 'v.procedure_code')
    .select(['p.ministry_code', 'v.content'])
    .where('v.procedure_code', '=', code)
    .where('v.version_no', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound(vi.detail.noVersion(code, version));
  const content = row.content as VersionContent;
  const c = caseCode === '' ? null : content.cases.find((k) => k.code === caseCode);
  if (caseCode !== '' && !c) {
    throw problem('validation', undefined, [
      { field: 'body.caseCode', message: vi.workflowProblem['unknown_case'] as string },
    ]);
  }
  const time = c?.time ?? content.time;
  return { ministry: row.ministry_code, legal: stricterTime(time) };
}

/**
 * Saves a new revision of a version's workflow. Only the owning ministry's administrators (or a
 * system administrator) may; the template must pass every rule of `checkWorkflow`.
 */
export function saveWorkflow(
  ctx: AppContext,
  actor: Actor,
  code: string,
  version: number,
  input: {
    caseCode: string;
    steps: WorkflowStep[];
    layout?: Record<string, { x: number; y: number }> | undefined;
  },
  meta: RequestMeta,
): Promise<WorkflowView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { ministry, legal } = await legalTime(tx, code, version, input.caseCode);
    if (!(await agencyInReach(tx, staff, 'catalog.manage', ministry, now))) {
      throw problem('outside-reach', vi.detail.onlyMinistryWorkflows);
    }
    const problems = checkWorkflow(input.steps, legal);
    if (problems.length > 0) throw invalidFields('workflow-invalid', problems, vi.workflowProblem);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`workflow:${code}:${version}:${input.caseCode}`}))`.execute(
      tx,
    );
    const last = await tx
      .selectFrom('workflow_template')
      .select((eb) => eb.fn.max('revision').as('r'))
      .where('procedure_code', '=', code)
      .where('version_no', '=', version)
      .where('case_code', '=', input.caseCode)
      .executeTakeFirst();
    const revision = (last?.r ?? 0) + 1;
    const hours = allottedHours(input.steps);
    await tx
      .insertInto('workflow_template')
      .values({
        procedure_code: code,
        version_no: version,
        case_code: input.caseCode,
        revision,
        steps: JSON.stringify(input.steps),
        allotted_hours: hours,
        layout: input.layout ? JSON.stringify(input.layout) : null,
        saved_at: now,
        saved_by: staff.accountId,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'workflow.saved',
        targetKind: 'procedure',
        targetId: code,
        agencyCode: ministry,
        detail: { version, caseCode: input.caseCode, revision, hours },
      },
      now,
      meta,
    );
    return {
      procedureCode: code,
      version,
      caseCode: input.caseCode,
      revision,
      steps: input.steps,
      layout: input.layout ?? null,
      allottedHours: hours,
      legalHours: legalWorkingHours(legal),
      savedAt: now.toISOString(),
    };
  });
}

/** The latest revision of a version's workflow (the one in force); 404 when none was defined. */
export async function latestTemplate(tx: Tx, code: string, version: number, caseCode: string) {
  const row = await tx
    .selectFrom('workflow_template')
    .selectAll()
    .where('procedure_code', '=', code)
    .where('version_no', '=', version)
    .where('case_code', '=', caseCode)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw notFound(vi.detail.noWorkflow(code, version));
  return row;
}

/** The workflow in force (latest revision) of a version and case; 404 when none was defined. */
export function getWorkflow(
  ctx: AppContext,
  actor: Actor,
  code: string,
  version: number,
  caseCode: string,
): Promise<WorkflowView> {
  requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const { legal } = await legalTime(tx, code, version, caseCode);
    const row = await latestTemplate(tx, code, version, caseCode);
    return {
      procedureCode: code,
      version,
      caseCode,
      revision: row.revision,
      steps: row.steps as WorkflowStep[],
      layout: (row.layout as WorkflowView['layout']) ?? null,
      allottedHours: row.allotted_hours,
      legalHours: legalWorkingHours(legal),
      savedAt: row.saved_at.toISOString(),
    };
  });
}
