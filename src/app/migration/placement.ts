import { sql } from 'kysely';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import { effectiveSteps, type PlannedStep } from '../../domain/dossier/plan.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { ministryMark } from '../access/reach.js';
import { grantInForce, accountInForce } from '../access/grantsInForce.js';
import type { Tx } from '../context.js';
import { handlingConfig } from '../dossiers/handlingConfig.js';

/** What a procedure is pinned to when its dossiers come in: the version in force, its workflow. */
export interface ProcedurePin {
  versionNo: number;
  ministry: string | null;
  /** Whether the version may be applied for online (the indicators' denominator). */
  onlineEligible: boolean;
  /** The latest workflow of the version (null: none configured, so nothing can continue here). */
  template: { revision: number; steps: WorkflowStep[] } | null;
}

/** Where the dossiers of one procedure at one agency continue: the plan bound there. */
export interface AgencyPlan {
  revision: number;
  plan: PlannedStep[];
  steps: WorkflowStep[];
  commune: string;
}

/**
 * The configuration an import reads, once per procedure and per agency across the whole run
 * (a run touches a few hundred procedures and agencies, millions of dossiers).
 */
export class PlacementCache {
  private readonly pins = new Map<string, ProcedurePin | null>();
  private readonly plans = new Map<string, AgencyPlan>();
  private readonly holders = new Map<string, boolean>();

  constructor(private readonly now: Date) {}

  /** The procedure's version in force and workflow, or null when the catalog has no version in force. */
  async pin(tx: Tx, ctxConfig: Awaited<ReturnType<typeof handlingConfig>>, code: string) {
    if (this.pins.has(code)) return this.pins.get(code) ?? null;
    const v = await ctxConfig.versionInForce(code);
    let pin: ProcedurePin | null = null;
    if (v) {
      const template = await ctxConfig.latestTemplate(code, v.version_no, '').then(
        (t) => ({ revision: t.revision, steps: t.steps as WorkflowStep[] }),
        () => null,
      );
      const level = await tx
        .selectFrom('procedure_version')
        .select('online_level')
        .where('procedure_code', '=', code)
        .where('version_no', '=', v.version_no)
        .executeTakeFirstOrThrow();
      pin = {
        versionNo: v.version_no,
        ministry: await ctxConfig.ministryOf(code),
        onlineEligible: level.online_level === 'toan_trinh' || level.online_level === 'mot_phan',
        template,
      };
    }
    this.pins.set(code, pin);
    return pin;
  }

  /**
   * The plan for a procedure's dossiers held by an agency: the binding of the agency's commune
   * (a commune's centre), else the workflow with every step at the agency itself (a provincial
   * department keeps what it held).
   */
  async plan(
    tx: Tx,
    config: Awaited<ReturnType<typeof handlingConfig>>,
    procedure: string,
    pin: ProcedurePin,
    agency: string,
  ): Promise<AgencyPlan> {
    const key = `${procedure}\u0000${agency}`;
    const known = this.plans.get(key);
    if (known) return known;
    const unit = await config.agencyUnit(agency);
    const commune = unit?.admin_unit_code ?? '';
    const template = pin.template ?? { revision: 0, steps: [] };
    let plan: PlannedStep[] = template.steps.map((s) => ({
      stepCode: s.code,
      agencyCode: null,
      hours: s.hours,
    }));
    if (template.steps.length > 0) {
      const bound = await config
        .binding(procedure, pin.versionNo, '', commune, vietnamDate(this.now), this.now, template.steps)
        .catch(() => null);
      if (bound)
        plan = bound.map((b) => ({
          stepCode: b.stepCode,
          agencyCode: b.agency?.code ?? null,
          hours: b.hours,
        }));
    }
    const result = {
      revision: template.revision,
      plan,
      steps: effectiveSteps(template.steps, plan),
      commune,
    };
    this.plans.set(key, result);
    return result;
  }

  /** Whether an account may take a dossier at an agency in a role now. */
  async holds(tx: Tx, account: string, agency: string, role: string): Promise<boolean> {
    const key = `${account}\u0000${agency}\u0000${role}`;
    const known = this.holders.get(key);
    if (known !== undefined) return known;
    const { rows } = await sql<{ ok: boolean }>`
      SELECT EXISTS (SELECT 1 FROM role_grant g JOIN account a ON a.id = g.account_id
        WHERE g.account_id = ${account}::uuid AND g.agency_code = ${agency} AND g.role = ${role}
          AND ${grantInForce('g', this.now)} AND ${accountInForce('a', this.now)}) AS ok`.execute(tx);
    const ok = rows[0]?.ok === true;
    this.holders.set(key, ok);
    return ok;
  }
}

export const visibleTo = (agencies: readonly string[], ministry: string | null) => [
  ...new Set([...agencies, ...(ministry ? [ministryMark(ministry)] : [])]),
];
