import { sql } from 'kysely';
import type { Agency, AgencyKind } from '../../domain/agencies/agency.js';
import {
  agencySearchName,
  planRegister,
  type RegisterFacts,
  type RegisterPlan,
  type RegisterRow,
} from '../../domain/agencies/register.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { terminalStatuses } from '../../domain/dossier/status.js';
import { reachSet } from '../access/require.js';
import { recordAudits, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';

/** Who changes the register: an administrator with agency.manage (in their reach), or the CLI. */
export type RegisterEditor = { kind: 'staff'; accountId: string } | { kind: 'system' };

/** What a change to the register did or, in a dry run, would do. */
export interface RegisterReport {
  dryRun: boolean;
  created: number;
  updated: number;
  closed: number;
  unchanged: number;
  refused: { row: number; field: string; message: string }[];
  /** Each row that changes something: what it does to which agency. */
  changes: { row: number; code: string; outcome: 'created' | 'updated' | 'closed' }[];
}

/**
 * Checks rows of the register against what is registered and the editor's reach, and applies what
 * passes unless it is a dry run: one transaction (a failure writes nothing), revisions with their
 * effective day, one audit entry per change. Applying the same rows again changes nothing.
 */
export function applyRegister(
  ctx: AppContext,
  editor: RegisterEditor,
  rows: RegisterRow[],
  opts: { dryRun: boolean; source: 'api' | 'import'; successors?: ReadonlyMap<string, string> },
  meta: RequestMeta,
): Promise<{ report: RegisterReport; plan: RegisterPlan }> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    // One register change at a time: two imports of overlapping files would plan against each other's past.
    await sql`SELECT pg_advisory_xact_lock(hashtext('motcua.agency-register'))`.execute(tx);
    const plan = planRegister(rows, await registerFacts(tx, editor, now));
    if (!opts.dryRun && plan.writes.length > 0) await writePlan(tx, editor, plan, opts, now, meta);
    return { report: reportOf(plan, opts.dryRun), plan };
  });
}

function reportOf(plan: RegisterPlan, dryRun: boolean): RegisterReport {
  const count = (o: string) => plan.outcomes.filter((x) => x.outcome === o).length;
  return {
    dryRun,
    created: count('created'),
    updated: count('updated'),
    closed: count('closed'),
    unchanged: count('unchanged'),
    refused: plan.refused.map(({ row, field, message }) => ({ row, field, message })),
    changes: plan.outcomes.flatMap((o) => (o.outcome === 'unchanged' ? [] : [{ ...o, outcome: o.outcome }])),
  };
}

