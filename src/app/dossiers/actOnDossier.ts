import type { ActionBody } from '../../contracts/dossiers.js';
import { fromLocal, toLocal } from '../../domain/calendar/localTime.js';
import type { Role } from '../../domain/access/roles.js';
import {
  DossierError,
  type Command,
  decide,
  evolve,
  rolesFor,
  type CommandFacts,
  type DecideEnv,
  type DossierState,
} from '../../domain/dossier/lifecycle.js';
import { effectiveSteps, legalTimeOf, neededRole, type PlannedStep } from '../../domain/dossier/plan.js';
import type { Channel } from '../../domain/dossier/status.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { rolesAt } from '../access/rolesAt.js';
import type { RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { dossierNotFound, staleVersion } from '../problems.js';
import { handlingConfig } from './handlingConfig.js';
import { generationColumn } from '../configCache.js';
import { moveTarget, transferTarget } from './moveTargets.js';
import { recordTransition } from './recordTransition.js';
import type { ActorRef } from './dossierLog.js';
import { refusal } from './refusal.js';

type ActionResult = {
  code: string;
  status: number;
  version: number;
  stepCode: string | null;
  agencyCode: string;
  due: string | null;
  orphan: boolean;
};

/**
 * Who acts: an official (their role where the dossier is decides what they may do), or the system
 * on an external party's word (the payment platform's signed callback) in a role the caller names.
 */
type Acting =
  | { kind: 'staff'; accountId: string }
  | { kind: 'system'; role: Role; source: string; by?: ActorRef | undefined };

/**
 * Applies one lifecycle command to a dossier: decided by the domain on the state the caller saw
 * (a stale `expectedVersion` answers 409 and changes nothing), then recorded — the processing log,
 * the derived row, every after-transition effect — in one transaction.
 */
export function actOnDossier(
  ctx: AppContext,
  actor: Actor,
  code: string,
  request: ActionBody,
  meta: RequestMeta = { ip: null, requestId: null },
): Promise<ActionResult> {
  const staff = requireStaff(actor);
  return inTransaction(ctx, (tx) =>
    applyAction(ctx, tx, code, request, { kind: 'staff', accountId: staff.accountId }, meta),
  );
}

/** The system acts inside the caller's transaction (e.g. recording a payment the platform confirmed). */
export function actAsSystem(
  ctx: AppContext,
  tx: Tx,
  code: string,
  request: ActionBody,
  /** `by`: the connected system whose word it is, named in the log (the portal's client). */
  as: { role: Role; source: string; by?: ActorRef },
): Promise<ActionResult> {
  return applyAction(ctx, tx, code, request, { kind: 'system', ...as });
}

/** Load → decide → record. */
async function applyAction(
  ctx: AppContext,
  tx: Tx,
  code: string,
  request: ActionBody,
  acting: Acting,
  meta?: RequestMeta,
): Promise<ActionResult> {
  const now = ctx.now();
  const d = await loadDossier(ctx, tx, code, request, acting, now);
  const command = await commandOf(tx, d, request, now);
  const calendar = await d.config.calendar(d.actingAgency);
  const env: DecideEnv = {
    now: toLocal(now),
    calendar,
    steps: d.steps,
    legalTime: legalTimeOf(d.row.channel as Channel, d.time),
    sameDayCutoff: d.content.sameDayCutoff,
    role: d.role,
    feesTotal: d.content.fees.reduce((sum, f) => sum + f.amount, 0),
    facts: await factsFor(tx, d, command, acting, now),
  };
  const action = decideOrRefuse(d.state, command, env);
  const next = evolve(d.state, action);
  const { orphan } = await recordTransition(ctx, tx, {
    write: {
      kind: 'update',
      id: d.row.id,
      expectedVersion: request.expectedVersion,
      visibleTo: d.row.visible_to,
    },
    dossier: d.row,
    entries: [{ action, calendarVersion: calendar.version }],
    state: next,
    steps: d.steps,
    actor:
      acting.kind === 'staff'
        ? { kind: 'staff', id: acting.accountId, role: d.role }
        : (acting.by ?? { kind: 'system' }),
    content: d.content,
    meta,
  });
  return {
    code,
    status: next.status,
    version: next.version,
    stepCode: next.stepCode,
    agencyCode: next.agencyCode,
    due: next.due === null ? null : fromLocal(next.due).toISOString(),
    orphan,
  };
}

type Loaded = Awaited<ReturnType<typeof loadDossier>>;

/**
 * The dossier, the role its actor acts in where the command takes effect (the consulted agency for
 * a reply), and the workflow and version it runs on. Someone with no role there cannot learn that
 * it exists; a stale version is refused before anything is decided.
 */
async function loadDossier(
  ctx: AppContext,
  tx: Tx,
  code: string,
  request: ActionBody,
  acting: Acting,
  now: Date,
) {
  // The configuration generation in the same statement (src/app/configCache.ts).
  const found = await tx
    .selectFrom('dossier')
    .selectAll()
    .select(generationColumn)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!found) throw dossierNotFound(code);
  const { config_generation: generation, ...row } = found;
  const state = row.state as DossierState;
  const consultation =
    request.type === 'consult_reply'
      ? state.consultations.find((c) => c.id === request.consultationId)
      : undefined;
  const actingAgency = consultation?.agencyCode ?? state.agencyCode;
  const held =
    acting.kind === 'staff' ? await rolesAt(tx, acting.accountId, actingAgency, now) : [acting.role];
  if (held.length === 0) throw dossierNotFound(code);
  const role = held.find((r) => rolesFor[request.type].includes(r));
  if (!role) throw refusal(new DossierError('role_cannot'));
  if (request.expectedVersion !== row.version) throw staleVersion(row.version);

  const plan = row.plan as PlannedStep[];
  const config = await handlingConfig(ctx, tx, generation);
  const templateSteps = await config.templateSteps(row);
  const content = await config.versionContent(row.procedure_code, row.version_no);
  const time = content.cases.find((c) => c.code === row.case_code)?.time ?? content.time;
  const steps = effectiveSteps(templateSteps, plan);
  return { row, state, role, actingAgency, config, plan, templateSteps, steps, content, time };
}

