import { sql } from 'kysely';
import type { StepBinding } from '../../domain/catalog/binding.js';
import { isCommuneKind } from '../../domain/catalog/binding.js';
import type { VersionContent } from '../../domain/catalog/procedureVersion.js';
import { readiness, type ReadinessCell } from '../../domain/catalog/readiness.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import type { ReadinessBoard } from '../../contracts/readiness.js';
import { listCriteria } from './readinessCriteria.js';
import { heldRoles } from '../access/heldRoles.js';
import { routeSwitches, strandedByProvince } from './routeSwitches.js';

/**
 * The readiness of every procedure in every province, with the failing criteria of each cell; by
 * province the agencies that would strand dossiers; the switches ahead and those over the gate.
 */
export function readinessBoard(ctx: AppContext): Promise<ReadinessBoard> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { board, unstaffed } = await deploymentFacts(tx, now);
    return {
      ...board,
      strandedAgencies: await strandedByProvince(tx, unstaffed),
      switches: await routeSwitches(tx, now),
    };
  });
}

/**
 * Where published workflows land a step on an agency whose step role nobody holds now: the
 * "agency/role" key, with the procedures that would wait there. Such an agency would leave a
 * dossier where nobody can receive or process it.
 */
export type UnstaffedSteps = Map<string, Set<string>>;

/** Criteria met by attestation, by "procedure/province". */
async function attestedCriteria(tx: Tx): Promise<Map<string, Set<string>>> {
  const attestations = await sql<{ procedure_code: string; province_code: string; criterion_code: string }>`
      SELECT procedure_code, province_code, criterion_code FROM (
        SELECT DISTINCT ON (procedure_code, province_code, criterion_code) procedure_code, province_code, criterion_code, met
        FROM readiness_attestation ORDER BY procedure_code, province_code, criterion_code, revision DESC) latest
      WHERE met`.execute(tx);
  const attested = new Map<string, Set<string>>();
  for (const a of attestations.rows) {
    const key = `${a.procedure_code}/${a.province_code}`;
    attested.set(key, (attested.get(key) ?? new Set()).add(a.criterion_code));
  }
  return attested;
}