/** Everything a plan is checked against, read once for the whole file. */
async function registerFacts(tx: Tx, editor: RegisterEditor, now: Date): Promise<RegisterFacts> {
  const day = vietnamDate(now);
  const agencies = await tx
    .selectFrom('agency')
    .select(['code', 'name', 'kind', 'parent_code', 'admin_unit_code', 'valid_from', 'valid_to'])
    .execute();
  const units = await tx
    .selectFrom('admin_unit')
    .select(['code', 'level', 'parent_code'])
    .where('valid_from', '<=', day)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)]))
    .execute();
  const held = await tx
    .selectFrom('dossier')
    .select(['agency_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'not in', [...terminalStatuses])
    .groupBy('agency_code')
    .execute();
  const unitOf = new Map(
    units.map((u) => [
      u.code,
      {
        level: u.level as 'province' | 'commune',
        provinceCode: u.level === 'province' ? u.code : (u.parent_code ?? ''),
      },
    ]),
  );
  const heldAt = new Map(held.map((h) => [h.agency_code, Number(h.n)]));
  return {
    agencies: new Map(agencies.map((a) => [a.code, agencyOf(a)])),
    unitOf: (code) => unitOf.get(code),
    heldAt: (code) => heldAt.get(code) ?? 0,
    today: day,
    mayManage: await managerOf(tx, editor, now),
  };
}

const agencyOf = (a: {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  admin_unit_code: string;
  valid_from: string;
  valid_to: string | null;
}): Agency => ({
  code: a.code,
  name: a.name,
  kind: a.kind as AgencyKind,
  parentCode: a.parent_code,
  adminUnitCode: a.admin_unit_code,
  validFrom: String(a.valid_from).slice(0, 10),
  validTo: a.valid_to === null ? null : String(a.valid_to).slice(0, 10),
});

/**
 * Whether the editor may write an agency: one it reaches with agency.manage, under a parent it
 * reaches (a new agency, or a move); an agency without a parent (a ministry, a province's
 * committee) only by a national administrator.
 */
async function managerOf(tx: Tx, editor: RegisterEditor, now: Date): Promise<RegisterFacts['mayManage']> {
  if (editor.kind === 'system') return () => true;
  const reach = await reachSet(tx, editor.accountId, 'agency.manage', now);
  if (reach.national) return () => true;
  return (agency, before) =>
    agency.parentCode !== null &&
    reach.has(agency.parentCode) &&
    (before === undefined ||
      (reach.has(before.code) && (before.parentCode === null || reach.has(before.parentCode))));
}

type WriteOptions = { source: 'api' | 'import'; successors?: ReadonlyMap<string, string> | undefined };

/** Writes the plan: agencies (parents first), their revisions, the audit entries, the roll-up view. */
async function writePlan(
  tx: Tx,
  editor: RegisterEditor,
  plan: RegisterPlan,
  opts: WriteOptions,
  now: Date,
  meta: RequestMeta,
): Promise<void> {
  await insertCreated(
    tx,
    plan.writes.filter((w) => w.outcome === 'created').map((w) => w.agency),
  );
  const revisions = await updateChanged(tx, plan, opts);
  const history = revisionsOf(plan, revisions, editor, opts, now);
  for (let i = 0; i < history.length; i += 1000)
    await tx
      .insertInto('agency_revision')
      .values(history.slice(i, i + 1000))
      .execute();
  await recordAudits(
    tx,
    history.map((h) => ({
      actorKind: editor.kind === 'staff' ? 'staff' : 'system',
      actorId: h.changed_by,
      action: `agency.${h.change}`,
      targetKind: 'agency',
      targetId: h.code,
      agencyCode: h.code,
      detail: {
        revision: h.revision,
        source: h.source,
        name: h.name,
        parentCode: h.parent_code,
        validTo: h.valid_to,
      },
    })),
    now,
    meta,
  );
  // The indicator sums roll agencies up to their province through this.
  await sql`REFRESH MATERIALIZED VIEW agency_province`.execute(tx);
}

/** New agencies, a thousand a statement, in the plan's order (a parent before its children). */
async function insertCreated(tx: Tx, created: Agency[]): Promise<void> {
  for (let i = 0; i < created.length; i += 1000)
    await tx
      .insertInto('agency')
      .values(
        created.slice(i, i + 1000).map((a) => ({
          code: a.code,
          name: a.name,
          search_name: agencySearchName(a),
          kind: a.kind,
          parent_code: a.parentCode,
          admin_unit_code: a.adminUnitCode,
          valid_from: a.validFrom,
          valid_to: a.validTo,
        })),
      )
      .execute();
}

/** Changed and closed agencies, each moved to its next revision; the revision numbers by code. */
async function updateChanged(tx: Tx, plan: RegisterPlan, opts: WriteOptions): Promise<Map<string, number>> {
  const revisions = new Map<string, number>();
  for (const { agency: a, outcome } of plan.writes.filter((w) => w.outcome !== 'created')) {
    const row = await tx
      .updateTable('agency')
      .set({
        name: a.name,
        search_name: agencySearchName(a),
        parent_code: a.parentCode,
        admin_unit_code: a.adminUnitCode,
        valid_from: a.validFrom,
        valid_to: a.validTo,
        successor_code: outcome === 'closed' ? (opts.successors?.get(a.code) ?? null) : undefined,
        revision: sql`revision + 1`,
      })
      .where('code', '=', a.code)
      .returning('revision')
      .executeTakeFirstOrThrow();
    revisions.set(a.code, row.revision);
  }
  return revisions;
}

/** The history rows of a plan: what each agency became, from which day, by whom. */
function revisionsOf(
  plan: RegisterPlan,
  revisions: ReadonlyMap<string, number>,
  editor: RegisterEditor,
  opts: WriteOptions,
  now: Date,
) {
  const today = vietnamDate(now);
  return plan.writes.map(({ agency: a, outcome }) => {
    const successor = outcome === 'closed' ? (opts.successors?.get(a.code) ?? null) : null;
    return {
      code: a.code,
      revision: revisions.get(a.code) ?? 0,
      change: successor ? ('merged' as const) : outcome,
      name: a.name,
      kind: a.kind,
      parent_code: a.parentCode,
      admin_unit_code: a.adminUnitCode,
      valid_from: a.validFrom,
      valid_to: a.validTo,
      successor_code: successor,
      effective_on: outcome === 'created' ? a.validFrom : outcome === 'closed' ? (a.validTo ?? today) : today,
      changed_at: now,
      changed_by: editor.kind === 'staff' ? editor.accountId : null,
      source: opts.source,
    };
  });
}