/** The request as a domain command: every agency it names checked against the dossier's route. */
async function commandOf(tx: Tx, d: Loaded, request: ActionBody, now: Date): Promise<Command> {
  const { row, config } = d;
  const moves = {
    procedureCode: row.procedure_code,
    versionNo: row.version_no,
    caseCode: row.case_code,
    communeCode: row.commune_code,
    plan: d.plan,
    steps: d.templateSteps,
    interAgencyPartners: d.content.interAgencyPartners ?? [],
  };
  const { expectedVersion: _version, ...rest } = request;
  switch (rest.type) {
    case 'forward': {
      const agencyCode = await moveTarget(config, moves, 'forward', rest.toStep, rest.agencyCode, now);
      return { ...rest, agencyCode, assigneeId: rest.assigneeId ?? null };
    }
    case 'return_to_step':
      return {
        ...rest,
        agencyCode: await moveTarget(config, moves, 'return_to_step', rest.toStep, undefined, now),
      };
    case 'consult':
      return {
        ...rest,
        agencyCode: await moveTarget(config, moves, 'consult', rest.toStep, rest.agencyCode, now),
      };
    case 'propose_extension':
      return { ...rest, newDue: toLocal(new Date(rest.newDue)) };
    case 'issue_result':
      return { ...rest, agencyCode: resultAgency(d) };
    case 'transfer': {
      const agencyCode = await transferTarget(tx, rest.agencyCode, neededRole(d.state, d.steps), now, {
        communeCode: row.commune_code,
        competentKinds: d.content.competentAgencyKinds,
        crossBoundary: d.content.crossBoundary,
      });
      return { ...rest, agencyCode };
    }
    default:
      return rest;
  }
}

/** Where the plan returns the result from the current step (the applicant's chosen counter), if set. */
function resultAgency(d: Loaded): string | null {
  const current = d.steps.find((s) => s.code === d.state.stepCode);
  const result = current?.moves
    .map((m) => d.steps.find((s) => s.code === m.to))
    .find((s) => s?.kind === 'result');
  return d.plan.find((p) => p.stepCode === result?.code)?.agencyCode ?? null;
}

/** What the domain's rules need to know of the people and files the command concerns. */
async function factsFor(
  tx: Tx,
  d: Loaded,
  command: Command,
  acting: Acting,
  now: Date,
): Promise<CommandFacts> {
  const assignee =
    command.type === 'assign' && command.assigneeId
      ? { id: command.assigneeId, agency: d.state.agencyCode }
      : command.type === 'forward' && command.assigneeId
        ? { id: command.assigneeId, agency: command.agencyCode }
        : null;
  const signedResult =
    command.type === 'return_result' && command.method === 'electronic'
      ? (await tx
          .selectFrom('dossier_result')
          .select('id')
          .where('dossier_id', '=', d.row.id)
          .where('status', '=', 'signed')
          .executeTakeFirst()) !== undefined
      : false;
  return {
    actorId: acting.kind === 'staff' ? acting.accountId : null,
    assigneeRoles: assignee ? await rolesAt(tx, assignee.id, assignee.agency, now) : [],
    signedResult,
  };
}

function decideOrRefuse(state: DossierState, command: Command, env: DecideEnv) {
  try {
    return decide(state, command, env);
  } catch (e) {
    if (e instanceof DossierError) throw refusal(e);
    throw e;
  }
}
