import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../../domain/text/canonicalJson.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { fromLocal, toLocal } from '../../domain/calendar/localTime.js';
import {
  componentsOf,
  type ProcessingTime,
  type VersionContent,
} from '../../domain/catalog/procedureVersion.js';
import type { WorkCalendar } from '../../domain/calendar/workCalendar.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import { defaultDossierCodeFormat, dossierCode } from '../../domain/dossier/dossierCode.js';
import {
  checkApplicant,
  checkEforms,
  missingComponents,
  unknownComponents,
  type Applicant,
  type IntakeProblem,
  type ReceivedComponent,
} from '../../domain/dossier/intakeRules.js';
import {
  type Action,
  decide,
  evolve,
  submission,
  submitted,
  type DossierState,
} from '../../domain/dossier/lifecycle.js';
import { effectiveSteps, legalTimeOf, type PlannedStep } from '../../domain/dossier/plan.js';
import { crossBoundaryPlan, mayReceive } from '../../domain/dossier/receiptPlace.js';
import { Channel } from '../../domain/dossier/status.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { requireClientScope, withinClientRegistration } from '../access/apiClients.js';
import { requireStaff } from '../access/require.js';
import { routeFrom } from '../catalog/routes.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { invalidFields, problem } from '../problems.js';
import type { ActorRef } from './dossierLog.js';
import { recordTransition } from './recordTransition.js';
import { ministryMark } from '../access/reach.js';
import { handlingConfig, type HandlingConfig, type UnitInForce } from './handlingConfig.js';
import { generationColumn } from '../configCache.js';
import { grantInForce } from '../access/grantsInForce.js';
import { practiceCode } from '../../domain/practice/practice.js';
import { requirePracticeOpen } from './practiceOpen.js';

export interface IntakeInput {
  procedureCode: string;
  caseCode?: string | undefined;
  applicant: Applicant;
  representative?: { name: string; idNumber: string; authorization: string } | null | undefined;
  components: ReceivedComponent[];
  eform: Record<string, unknown>;
  summary?: string | undefined;
  returnAt?: 'here' | 'competent' | undefined;
}

export interface IntakeResult {
  code: string;
  status: number;
  version: number;
  agencyCode: string;
  competentAgency: { code: string; name: string };
  due: string | null;
  /** False when an online replay found the dossier already there. */
  created: boolean;
}

const invalid = (problems: IntakeProblem[]) => invalidFields('dossier-invalid', problems, vi.dossierProblem);

/** The procedure version in force, with its ministry's content, checked against the input. */
async function versionInForce(config: HandlingConfig, input: IntakeInput) {
  const v = await config.versionInForce(input.procedureCode);
  if (!v) {
    throw problem('unknown-procedure', vi.detail.noVersionInForce(input.procedureCode), [
      { field: 'body.procedureCode', message: vi.detail.noProcedureInForce },
    ]);
  }
  const content = v.content as VersionContent;
  const caseCode = input.caseCode ?? '';
  const kase = caseCode === '' ? null : content.cases.find((c) => c.code === caseCode);
  if (caseCode !== '' && !kase) throw invalid([{ field: 'caseCode', code: 'unknown_case' }]);
  const components = componentsOf(content, caseCode);
  const problems = [
    ...checkApplicant(input.applicant),
    ...unknownComponents(components, input.components).map((c) => ({
      field: `components.${c}`,
      code: 'unknown_component' as const,
    })),
    ...checkEforms(components, input.eform),
  ];
  if (problems.length > 0) throw invalid(problems);
  const missing = missingComponents(components, input.components);
  if (missing.length > 0) {
    throw problem(
      'dossier-incomplete',
      vi.detail.missing(missing.map((m) => components.find((c) => c.code === m)?.name ?? m)),
      missing.map((m) => ({ field: `body.components.${m}`, message: vi.detail.componentMissing })),
    );
  }
  const time = kase?.time ?? content.time;
  return { versionNo: v.version_no, content, caseCode, time };
}

/** The applicant's commune in the map in force: the place whose binding names the competent agency. */
async function applicantCommune(
  config: HandlingConfig,
  communeCode: string,
  day: string,
): Promise<UnitInForce> {
  const commune = await config.unit(communeCode, day);
  if (commune?.level !== 'commune')
    throw invalid([{ field: 'applicant.address.communeCode', code: 'unknown_commune' }]);
  return commune;
}

/** An agency with its name and province (null for a central body), from the map in force. */
async function placedAgency(config: HandlingConfig, code: string, day: string) {
  const agency = await config.agencyUnit(code);
  const unit = agency && (await config.unit(agency.admin_unit_code, day));
  if (!agency || !unit) throw problem('not-found', vi.detail.agencyNotFound(code));
  const province = unit.level === 'commune' ? unit.parent_code : unit.level === 'province' ? unit.code : null;
  return { code, name: agency.name, province };
}

