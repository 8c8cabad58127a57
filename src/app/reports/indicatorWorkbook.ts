import { vi } from '../../domain/i18n/vi.js';
import { vnDay } from '../../domain/calendar/localDate.js';
import type ExcelJS from 'exceljs';
import { excel } from '../export/excel.js';
import type { Indicators } from '../../domain/reports/indicators.js';
import type { AgencyIndicators } from './serviceIndicators.js';

const percent = (v: number | null) => (v === null ? null : Number(v.toFixed(6)));

/** The indicator columns of every indicator sheet, after STT, code and name. */
export const indicatorHeadings = [
  vi.report.tiepNhan,
  vi.report.kyTruocChuyenSang,
  vi.report.daGiaiQuyet,
  vi.report.truocHan2,
  vi.report.dungHan,
  vi.report.quaHan2,
  vi.report.dangGiaiQuyet,
  vi.report.dangQuaHan,
  vi.report.tamDung,
  vi.report.tyLeDungHan,
  vi.report.tyLeTrucTuyen,
  vi.report.tyLeSoHoa,
  vi.report.tyLeHaiLong,
];

/** Adds a row of one line's indicators (counts, then rates as real percentage cells). */
export function addIndicatorRow(
  sheet: ExcelJS.Worksheet,
  i: number | string,
  code: string,
  name: string,
  r: Indicators,
): ExcelJS.Row {
  const row = sheet.addRow([
    i,
    code,
    name,
    r.received.total,
    r.carriedOver,
    r.finished.total,
    r.finished.beforeDue,
    r.finished.onTime,
    r.finished.late,
    r.inProgress.total,
    r.inProgress.late,
    r.paused,
    percent(r.rates.onTime),
    percent(r.rates.online),
    percent(r.rates.digitization),
    percent(r.rates.satisfaction),
  ]);
  for (const c of [13, 14, 15, 16]) row.getCell(c).numFmt = '0.0%';
  return row;
}

/**
 * The indicators by agency as an Excel sheet (what the screen shows, nothing wider): counts, then
 * the rates as real percentage cells; a total row at the bottom.
 */
export async function indicatorWorkbook(
  rows: AgencyIndicators[],
  total: AgencyIndicators['indicators'],
  period: { from: string; to: string },
  ministry?: { name: string } | null,
): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  book.creator = 'motcua';
  const sheet = book.addWorksheet(vi.report.chiSoTheoCoQuan);
  sheet.addRow([vi.report.byAgencyTitle(vnDay(period.from), vnDay(period.to))]).font = {
    bold: true,
  };
  sheet.addRow(ministry ? [vi.report.thuTucCuaBo(ministry.name)] : []);
  sheet.addRow([
    'STT',
    vi.report.maCoQuan,
    vi.report.coQuan,
    ...indicatorHeadings,
    vi.report.nhanThayNoiKhac,
  ]).font = { bold: true };
  const forOthers = indicatorHeadings.length + 4;
  rows.forEach((r, i) => {
    addIndicatorRow(sheet, i + 1, r.agency, r.agencyName, r.indicators).getCell(forOthers).value =
      r.receivedForOthers;
  });
  const totalRow = addIndicatorRow(sheet, '', '', vi.report.tongCong, total);
  totalRow.getCell(forOthers).value = rows.reduce((n, r) => n + r.receivedForOthers, 0);
  totalRow.font = { bold: true };
  sheet.columns.forEach((c, i) => (c.width = i === 2 ? 50 : i === 1 ? 16 : 12));
  return Buffer.from(await book.xlsx.writeBuffer());
}
