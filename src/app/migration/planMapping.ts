import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import { draftSteps, sourceNodes, type StepMapping } from '../../domain/migration/draftSteps.js';
import { sql } from 'kysely';
import {
  draftMapping,
  sourceUnit,
  type Mapping,
  type SourceOfficial,
  type SourceProcedure,
  type SourceUnit,
} from '../../domain/migration/draftMapping.js';
import { isBlank, valueOf } from '../../domain/migration/sourceValues.js';
import type { AppContext } from '../context.js';
import { problem } from '../problems.js';
import { vi } from '../../domain/i18n/vi.js';
import { readSourceFile, type FileProblem } from './readExport.js';

/**
 * Workflow positions: each case's nodes (`TruongHopThuTucs`, when the export has it) onto the steps
 * of the workflow bound here for its procedure; the unmapped first.
 */
async function planSteps(ctx: AppContext, dir: string, mapping: Mapping): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  const live = (c: Readonly<Record<string, string>>) => isBlank(c['DeletedOn']);
  const cases: { procedure: string; nodes: string | undefined; line: number }[] = [];
  if (existsSync(join(dir, 'TruongHopThuTucs.csv')))
    problems.push(
      ...(await readSourceFile(
        join(dir, 'TruongHopThuTucs.csv'),
        'TruongHopThuTucs.csv',
        ['ThuTucId', 'NodeQuyTrinh', 'DeletedOn'],
        (r) => {
          if (live(r.cells))
            cases.push({
              procedure: (r.cells['ThuTucId'] ?? '').trim(),
              nodes: r.cells['NodeQuyTrinh'],
              line: r.line,
            });
        },
      )),
    );
  const steps: StepMapping[] = [];
  for (const c of cases) {
    const nodes = sourceNodes(c.procedure, c.nodes);
    if (nodes === null) {
      problems.push({
        file: 'TruongHopThuTucs.csv',
        row: c.line,
        reason: 'unreadable',
        detail: vi.migration.badNodes,
      });
      continue;
    }
    const target = mapping.procedures.find((p) => p.source === c.procedure)?.procedure;
    steps.push(...draftSteps(nodes, target ? await workflowSteps(ctx, target) : []));
  }
  steps.sort((a, b) => Number(a.found !== 'unmapped') - Number(b.found !== 'unmapped'));
  mapping.steps = steps;
  mapping.unmapped.steps = steps.filter((x) => x.found === 'unmapped').length;
  return problems;
}

/** The steps of the latest workflow of a procedure's version in force (none when it has none). */
async function workflowSteps(ctx: AppContext, procedure: string): Promise<WorkflowStep[]> {
  const row = await ctx.db
    .selectFrom('workflow_template as t')
    .innerJoin('procedure_version as v', (j) =>
      j.onRef('v.procedure_code', '=', 't.procedure_code').onRef('v.version_no', '=', 't.version_no'),
    )
    .select('t.steps')
    .where('t.procedure_code', '=', procedure)
    .where('v.status', '=', 'published')
    .where('t.case_code', '=', '')
    .orderBy('t.revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (row?.steps ?? []) as WorkflowStep[];
}

/**
 * `migrate-in plan`: the draft mapping of an export's units, procedures and officials onto the
 * agencies, catalog and accounts of one province of motcua, for an administrator to review. Reads
 * the export's Groups, ThuTucs and Users files (soft-deleted rows left out) and writes nothing.
 */
export async function planMapping(
  ctx: AppContext,
  dir: string,
  province: string,
): Promise<{ mapping: Mapping; problems: FileProblem[] }> {
  const units: SourceUnit[] = [];
  const procedures: SourceProcedure[] = [];
  const officials: SourceOfficial[] = [];
  const live = (c: Readonly<Record<string, string>>) => isBlank(c['DeletedOn']);
  const problems = [
    ...(await readSourceFile(
      join(dir, 'Groups.csv'),
      'Groups.csv',
      ['GroupCode', 'GroupName', 'Catalog', 'MaDinhDanh', 'MaHuyen', 'MaXa', 'DeletedOn'],
      (r) => {
        if (live(r.cells)) units.push(sourceUnit(r.cells));
      },
    )),
    ...(await readSourceFile(
      join(dir, 'ThuTucs.csv'),
      'ThuTucs.csv',
      ['MaTTHC', 'TenTTHC', 'DeletedOn'],
      (r) => {
        if (live(r.cells))
          procedures.push({
            code: (r.cells['MaTTHC'] ?? '').trim(),
            name: valueOf(r.cells['TenTTHC']) ?? '',
          });
      },
    )),
    ...(await readSourceFile(
      join(dir, 'Users.csv'),
      'Users.csv',
      ['Id', 'UserName', 'FullName', 'TypeUser', 'GroupCode', 'SoDinhDanh', 'DeletedOn'],
      (r) => {
        if (live(r.cells) && r.cells['TypeUser'] === 'CanBo')
          officials.push({
            id: (r.cells['Id'] ?? '').trim().toLowerCase(),
            userName: (r.cells['UserName'] ?? '').trim(),
            fullName: valueOf(r.cells['FullName']) ?? '',
            groupCode: (r.cells['GroupCode'] ?? '').trim().toUpperCase(),
            idNumber: valueOf(r.cells['SoDinhDanh'])?.trim() ?? null,
          });
      },
    )),
  ];
  const db = ctx.db;
  const unit = await db
    .selectFrom('admin_unit')
    .select('code')
    .where('code', '=', province)
    .where('level', '=', 'province')
    .where('valid_to', 'is', null)
    .executeTakeFirst();
  if (!unit) throw problem('validation', vi.migration.noProvince(province));
  const { rows: agencies } = await sql<{ code: string; name: string; kind: string; unit: string }>`
    SELECT a.code, a.name, a.kind, a.admin_unit_code AS unit FROM agency a
    JOIN admin_unit u ON u.code = a.admin_unit_code AND u.valid_to IS NULL
    WHERE (u.code = ${province} OR u.parent_code = ${province}) AND a.valid_to IS NULL`.execute(db);
  const { rows: lineage } = await sql<{ unit: string; predecessor: string; mergeType: 'full' | 'partial' }>`
    SELECT l.unit_code AS unit, l.predecessor_code AS predecessor, l.merge_type AS "mergeType"
    FROM admin_unit_lineage l JOIN admin_unit u ON u.code = l.unit_code AND u.valid_from = l.unit_valid_from
    WHERE u.parent_code = ${province} AND u.valid_to IS NULL`.execute(db);
  const catalog = await db.selectFrom('procedure').select(['code', 'name']).execute();
  const { rows: accounts } = await sql<{
    username: string;
    fullName: string;
    idNumber: string | null;
    agency: string;
  }>`
    SELECT a.username, a.full_name AS "fullName", a.id_number AS "idNumber", a.agency_code AS agency
    FROM account a WHERE a.agency_code = ANY(${agencies.map((x) => x.code)}::text[])`.execute(db);
  const mapping = draftMapping(
    { units, procedures, officials },
    { province, agencies, lineage, procedures: catalog, accounts },
  );
  problems.push(...(await planSteps(ctx, dir, mapping)));
  return { mapping, problems };
}