/**
 * Where a new dossier is received and handled (DOMAIN §5.3): the competent agency is the one the
 * competent place's plan receives at. Received there, the plan stands. Received elsewhere, as far
 * as the procedure's reach allows (else refused with where to go), the receiving counter does the
 * receipt steps, the competent place's agencies the work, and the result is returned where the
 * applicant chose: here, or at the competent agency.
 */
async function receiptAt(
  config: HandlingConfig,
  content: VersionContent,
  receiving: string,
  placed: { plan: PlannedStep[]; steps: WorkflowStep[] },
  returnAt: IntakeInput['returnAt'],
  day: string,
): Promise<{ competent: { code: string; name: string }; plan: PlannedStep[] }> {
  const { plan, steps } = placed;
  const atStep = (kind: WorkflowStep['kind']) =>
    plan.find((p) => p.stepCode === steps.find((s) => s.kind === kind)?.code)?.agencyCode ?? null;
  const competent = await placedAgency(config, atStep('receipt') ?? receiving, day);
  if (competent.code === receiving) return { competent, plan };
  if (!mayReceive(content.crossBoundary, await placedAgency(config, receiving, day), competent))
    throw problem('receive-elsewhere', vi.detail.receiveElsewhere(content.crossBoundary, competent.name), [
      { field: 'body.applicant.address.communeCode', message: vi.detail.competentIs(competent.name) },
    ]);
  const returnAgency = returnAt === 'competent' ? (atStep('result') ?? competent.code) : receiving;
  return { competent, plan: crossBoundaryPlan(plan, steps, receiving, returnAgency) };
}

/**
 * The next number of an agency's daily sequence, in the intake's transaction: no gap, no repeat.
 * Practice dossiers count on a sequence of their own, so real codes stay consecutive.
 */
async function nextSequence(tx: Tx, agencyCode: string, day: string, practice: boolean): Promise<number> {
  const { rows } = await sql<{ last: number }>`
    INSERT INTO dossier_sequence (agency_code, day, practice, last)
    VALUES (${agencyCode}, ${day}::date, ${practice}, 1)
    ON CONFLICT (agency_code, day, practice) DO UPDATE SET last = dossier_sequence.last + 1
    RETURNING last`.execute(tx);
  return rows[0]?.last as number;
}

/**
 * The route and the workflow a new dossier runs on: refused with where it belongs when the
 * procedure is not received centrally there (a practice dossier is received wherever practice is
 * open: that is how a place rehearses before its switch-over); the binding in force pinned as the
 * dossier's plan.
 */
async function routeAndPlan(
  ctx: AppContext,
  config: HandlingConfig,
  input: IntakeInput,
  commune: UnitInForce,
  version: { versionNo: number; caseCode: string; practice: boolean },
) {
  const { versionNo, caseCode } = version;
  const now = ctx.now();
  const route = routeFrom(
    await config.routes(input.procedureCode, commune.parent_code ?? ''),
    input.procedureCode,
    commune.code,
    now,
  );
  if (!route.central && !version.practice) {
    throw problem(
      'route-not-central',
      route.mode === 'pilot'
        ? vi.detail.routePilot(input.procedureCode, route.provinceCode)
        : vi.detail.routeProvincial(input.procedureCode, route.provinceCode),
    );
  }
  const template = await config.latestTemplate(input.procedureCode, versionNo, caseCode);
  const templateSteps = template.steps as WorkflowStep[];
  const bound = await config.binding(
    input.procedureCode,
    versionNo,
    caseCode,
    commune.code,
    vietnamDate(now),
    now,
    templateSteps,
  );
  const plan: PlannedStep[] = bound.map((b) => ({
    stepCode: b.stepCode,
    agencyCode: b.agency?.code ?? null,
    hours: b.hours,
  }));
  return { revision: template.revision, plan, steps: effectiveSteps(templateSteps, plan) };
}

/** What a new dossier keeps of the request as it came (and of the idempotency claim it came with). */
const inputColumns = (input: IntakeInput, claim: IntakeClaim | null) => ({
  intake_key: claim?.key ?? null,
  intake_hash: claim?.hash ?? null,
  intake_by: claim?.by ?? null,
  procedure_code: input.procedureCode,
  applicant_id_number: input.applicant.idNumber,
  applicant_name: input.applicant.name,
  applicant: JSON.stringify(input.applicant),
  representative: input.representative ? JSON.stringify(input.representative) : null,
  components: JSON.stringify(input.components),
  eform: JSON.stringify(input.eform),
  summary: input.summary ?? null,
});

/**
 * The new dossier's first log entries: submitted, and received at once unless it came online (an
 * online dossier waits for a receiver).
 */
