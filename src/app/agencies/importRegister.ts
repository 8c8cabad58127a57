import { registerHeading, type RegisterField, type RegisterRow } from '../../domain/agencies/register.js';
import { vi } from '../../domain/i18n/vi.js';
import type { RequestMeta } from '../audit/auditLog.js';
import type { AppContext } from '../context.js';
import { readTable } from '../imports/readTable.js';
import { problem } from '../problems.js';
import { applyRegister, type RegisterEditor, type RegisterReport } from './agencyRegister.js';

/**
 * Imports the e-ID register from a CSV or Excel file: a dry run says row by row what would be
 * created, changed, closed or refused and why; the same file applied does it (rows refused are
 * left out, the rest go in together). Refusals name the file's own column headings. The editor is
 * established before the file is read (`registerEditor`).
 */
export async function importRegister(
  ctx: AppContext,
  editor: RegisterEditor,
  file: Buffer,
  dryRun: boolean,
  meta: RequestMeta,
): Promise<RegisterReport> {
  const table = await readTable(file);
  const { at, missing } = registerHeading(table.heading);
  if (missing.length > 0)
    throw problem(
      'import-invalid',
      vi.register.missingColumns(missing.join(', ')),
      missing.map((f) => ({ field: f, message: vi.register.missingColumns(f) })),
    );
  const headingOf = new Map<string, string>(
    (Object.entries(at) as [RegisterField, number][]).map(([f, i]) => [f, table.heading[i] ?? f]),
  );
  const fields = Object.entries(at) as [RegisterField, number][];
  const formulaRefusals: RegisterReport['refused'] = [];
  const rows: RegisterRow[] = [];
  for (const r of table.rows) {
    const formulas = fields.filter(([, i]) => r.formulas.includes(i));
    if (formulas.length > 0) {
      formulaRefusals.push(
        ...formulas.map(([f]) => ({ row: r.row, field: f, message: vi.register.formula })),
      );
      continue;
    }
    rows.push({ row: r.row, cells: Object.fromEntries(fields.map(([f, i]) => [f, r.cells[i] ?? ''])) });
  }
  const { report } = await applyRegister(ctx, editor, rows, { dryRun, source: 'import' }, meta);
  return {
    ...report,
    refused: [...formulaRefusals, ...report.refused]
      .map((x) => ({ ...x, field: headingOf.get(x.field) ?? x.field }))
      .sort((a, b) => a.row - b.row),
  };
}
