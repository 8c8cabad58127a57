import { access } from 'node:fs/promises';
import { routeAt, type RouteMode } from '../../domain/catalog/deploymentRoute.js';
import type { Mapping } from '../../domain/migration/draftMapping.js';
import type { AppContext } from '../context.js';
import { join } from 'node:path';
import {
  SourceChecker,
  type CheckMapping,
  type SourceCheck,
  type SourceRow,
} from '../../domain/migration/checkSource.js';
import { readSourceFile, requiredColumns, type FileProblem } from './readExport.js';

export interface ExportCheck {
  /** Files that could not be read as the layout says: when any, nothing may be imported. */
  problems: FileProblem[];
  check: SourceCheck;
  /** The ids of history rows naming a dossier the export does not hold. */
  orphanHistoryIds: string[];
  attachments: { referenced: number; missing: string[] };
  /** Whether a dossier code passes the check (what an import brings in). */
  accepts: (code: string) => boolean;
}

/**
 * The dry run of `migrate-in check`: streams an export folder (the CSV files, and `files/`, the
 * attachment store at the paths the rows name) through the checker, writes nothing.
 */
export async function checkExport(
  dir: string,
  opts: {
    asOf: string;
    mapping?: CheckMapping | undefined;
    /** Each history row the check keeps, as it passes (an import stages them in the same read). */
    onHistory?: (r: SourceRow) => void | Promise<void>;
  },
): Promise<ExportCheck> {
  const checker = new SourceChecker(opts.asOf, opts.mapping);
  const problems: FileProblem[] = [];
  const read = async (file: keyof typeof requiredColumns, onRow: (r: SourceRow) => void | Promise<void>) =>
    problems.push(
      ...(await readSourceFile(join(dir, `${file}.csv`), `${file}.csv`, requiredColumns[file], onRow)),
    );
  // In this order: the catalog, then the dossiers, then what hangs off them.
  await read('ThuTucs', (r) => checker.procedure(r));
  await read('HoSos', (r) => checker.dossier(r));
  const onHistory = opts.onHistory;
  await read('QuaTrinhXuLyHoSos', (r) => {
    // Staged only while the export is sound so far: nothing is written from a broken one.
    if (checker.historyRow(r) && onHistory && problems.length === 0) return onHistory(r);
  });
  for (const file of ['ThanhPhanHoSos', 'YeuCauThanhToans', 'HoSoBoSungs', 'KetQuaLienQuans'] as const)
    await read(file, (r) => checker.related(file, r));
  const check = checker.result();
  const missing: string[] = [];
  for (const path of check.attachments) {
    try {
      await access(join(dir, 'files', path));
    } catch {
      missing.push(path);
    }
  }
  return {
    problems,
    check,
    orphanHistoryIds: check.refused.filter((r) => r.reason === 'orphan_history').map((r) => r.key),
    attachments: { referenced: check.attachments.length, missing },
    accepts: (code) => checker.accepts(code),
  };
}

/**
 * A reviewed mapping file (`migrate-in plan`'s output, edited) as the dry run applies it, with the
 * procedures received centrally in its province on the cut-over day (the routes in force then).
 */
export async function mappingForCheck(
  ctx: AppContext,
  mapping: Mapping,
  asOf: string,
): Promise<CheckMapping> {
  const at = new Date(`${asOf}T00:00:00+07:00`);
  const rows = await ctx.db
    .selectFrom('deployment_route')
    .select(['procedure_code', 'mode', 'effective_from'])
    .where('province_code', '=', mapping.province)
    .execute();
  const history = new Map<string, { mode: RouteMode; effectiveFrom: Date }[]>();
  for (const r of rows) {
    const list = history.get(r.procedure_code) ?? [];
    list.push({ mode: r.mode, effectiveFrom: r.effective_from });
    history.set(r.procedure_code, list);
  }
  const central = new Set(
    [...history].filter(([, h]) => routeAt(h, at)?.mode === 'central').map(([code]) => code),
  );
  return {
    units: new Map(mapping.units.map((u) => [u.groupCode.toUpperCase(), u.agency])),
    procedures: new Map(mapping.procedures.map((p) => [p.source, p.procedure])),
    central,
  };
}