function openingEntries(
  calendar: WorkCalendar,
  at: { agencyCode: string; channel: Channel; now: Date; actor: ActorRef },
  steps: WorkflowStep[],
  legalTime: ProcessingTime,
  sameDayCutoff: boolean,
) {
  const { agencyCode, channel, now, actor } = at;
  const entries: { action: Action; calendarVersion: string | null }[] = [
    { action: submission(agencyCode, channel, toLocal(now)), calendarVersion: null },
  ];
  let state: DossierState = submitted(agencyCode);
  if (channel !== Channel.online) {
    const receipt = decide(
      state,
      { type: 'receive' },
      {
        now: toLocal(now),
        calendar,
        steps,
        legalTime,
        sameDayCutoff,
        role: 'receiver',
        facts: { actorId: actor.kind === 'staff' ? actor.id : null, assigneeRoles: [], signedResult: false },
      },
    );
    state = evolve(state, receipt);
    entries.push({ action: receipt, calendarVersion: calendar.version });
  }
  return { entries, state };
}

/**
 * Creates a dossier: checks, routing (a provincial route refuses with where the dossier belongs),
 * the workflow and binding pinned, the code from the receiving agency's daily sequence. A counter
 * or postal intake is received at once (status 2); an online one waits for a receiver (status 1).
 */
async function createDossier(
  ctx: AppContext,
  tx: Tx,
  input: IntakeInput,
  at: {
    channel: Channel;
    agencyCode: string;
    practice: boolean;
    /** The configuration generation, when the caller's first statement read it. */
    generation?: number;
  },
  actor: ActorRef,
  claim: IntakeClaim | null,
): Promise<IntakeResult> {
  const { channel, agencyCode, practice } = at;
  const now = ctx.now();
  const day = vietnamDate(now);
  if (practice) await requirePracticeOpen(tx, agencyCode, input.procedureCode);
  const config = await handlingConfig(ctx, tx, at.generation);
  const { versionNo, content, caseCode, time } = await versionInForce(config, input);
  const commune = await applicantCommune(config, input.applicant.address.communeCode, day);
  const routed = await routeAndPlan(ctx, config, input, commune, { versionNo, caseCode, practice });
  const { revision, steps } = routed;
  const { competent, plan } = await receiptAt(config, content, agencyCode, routed, input.returnAt, day);
  const { entries, state } = openingEntries(
    await config.calendar(agencyCode),
    { agencyCode, channel, now, actor },
    steps,
    legalTimeOf(channel, time),
    content.sameDayCutoff,
  );
  // The agency's daily sequence is its one point of contention: taken last, held for the inserts only.
  const legalCode = dossierCode(
    ctx.settings.dossierCode ?? defaultDossierCodeFormat,
    agencyCode,
    day,
    await nextSequence(tx, agencyCode, day, practice),
  );
  const code = practice ? practiceCode(legalCode) : legalCode;
  const columns = {
    ...inputColumns(input, claim),
    code,
    channel,
    version_no: versionNo,
    case_code: caseCode,
    workflow_revision: revision,
    plan: JSON.stringify(plan),
    received_by_agency: agencyCode,
    competent_agency: competent.code,
    commune_code: commune.code,
    submitted_at: now,
    practice,
  };
  // A dossier received for another agency is in that agency's lists from the start.
  const visibleTo = [
    ...new Set([agencyCode, competent.code]),
    ministryMark(await config.ministryOf(input.procedureCode)),
  ];
  await recordTransition(ctx, tx, {
    write: { kind: 'create', columns, visibleTo },
    dossier: { ...columns, agency_code: agencyCode, applicant: input.applicant, eform: input.eform },
    entries,
    state,
    steps,
    actor,
    content,
  });
  const due = state.due === null ? null : fromLocal(state.due).toISOString();
  return {
    code,
    status: state.status,
    version: state.version,
    agencyCode,
    competentAgency: { code: competent.code, name: competent.name },
    due,
    created: true,
  };
}

/**
 * The agency where a receiver receives: their own, or the one named when they hold several; with
 * the configuration generation, read in the same statement (src/app/configCache.ts).
 */
async function receivingAgency(
  tx: Tx,
  accountId: string,
  now: Date,
  named?: string,
): Promise<{ agency: string; generation: number | undefined }> {
  const { rows } = await sql<{ agency_code: string; config_generation: number }>`
    SELECT agency_code, ${generationColumn} FROM role_grant g
    WHERE account_id = ${accountId}::uuid AND role = 'receiver' AND ${grantInForce('g', now)}`.execute(tx);
  const agencies = rows.map((r) => r.agency_code);
  const chosen = named ?? (agencies.length === 1 ? agencies[0] : undefined);
  if (!chosen || !agencies.includes(chosen)) {
    throw problem(
      'not-a-receiver',
      agencies.length > 1 ? vi.detail.chooseReceivingAgency : vi.detail.onlyReceivers,
    );
  }
  return { agency: chosen, generation: rows[0]?.config_generation };
}

