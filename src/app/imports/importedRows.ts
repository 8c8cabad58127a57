import { vi } from '../../domain/i18n/vi.js';
import { problem } from '../problems.js';
import { readTable } from './readTable.js';

/** A row refused, by its line in the file and the field (named by the file's own heading once told). */
export interface RowRefusal {
  row: number;
  field: string;
  message: string;
}

/**
 * An imported file as rows of fields: the columns found by `heading` (a file missing a required
 * one is refused whole), rows with a formula in a used cell refused at once, and a way to name
 * every refusal by the file's own column heading, sorted by row.
 */
export async function importedRows<F extends string>(
  file: Buffer,
  heading: (h: readonly string[]) => { at: Partial<Record<F, number>>; missing: F[] },
): Promise<{
  rows: { row: number; cells: Partial<Record<F, string>> }[];
  refused: RowRefusal[];
  inFileTerms: (refused: readonly RowRefusal[]) => RowRefusal[];
}> {
  const table = await readTable(file);
  const { at, missing } = heading(table.heading);
  if (missing.length > 0)
    throw problem(
      'import-invalid',
      vi.register.missingColumns(missing.join(', ')),
      missing.map((f) => ({ field: f, message: vi.register.missingColumns(f) })),
    );
  const fields = Object.entries(at) as [F, number][];
  const headingOf = new Map<string, string>(fields.map(([f, i]) => [f, table.heading[i] ?? f]));
  const refused: RowRefusal[] = [];
  const rows: { row: number; cells: Partial<Record<F, string>> }[] = [];
  for (const r of table.rows) {
    const formulas = fields.filter(([, i]) => r.formulas.includes(i));
    if (formulas.length > 0)
      refused.push(...formulas.map(([f]) => ({ row: r.row, field: f, message: vi.register.formula })));
    else
      rows.push({
        row: r.row,
        cells: Object.fromEntries(fields.map(([f, i]) => [f, r.cells[i] ?? ''])) as Partial<
          Record<F, string>
        >,
      });
  }
  return {
    rows,
    refused,
    inFileTerms: (all) =>
      all.map((x) => ({ ...x, field: headingOf.get(x.field) ?? x.field })).sort((a, b) => a.row - b.row),
  };
}
