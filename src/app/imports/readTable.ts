import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { excel } from '../export/excel.js';
import { vi } from '../../domain/i18n/vi.js';
import { problem } from '../problems.js';

/** A table read from a file: its heading, and each row with its line number (the heading is 1). */
export interface ReadTable {
  heading: string[];
  rows: { row: number; cells: string[]; formulas: number[] }[];
}

/** The most rows one import takes (a national register is ~12,000 agencies, officials ~20,000 a file). */
export const maxImportRows = 50_000;

/**
 * A CSV or Excel file as a table. CSV may be UTF-8 (with or without a byte-order mark) or
 * Windows-1258, the encoding Vietnamese Excel still saves in; separated by commas, semicolons or
 * tabs. In Excel only the first sheet is read; a cell holding a formula is marked, not trusted.
 */
export async function readTable(bytes: Buffer): Promise<ReadTable> {
  const table = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes);
  const rows = table.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (table.heading.every((h) => h.trim() === '') || rows.length === 0)
    throw problem('import-invalid', vi.register.empty);
  if (rows.length > maxImportRows) throw problem('import-invalid', vi.register.tooManyRows(maxImportRows));
  return { heading: table.heading, rows };
}

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The text of a CSV file: UTF-8 when it is valid UTF-8, else Windows-1258; always in NFC. */
export function csvText(bytes: Buffer): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body).normalize('NFC');
  } catch {
    return new TextDecoder('windows-1258').decode(body).normalize('NFC');
  }
}

function readCsv(bytes: Buffer): ReadTable {
  let records: string[][];
  try {
    const text = csvText(bytes);
    records = parse(text, {
      delimiter: delimiterOf(text.slice(0, text.indexOf('\n') >>> 0)),
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    }) as string[][];
  } catch {
    throw problem('import-invalid', vi.register.unreadable);
  }
  const [heading = [], ...rest] = records;
  return { heading, rows: rest.map((cells, i) => ({ row: i + 2, cells, formulas: [] })) };
}

/** The separator of a CSV: whichever of comma, semicolon or tab its heading line uses most. */
function delimiterOf(heading: string): string {
  const count = (c: string) => heading.split(c).length;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best));
}

async function readXlsx(bytes: Buffer): Promise<ReadTable> {
  const { Workbook, ValueType } = await excel();
  const book = new Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw problem('import-invalid', vi.register.unreadable);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw problem('import-invalid', vi.register.empty);
  const width = sheet.columnCount;
  const rows: ReadTable['rows'] = [];
  let heading: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: string[] = [];
    const formulas: number[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = r.getCell(c);
      if (cell.type === ValueType.Formula) formulas.push(c - 1);
      cells.push(cellText(cell));
    }
    if (n === 1) heading = cells;
    else rows.push({ row: n, cells, formulas });
  });
  return { heading, rows };
}

/** A cell as the text a person reads in it: dates as yyyy-mm-dd, rich text joined, formulas empty. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .normalize('NFC');
    if ('text' in v) return String(v.text).normalize('NFC');
    return '';
  }
  return String(v).trim().normalize('NFC');
}