/** Who sent an intake and what: an idempotency key is bound to both. */
interface IntakeClaim {
  key: string;
  /** The account or API client that sent it. */
  by: string;
  /** SHA-256 of the request as received (canonical JSON). */
  hash: string;
}

const claimOf = (key: string, by: string, request: unknown): IntakeClaim => ({
  key,
  by,
  hash: createHash('sha256').update(canonicalJson(request)).digest('hex'),
});

/**
 * The dossier an intake key already created, if any: the same key, however many requests carry it
 * at once, creates one dossier. The same key with another request, or from another API client, is
 * refused (422 and 409) rather than answered with a dossier that is not the sender's. Callers hold
 * the key's advisory lock; the unique index is the last line of defence.
 */
async function replayed(tx: Tx, claim: IntakeClaim, clientScoped: boolean): Promise<IntakeResult | null> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${claim.key}))`.execute(tx);
  const d = await tx
    .selectFrom('dossier as d')
    .innerJoin('agency as c', 'c.code', 'd.competent_agency')
    .select([
      'd.code',
      'd.status',
      'd.version',
      'd.agency_code',
      'd.due_at',
      'd.intake_hash',
      'd.intake_by',
      'c.code as competent_code',
      'c.name as competent_name',
    ])
    .where('d.intake_key', '=', claim.key)
    .executeTakeFirst();
  if (!d) return null;
  if (clientScoped && d.intake_by !== null && d.intake_by !== claim.by)
    throw problem('idempotency-key-taken', vi.detail.portalIdTaken);
  if (d.intake_hash !== null && d.intake_hash !== claim.hash)
    throw problem('idempotency-key-reused', vi.detail.keyReused, [
      { field: 'headers.idempotency-key', message: vi.problem.idempotencyKeyReused },
    ]);
  return {
    code: d.code,
    status: d.status,
    version: d.version,
    agencyCode: d.agency_code,
    competentAgency: { code: d.competent_code, name: d.competent_name },
    due: d.due_at?.toISOString() ?? null,
    created: false,
  };
}

/**
 * Counter (1) or postal (3) intake by a receiver: received at once, Form 01 follows. With an
 * idempotency key (the counter screen sends one per form), a double submission answers the dossier
 * already received instead of receiving it twice.
 */
export function intakeAtCounter(
  ctx: AppContext,
  actor: Actor,
  input: IntakeInput & {
    channel: typeof Channel.counter | typeof Channel.postal;
    agencyCode?: string | undefined;
    /** A practice dossier (issue 23 §1), where practice is open for the agency and procedure. */
    practice?: boolean | undefined;
  },
  idempotencyKey?: string,
): Promise<IntakeResult> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { agency, generation } = await receivingAgency(tx, staff.accountId, now, input.agencyCode);
    const claim =
      idempotencyKey === undefined
        ? null
        : claimOf(`counter:${agency}:${idempotencyKey}`, staff.accountId, input);
    const found = claim === null ? null : await replayed(tx, claim, false);
    if (found) return found;
    return createDossier(
      ctx,
      tx,
      input,
      { channel: input.channel, agencyCode: agency, practice: input.practice === true, generation },
      { kind: 'staff', id: staff.accountId, role: 'receiver' },
      claim,
    );
  });
}

/**
 * Online intake from the national portal (channel 2), idempotent by the portal's own dossier id: a
 * replay, however many arrive at once, answers the dossier already created and creates nothing.
 */
export async function intakeFromPortal(
  ctx: AppContext,
  actor: Actor,
  portalId: string,
  input: IntakeInput & { agencyCode: string },
): Promise<IntakeResult> {
  const client = requireClientScope(actor, 'dossiers.submit');
  return inTransaction(ctx, async (tx) => {
    await withinClientRegistration(tx, client, input.agencyCode);
    const claim = claimOf(`portal:${portalId}`, client.clientId, input);
    const found = await replayed(tx, claim, true);
    if (found) return found;
    return createDossier(
      ctx,
      tx,
      input,
      // The portal's dossiers are citizens' own: never practice.
      { channel: Channel.online, agencyCode: input.agencyCode, practice: false },
      { kind: 'client', id: client.clientId },
      claim,
    );
  });
}

/**
 * A practice dossier a trainer generates for a class (issue 23 §1): received at the agency's
 * counter by motcua itself, in the caller's transaction, where practice is open.
 */
export function intakeForPractice(
  ctx: AppContext,
  tx: Tx,
  input: IntakeInput,
  agencyCode: string,
): Promise<IntakeResult> {
  return createDossier(
    ctx,
    tx,
    input,
    { channel: Channel.counter, agencyCode, practice: true },
    { kind: 'system' },
    null,
  );
}
