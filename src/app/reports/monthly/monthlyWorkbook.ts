import { vi } from '../../../domain/i18n/vi.js';
import { vnDayTime, vnMonth } from '../../../domain/calendar/localDate.js';
import type ExcelJS from 'exceljs';
import { excel } from '../../export/excel.js';
import { addIndicatorRow, indicatorHeadings } from '../indicatorWorkbook.js';
import type { LateRow, MonthlySnapshot } from './monthlySnapshot.js';

export const monthlySheets = {
  summary: vi.report.tongHop,
  provinces: vi.report.chiSoTheoTinh,
  agencies: vi.report.chiSoTheoCoQuan,
  ministries: vi.report.chiSoTheoBo,
  completion: vi.report.tyLeTrienKhai,
  late: vi.report.quaHanNhieuNhat,
  feedback: vi.report.phanAnhKhoKhan,
} as const;

const bold = { bold: true };

/** A sheet's title lines: what it is, for which scope and month. */
function title(s: MonthlySnapshot, sheet: ExcelJS.Worksheet, text: string): void {
  sheet.addRow([text]).font = { bold: true, size: 13 };
  sheet.addRow([vi.report.scopeMonth(s.scope.name, vnMonth(s.month))]);
  sheet.addRow([]);
}

/** The summary sheet: the indicators of Decision 766 and the score. */
function summarySheet(book: ExcelJS.Workbook, s: MonthlySnapshot): void {
  const summary = book.addWorksheet(monthlySheets.summary);
  title(s, summary, vi.report.baoCaoKetQuaGiaiQuyetThu);
  const i = s.total.indicators;
  const lines: [string, number | null, string?][] = [
    [vi.report.hoSoTiepNhanTrongThang, i.received.total],
    [`  ${vi.report.trucTiep}`, i.received.byChannel.counter],
    [`  ${vi.report.trucTuyen2}`, i.received.byChannel.online],
    [`  ${vi.report.quaBuuChinh}`, i.received.byChannel.postal],
    [vi.report.kyTruocChuyenSang, i.carriedOver],
    [vi.report.daGiaiQuyet, i.finished.total],
    [`  ${vi.report.truocHan}`, i.finished.beforeDue],
    [`  ${vi.report.dungHan2}`, i.finished.onTime],
    [`  ${vi.report.quaHan}`, i.finished.late],
    [vi.report.dangGiaiQuyetCuoiThang, i.inProgress.total],
    [`  ${vi.report.trongHan}`, i.inProgress.onTime],
    [`  ${vi.report.quaHan}`, i.inProgress.late],
    [vi.report.tamDung, i.paused],
    [vi.report.tyLeGiaiQuyetDungHan, i.rates.onTime, '0.0%'],
    [vi.report.tyLeHoSoTrucTuyen, i.rates.online, '0.0%'],
    [vi.report.tyLeSoHoaHoSo, i.rates.digitization, '0.0%'],
    [vi.report.tyLeTaiSuDungDuLieu, i.rates.reuse, '0.0%'],
    [vi.report.tyLeSoHoaKetQua, i.rates.resultDigitization, '0.0%'],
    [vi.report.tyLeThanhToanTrucTuyen, i.rates.onlinePayment, '0.0%'],
    [vi.report.tyLeHaiLong, i.rates.satisfaction, '0.0%'],
  ];
  const score = s.total.score;
  lines.push([vi.report.scoreHeading(score.version, score.measuredMax), score.points]);
  for (const g of score.groups) lines.push([`  ${vi.report.scoreGroup(g.name, g.max)}`, g.points]);
  for (const [name, value, fmt] of lines) {
    const row = summary.addRow([name, value]);
    if (fmt) row.getCell(2).numFmt = fmt;
  }
  summary.addRow([]);
  summary.addRow([vi.report.madeAt(vnDayTime(s.generatedAt))]);
  summary.getColumn(1).width = 40;
  summary.getColumn(2).width = 16;
}

