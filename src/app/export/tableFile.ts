import { vi } from '../../domain/i18n/vi.js';
import { stringify } from 'csv-stringify/sync';
import { excel } from './excel.js';
import type { Page } from '../pagination.js';

/** One column of an exported table: its Vietnamese heading and how a row fills it. */
export interface Column<T> {
  title: string;
  value: (row: T) => string | number | null;
  /** Excel column width in characters. */
  width?: number;
}

/** The most rows one export carries; a wider selection is narrowed with the screen's filters. */
export const maxExportRows = 50_000;

/**
 * Every row a list query gives, page after page through its own cursor: an export is the screen's
 * query run to the end, so it can show nothing the screen could not.
 */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<Page<T>>,
  max = maxExportRows,
): Promise<{ rows: T[]; truncated: boolean }> {
  const rows: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = await page(cursor);
    rows.push(...p.items);
    if (rows.length >= max)
      return { rows: rows.slice(0, max), truncated: p.nextCursor !== null || rows.length > max };
    if (p.nextCursor === null) return { rows, truncated: false };
    cursor = p.nextCursor;
  }
}

/** CSV in UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly. */
export function tableCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): Buffer {
  const text = stringify(
    [columns.map((c) => c.title), ...rows.map((r) => columns.map((c) => c.value(r) ?? ''))],
    {
      record_delimiter: 'windows',
    },
  );
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** One sheet: a title line, the headings, the rows; a note when the export was cut at the limit. */
export async function tableXlsx<T>(
  title: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  truncated = false,
): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  book.creator = 'motcua';
  const sheet = book.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  sheet.addRow([title]).font = { bold: true };
  if (truncated) sheet.addRow([vi.detail.exportTruncated(rows.length)]);
  sheet.addRow(columns.map((c) => c.title)).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => c.value(r)));
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width ?? 18));
  return Buffer.from(await book.xlsx.writeBuffer());
}