/** Agencies in force by "unit/kind", and the communes of each province. */
async function placeIndex(tx: Tx) {
  const agencies = await tx
    .selectFrom('agency')
    .select(['code', 'kind', 'admin_unit_code'])
    .where('valid_to', 'is', null)
    .execute();
  const communes = await tx
    .selectFrom('admin_unit')
    .select(['code', 'parent_code'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .execute();
  const agencyOf = new Map(agencies.map((a) => [`${a.admin_unit_code}/${a.kind}`, a.code]));
  const communesOf = new Map<string, string[]>();
  for (const c of communes)
    communesOf.set(c.parent_code ?? '', [...(communesOf.get(c.parent_code ?? '') ?? []), c.code]);
  return { agencyOf, communesOf };
}

/** Everything the board is computed from, read in one transaction. */
async function deploymentSources(tx: Tx, now: Date) {
  const provinces = await tx
    .selectFrom('admin_unit')
    .select(['code', 'name'])
    .where('level', '=', 'province')
    .where('valid_to', 'is', null)
    .orderBy('code')
    .execute();
  const procedures = await tx
    .selectFrom('procedure as p')
    .leftJoin('procedure_version as v', (j) =>
      j.onRef('v.procedure_code', '=', 'p.code').on('v.status', '=', 'published'),
    )
    .select(['p.code', 'p.name', 'v.version_no', 'v.content'])
    .orderBy('p.code')
    .execute();
  const templates = await sql<{ procedure_code: string; version_no: number; steps: WorkflowStep[] }>`
      SELECT DISTINCT ON (procedure_code, version_no) procedure_code, version_no, steps FROM workflow_template
      WHERE case_code = '' ORDER BY procedure_code, version_no, revision DESC`.execute(tx);
  const bindings = await sql<{
    procedure_code: string;
    version_no: number;
    unit_code: string;
    steps: StepBinding[];
  }>`
      SELECT DISTINCT ON (procedure_code, version_no, unit_code) procedure_code, version_no, unit_code, steps FROM workflow_binding
      WHERE case_code = '' ORDER BY procedure_code, version_no, unit_code, revision DESC`.execute(tx);
  const overrides = new Map(
    bindings.rows
      .filter((b) => b.unit_code.length === 5)
      .map((b) => [`${b.procedure_code}/${b.version_no}/${b.unit_code}`, b.steps]),
  );
  return {
    provinces,
    procedures,
    templates: templates.rows,
    bindings: bindings.rows,
    overrides,
    staffed: await heldRoles(tx, now),
    criteria: await listCriteria(tx),
    attested: await attestedCriteria(tx),
    ...(await placeIndex(tx)),
  };
}

type Sources = Awaited<ReturnType<typeof deploymentSources>>;
type ProcedureRow = Sources['procedures'][number];

/**
 * Whether every agency a step lands on in a province (per commune: its own override if any, else
 * the province's rule) has someone holding the step's role. Every step is looked at (no early
 * exit): the unstaffed ones are collected for the steering dashboard.
 */
function stepStaffed(
  src: Sources,
  p: ProcedureRow,
  province: string,
  rule: StepBinding[] | undefined,
  step: WorkflowStep,
  unstaffed: UnstaffedSteps,
): boolean {
  const b = rule?.find((x) => x.stepCode === step.code);
  if (!b) return false;
  const targets = new Set(
    (src.communesOf.get(province) ?? []).map((c) => {
      const own = src.overrides
        .get(`${p.code}/${p.version_no}/${c}`)
        ?.find((x) => x.stepCode === step.code)?.agencyCode;
      if (own) return own;
      if (b.agencyCode) return b.agencyCode;
      return b.agencyKind && isCommuneKind(b.agencyKind)
        ? src.agencyOf.get(`${c}/${b.agencyKind}`)
        : src.agencyOf.get(`${province}/${b.agencyKind}`);
    }),
  );
  let ok = true;
  for (const a of targets) {
    if (a === undefined) ok = false;
    else if (!src.staffed.has(`${a}/${step.role}`)) {
      ok = false;
      const key = `${a}/${step.role}`;
      unstaffed.set(key, (unstaffed.get(key) ?? new Set()).add(p.code));
    }
  }
  return ok;
}

/** One procedure's readiness in every province. */
function cellsOf(src: Sources, p: ProcedureRow, unstaffed: UnstaffedSteps): Record<string, ReadinessCell> {
  const content = p.content as VersionContent | null;
  const template = src.templates.find(
    (t) => t.procedure_code === p.code && t.version_no === p.version_no,
  )?.steps;
  const online = content !== null && content.onlineLevel !== 'thong_tin';
  const eform =
    !online ||
    [...content.components, ...content.cases.flatMap((c) => c.components)].some((c) => c.eformSchema);
  const cells: Record<string, ReadinessCell> = {};
  for (const prov of src.provinces) {
    const rule = src.bindings.find(
      (b) => b.procedure_code === p.code && b.version_no === p.version_no && b.unit_code === prov.code,
    )?.steps;
    const stepsStaffed = (template ?? []).map((step) =>
      stepStaffed(src, p, prov.code, rule, step, unstaffed),
    );
    const isStaffed = template !== undefined && rule !== undefined && stepsStaffed.every(Boolean);
    cells[prov.code] = readiness(
      src.criteria,
      {
        published: p.version_no !== null,
        workflow: template !== undefined,
        eform,
        bound: rule !== undefined,
        staffed: isStaffed,
      },
      src.attested.get(`${p.code}/${prov.code}`) ?? new Set(),
    );
  }
  return cells;
}

/** The readiness board, and the unstaffed agency roles found on the way (one pass over the bindings). */
export async function deploymentFacts(
  tx: Tx,
  now: Date,
): Promise<{ board: Omit<ReadinessBoard, 'strandedAgencies' | 'switches'>; unstaffed: UnstaffedSteps }> {
  const src = await deploymentSources(tx, now);
  const unstaffed: UnstaffedSteps = new Map();
  const rows = src.procedures.map((p) => ({ code: p.code, name: p.name, cells: cellsOf(src, p, unstaffed) }));
  return { board: { criteria: src.criteria, provinces: src.provinces, rows }, unstaffed };
}