/** The indicators by province, agency or ministry. */
function indicatorSheets(book: ExcelJS.Workbook, s: MonthlySnapshot): void {
  const i = s.total.indicators;
  const table = (
    name: string,
    heading: string,
    rows: { code: string; name: string; indicators: typeof i }[],
  ) => {
    const sheet = book.addWorksheet(name);
    title(s, sheet, heading);
    sheet.addRow(['STT', vi.report.ma, vi.report.ten, ...indicatorHeadings]).font = bold;
    rows.forEach((r, n) => addIndicatorRow(sheet, n + 1, r.code, r.name, r.indicators));
    addIndicatorRow(sheet, '', '', vi.report.tongCong, i).font = bold;
    sheet.columns.forEach((c, n) => (c.width = n === 2 ? 44 : n === 1 ? 16 : 12));
  };
  if (s.scope.kind === 'national')
    table(
      monthlySheets.provinces,
      vi.report.chiSoPhucVuTheoTinhThanh,
      s.provinces.map((p) => ({ code: p.province, name: p.provinceName, indicators: p.indicators })),
    );
  else
    table(
      monthlySheets.agencies,
      vi.report.chiSoPhucVuTheoCoQuan,
      s.agencies.map((a) => ({ code: a.agency, name: a.agencyName, indicators: a.indicators })),
    );
  if (s.scope.kind === 'national') {
    const sheet = book.addWorksheet(monthlySheets.ministries);
    title(s, sheet, vi.report.chiSoPhucVuCuaCacBo);
    sheet.addRow(['STT', vi.report.ma, vi.report.boNganh, ...indicatorHeadings]).font = bold;
    s.ministries.forEach((m, n) => addIndicatorRow(sheet, n + 1, m.code, m.name, m.indicators));
    if (s.ministries.length === 0) sheet.addRow(['', '', vi.report.khongCoHoSoDoCoQuan2]);
    sheet.columns.forEach((c, n) => (c.width = n === 2 ? 44 : n === 1 ? 16 : 12));
  }
}

/** The completion of central deployment by ministry. */
function completionSheet(book: ExcelJS.Workbook, s: MonthlySnapshot): void {
  const completion = book.addWorksheet(monthlySheets.completion);
  title(s, completion, vi.report.tyLeHoanThanhTrienKhaiTap);
  completion.addRow([
    'STT',
    vi.report.boNganh,
    vi.report.tthcCapTinhXa,
    vi.report.daTrienKhaiTapTrung,
    vi.report.daBatDau,
    vi.report.tyLe,
    vi.report.ghiChu,
  ]).font = bold;
  s.completion.forEach((c, n) => {
    const row = completion.addRow([
      n + 1,
      c.ministry.name,
      c.required,
      c.deployed,
      c.started,
      c.percent === null ? null : c.percent / 100,
      c.flagged ? vi.report.soLieuLoiSoDaTrienKhai : '',
    ]);
    row.getCell(6).numFmt = '0.00%';
  });
  const req = s.completion.reduce((n, c) => n + c.required, 0);
  const dep = s.completion.reduce((n, c) => n + c.deployed, 0);
  const totalRow = completion.addRow([
    '',
    vi.report.tongCong,
    req,
    dep,
    s.completion.reduce((n, c) => n + c.started, 0),
    req > 0 ? dep / req : null,
  ]);
  totalRow.font = bold;
  totalRow.getCell(6).numFmt = '0.00%';
  completion.getColumn(2).width = 50;
  [3, 4, 5, 6].forEach((c) => (completion.getColumn(c).width = 16));
  completion.getColumn(7).width = 50;
}

