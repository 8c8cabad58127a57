import { sql } from 'kysely';
import type { ActionBody } from '../../contracts/dossiers.js';
import type { Role } from '../../domain/access/roles.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { componentsOf, type VersionContent } from '../../domain/catalog/procedureVersion.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import { vi } from '../../domain/i18n/vi.js';
import { sampleEform } from '../../domain/practice/sampleEform.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { actAsSystem } from '../dossiers/actOnDossier.js';
import { handlingConfig } from '../dossiers/handlingConfig.js';
import { intakeForPractice, type IntakeInput } from '../dossiers/intake.js';
import { problem } from '../problems.js';
import { requirePracticeOpen } from '../dossiers/practiceOpen.js';
import { requirePracticeKeeper } from './practiceScopes.js';

export interface GeneratedStep {
  step: { code: string; name: string };
  codes: string[];
}

/** The workflow's main path from receipt, step by step along its first forward move, to the result. */
export function mainPath(steps: readonly WorkflowStep[]): WorkflowStep[] {
  const path: WorkflowStep[] = [];
  let at = steps.find((s) => s.kind === 'receipt');
  while (at && !path.includes(at)) {
    path.push(at);
    if (at.kind === 'result') break;
    const next = at.moves.find((m) => m.kind === 'next')?.to;
    at = steps.find((s) => s.code === next);
  }
  return path;
}

/** The commune an agency's practice applicants live in: its own, or its province's first. */
async function practiceCommune(tx: Tx, agencyCode: string): Promise<string> {
  const { rows } = await sql<{ code: string }>`
    SELECT u.code FROM agency a JOIN admin_unit u
      ON (u.code = a.admin_unit_code OR u.parent_code = a.admin_unit_code)
    WHERE a.code = ${agencyCode} AND u.level = 'commune' AND u.valid_to IS NULL
    ORDER BY u.code = a.admin_unit_code DESC, u.code LIMIT 1`.execute(tx);
  if (!rows[0]) throw problem('practice-unavailable', vi.practice.outsideReach);
  return rows[0].code;
}

/** A learner's dossier: every component handed in, each e-form filled from its schema. */
function learnerInput(
  content: VersionContent,
  procedureCode: string,
  communeCode: string,
  n: number,
  day: string,
) {
  const name = vi.practice.learner(n);
  const idNumber = `001${String(n).padStart(9, '0')}`;
  const components = componentsOf(content, '');
  const eform: Record<string, unknown> = {};
  for (const c of components)
    if (c.eformSchema) eform[c.code] = sampleEform(c.eformSchema, { name, idNumber, day });
  const input: IntakeInput = {
    procedureCode,
    applicant: {
      kind: 'individual',
      idNumber,
      name,
      address: { communeCode, detail: vi.practice.summary },
    },
    components: components.map((c) => ({ code: c.code, copies: Math.max(1, c.copies) })),
    eform,
    summary: vi.practice.summary,
  };
  return input;
}

/** The command that takes a dossier from one step of the path to the next. */
const moveTo = (next: WorkflowStep): Omit<ActionBody, 'expectedVersion'> =>
  (next.kind === 'result' ? { type: 'issue_result' } : { type: 'forward', toStep: next.code }) as Omit<
    ActionBody,
    'expectedVersion'
  >;

/**
 * A trainer's class set (issue 23 §1): `perStep` practice dossiers waiting at each step of the
 * procedure's workflow at the agency, received and moved on by motcua itself through the real
 * commands, so that each learner finds work at the step they practise. Only where practice is
 * open; only by the agency's area administrator. Audited.
 */
export function generatePractice(
  ctx: AppContext,
  actor: Actor,
  agencyCode: string,
  request: { procedureCode: string; perStep: number },
  meta: RequestMeta,
): Promise<{ steps: GeneratedStep[] }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await requirePracticeKeeper(tx, staff, agencyCode, now);
    await requirePracticeOpen(tx, agencyCode, request.procedureCode);
    const config = await handlingConfig(ctx, tx);
    const version = await config.versionInForce(request.procedureCode);
    if (!version) throw problem('unknown-procedure', vi.practice.unknownProcedure(request.procedureCode));
    const content = version.content as VersionContent;
    const template = await config.latestTemplate(request.procedureCode, version.version_no, '');
    const path = mainPath(template.steps as WorkflowStep[]);
    const commune = await practiceCommune(tx, agencyCode);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM dossier WHERE practice AND received_by_agency = ${agencyCode}`.execute(
      tx,
    );
    let learner = rows[0]?.n ?? 0;
    const out: GeneratedStep[] = [];
    for (const [depth, step] of path.entries()) {
      const codes: string[] = [];
      for (let i = 0; i < request.perStep; i++) {
        const input = learnerInput(content, request.procedureCode, commune, ++learner, vietnamDate(now));
        const made = await intakeForPractice(ctx, tx, input, agencyCode);
        let version = made.version;
        for (const next of path.slice(1, depth + 1)) {
          const row = await tx
            .selectFrom('dossier')
            .select('step_role')
            .where('code', '=', made.code)
            .executeTakeFirstOrThrow();
          const role = (next.kind === 'result' ? 'leader' : (row.step_role ?? 'receiver')) as Role;
          const body = { ...moveTo(next), expectedVersion: version } as ActionBody;
          version = (await actAsSystem(ctx, tx, made.code, body, { role, source: 'practice' })).version;
        }
        codes.push(made.code);
      }
      out.push({ step: { code: step.code, name: step.name }, codes });
    }
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'practice.generate',
        targetKind: 'agency',
        targetId: agencyCode,
        agencyCode,
        detail: { procedure: request.procedureCode, perStep: request.perStep, dossiers: learner },
      },
      now,
      meta,
    );
    return { steps: out };
  });
}
