import type ExcelJS from 'exceljs';

/**
 * ExcelJS, loaded at the first workbook: it is the heaviest module of the server (~0.2 s to load),
 * and most processes (a restart, a test, a node that never exports) never write one.
 */
export async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