/** The procedures and agencies with the most late dossiers. */
function lateSheet(book: ExcelJS.Workbook, s: MonthlySnapshot): void {
  const late = book.addWorksheet(monthlySheets.late);
  title(s, late, vi.report.thuTucVaCoQuanCoNhieu);
  const lateTable = (heading: string, rows: LateRow[]) => {
    late.addRow([heading]).font = bold;
    late.addRow([
      'STT',
      vi.report.ma,
      vi.report.ten,
      vi.report.daGiaiQuyet,
      vi.report.giaiQuyetQuaHan,
      vi.report.dangQuaHanCuoiThang,
      vi.report.tongQuaHan,
    ]).font = bold;
    rows.forEach((r, n) =>
      late.addRow([
        n + 1,
        r.code,
        r.name,
        r.finished,
        r.finishedLate,
        r.openLate,
        r.finishedLate + r.openLate,
      ]),
    );
    if (rows.length === 0) late.addRow(['', '', vi.report.khongCoHoSoQuaHan]);
    late.addRow([]);
  };
  lateTable(vi.report.thuTucHanhChinh, s.topLateProcedures);
  lateTable(vi.report.coQuanTiepNhan, s.topLateAgencies);
  late.getColumn(3).width = 60;
  late.getColumn(2).width = 16;
  [4, 5, 6, 7].forEach((c) => (late.getColumn(c).width = 16));
}

/** Feedback and difficulties received in the month. */
function feedbackSheet(book: ExcelJS.Workbook, s: MonthlySnapshot): void {
  const feedback = book.addWorksheet(monthlySheets.feedback);
  title(s, feedback, vi.report.phanAnhKienNghiVaKhoKhan);
  feedback.addRow([
    vi.report.loai,
    vi.report.linhVuc,
    vi.report.tiepNhan,
    vi.report.daTraLoi,
    vi.report.traLoiQuaHan,
    vi.report.dangXuLy,
    vi.report.quaHanChuaTraLoi,
  ]).font = bold;
  for (const f of s.feedback)
    feedback.addRow([
      f.kind === 'citizen' ? vi.report.phanAnhCuaNguoiDan : vi.report.khoKhanVuongMacCuaDiaPhuong,
      f.categoryName,
      f.received,
      f.answered,
      f.answeredLate,
      f.open,
      f.openLate,
    ]);
  const sum = (k: 'received' | 'answered' | 'answeredLate' | 'open' | 'openLate') =>
    s.feedback.reduce((n, f) => n + f[k], 0);
  feedback.addRow([
    vi.report.tongCong,
    '',
    sum('received'),
    sum('answered'),
    sum('answeredLate'),
    sum('open'),
    sum('openLate'),
  ]).font = bold;
  ministryDifficulties(feedback, s);
  feedback.getColumn(1).width = 36;
  feedback.getColumn(2).width = 44;
  [3, 4, 5, 6, 7].forEach((c) => (feedback.getColumn(c).width = 16));
}

/**
 * The monthly report as a workbook, one sheet per section, every number from the stored
 * snapshot: the file can be rebuilt from it and says exactly what the snapshot says.
 */
export async function monthlyWorkbook(s: MonthlySnapshot): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  book.creator = 'motcua';
  book.created = new Date(s.generatedAt);
  for (const sheet of [summarySheet, indicatorSheets, completionSheet, lateSheet, feedbackSheet])
    sheet(book, s);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Below the feedback table: difficulties counted by the ministry owning their procedure. */
function ministryDifficulties(sheet: ExcelJS.Worksheet, s: MonthlySnapshot): void {
  sheet.addRow([]);
  sheet.addRow([vi.report.difficultiesByMinistryHeading]).font = bold;
  sheet.addRow([
    vi.report.boQuanLy,
    '',
    vi.report.soBaoCao,
    vi.report.daChuyenBo,
    vi.report.daTraLoi,
    vi.report.traLoiQuaHan,
    vi.report.dangXuLy,
    vi.report.daKhacPhuc,
  ]).font = bold;
  for (const m of s.difficultiesByMinistry ?? [])
    sheet.addRow([m.name, m.code, m.reported, m.forwarded, m.answered, m.answeredLate, m.open, m.fixed]);
}
