import { registerHeading } from '../../domain/agencies/register.js';
import type { RequestMeta } from '../audit/auditLog.js';
import type { AppContext } from '../context.js';
import { importedRows } from '../imports/importedRows.js';
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
  const table = await importedRows(file, registerHeading);
  const { report } = await applyRegister(ctx, editor, table.rows, { dryRun, source: 'import' }, meta);
  return { ...report, refused: table.inFileTerms([...table.refused, ...report.refused]) };
}
