import { vi } from '../../domain/i18n/vi.js';
import { vnDay } from '../../domain/calendar/localDate.js';
import { excel } from '../export/excel.js';
import type { CompletionTableRow } from './completionTable.js';

/**
 * The completion table as an Excel workbook, laid out like seed 004's appendix (STT, Tên Bộ,
 * deployed, required, rate), with the rate as a real percentage cell and impossible rows marked.
 */
export async function completionWorkbook(rows: CompletionTableRow[], at: Date): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  book.creator = 'motcua';
  const sheet = book.addWorksheet(vi.report.tyLeTrienKhai);
  sheet.addRow([vi.report.completionTitle(vnDay(at))]);
  sheet.addRow([]);
  const header = sheet.addRow([
    'STT',
    vi.report.tenBo,
    vi.report.soTthcDaTrienKhaiTapTrung,
    vi.report.soTthcPhaiTrienKhai,
    vi.report.tyLeHoanThanh,
    vi.report.ghiChu,
  ]);
  header.font = { bold: true };
  rows.forEach((r, i) => {
    const row = sheet.addRow([
      i + 1,
      r.ministry.name,
      r.deployed,
      r.required,
      // Stored as a fraction formatted 0.00 %, rounded so that 0.45 % is exactly 0.0045.
      r.percent === null ? null : Number((r.percent / 100).toFixed(6)),
      r.flagged ? vi.report.duLieuSaiSoDaTrienKhai : '',
    ]);
    row.getCell(5).numFmt = '0.00%';
    if (r.flagged) row.getCell(6).font = { color: { argb: 'FFC00000' }, bold: true };
  });
  sheet.columns.forEach((c, i) => (c.width = [6, 40, 18, 18, 16, 50][i] ?? 12));
  return Buffer.from(await book.xlsx.writeBuffer());
}
