import ExcelJS from 'exceljs';
import { addIndicatorRow, indicatorHeadings } from '../indicatorWorkbook.js';
import type { LateRow, MonthlySnapshot } from './monthlySnapshot.js';

export const monthlySheets = {
  summary: 'Tổng hợp',
  provinces: 'Chỉ số theo tỉnh',
  agencies: 'Chỉ số theo cơ quan',
  ministries: 'Chỉ số theo bộ',
  completion: 'Tỷ lệ triển khai',
  late: 'Quá hạn nhiều nhất',
  feedback: 'Phản ánh, khó khăn',
} as const;

export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
const bold = { bold: true };

/** A sheet's title lines: what it is, for which scope and month. */
function title(s: MonthlySnapshot, sheet: ExcelJS.Worksheet, text: string): void {
  sheet.addRow([text]).font = { bold: true, size: 13 };
  sheet.addRow([`${s.scope.name} — tháng ${monthLabel(s.month)}`]);
  sheet.addRow([]);
}

/** The summary sheet: the indicators of Decision 766 and the score. */
function summarySheet(book: ExcelJS.Workbook, s: MonthlySnapshot): void {
  const summary = book.addWorksheet(monthlySheets.summary);
  title(s, summary, 'BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
  const i = s.total.indicators;
  const lines: [string, number | null, string?][] = [
    ['Hồ sơ tiếp nhận trong tháng', i.received.total],
    ['  trực tiếp', i.received.byChannel.counter],
    ['  trực tuyến', i.received.byChannel.online],
    ['  qua bưu chính', i.received.byChannel.postal],
    ['Kỳ trước chuyển sang', i.carriedOver],
    ['Đã giải quyết', i.finished.total],
    ['  trước hạn', i.finished.beforeDue],
    ['  đúng hạn', i.finished.onTime],
    ['  quá hạn', i.finished.late],
    ['Đang giải quyết cuối tháng', i.inProgress.total],
    ['  trong hạn', i.inProgress.onTime],
    ['  quá hạn', i.inProgress.late],
    ['Tạm dừng', i.paused],
    ['Tỷ lệ giải quyết đúng hạn', i.rates.onTime, '0.0%'],
    ['Tỷ lệ hồ sơ trực tuyến', i.rates.online, '0.0%'],
    ['Tỷ lệ số hóa hồ sơ', i.rates.digitization, '0.0%'],
    ['Tỷ lệ tái sử dụng dữ liệu', i.rates.reuse, '0.0%'],
    ['Tỷ lệ số hóa kết quả', i.rates.resultDigitization, '0.0%'],
    ['Tỷ lệ thanh toán trực tuyến', i.rates.onlinePayment, '0.0%'],
    ['Tỷ lệ hài lòng', i.rates.satisfaction, '0.0%'],
  ];
  const score = s.total.score;
  lines.push([
    `Điểm theo Quyết định 766 (cách tính phiên bản ${score.version}), trên ${score.measuredMax} điểm đo được`,
    score.points,
  ]);
  for (const g of score.groups) lines.push([`  ${g.name} (tối đa ${g.max})`, g.points]);
  for (const [name, value, fmt] of lines) {
    const row = summary.addRow([name, value]);
    if (fmt) row.getCell(2).numFmt = fmt;
  }
  summary.addRow([]);
  summary.addRow([
    `Lập lúc ${new Date(s.generatedAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}`,
  ]);
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
    sheet.addRow(['STT', 'Mã', 'Tên', ...indicatorHeadings]).font = bold;
    rows.forEach((r, n) => addIndicatorRow(sheet, n + 1, r.code, r.name, r.indicators));
    addIndicatorRow(sheet, '', '', 'Tổng cộng', i).font = bold;
    sheet.columns.forEach((c, n) => (c.width = n === 2 ? 44 : n === 1 ? 16 : 12));
  };
  if (s.scope.kind === 'national')
    table(
      monthlySheets.provinces,
      'CHỈ SỐ PHỤC VỤ THEO TỈNH, THÀNH PHỐ (xếp theo tỷ lệ đúng hạn)',
      s.provinces.map((p) => ({ code: p.province, name: p.provinceName, indicators: p.indicators })),
    );
  else
    table(
      monthlySheets.agencies,
      'CHỈ SỐ PHỤC VỤ THEO CƠ QUAN TIẾP NHẬN',
      s.agencies.map((a) => ({ code: a.agency, name: a.agencyName, indicators: a.indicators })),
    );
  if (s.scope.kind === 'national') {
    const sheet = book.addWorksheet(monthlySheets.ministries);
    title(s, sheet, 'CHỈ SỐ PHỤC VỤ CỦA CÁC BỘ, NGÀNH (hồ sơ do cơ quan trung ương tiếp nhận)');
    sheet.addRow(['STT', 'Mã', 'Bộ, ngành', ...indicatorHeadings]).font = bold;
    s.ministries.forEach((m, n) => addIndicatorRow(sheet, n + 1, m.code, m.name, m.indicators));
    if (s.ministries.length === 0) sheet.addRow(['', '', 'Không có hồ sơ do cơ quan trung ương tiếp nhận']);
    sheet.columns.forEach((c, n) => (c.width = n === 2 ? 44 : n === 1 ? 16 : 12));
  }
}

/** The completion of central deployment by ministry. */
function completionSheet(book: ExcelJS.Workbook, s: MonthlySnapshot): void {
  const completion = book.addWorksheet(monthlySheets.completion);
  title(s, completion, 'TỶ LỆ HOÀN THÀNH TRIỂN KHAI TẬP TRUNG THEO BỘ, NGÀNH (cuối tháng)');
  completion.addRow([
    'STT',
    'Bộ, ngành',
    'TTHC cấp tỉnh, xã',
    'Đã triển khai tập trung',
    'Đã bắt đầu',
    'Tỷ lệ',
    'Ghi chú',
  ]).font = bold;
  s.completion.forEach((c, n) => {
    const row = completion.addRow([
      n + 1,
      c.ministry.name,
      c.required,
      c.deployed,
      c.started,
      c.percent === null ? null : c.percent / 100,
      c.flagged ? 'Số liệu lỗi: số đã triển khai lớn hơn số phải triển khai' : '',
    ]);
    row.getCell(6).numFmt = '0.00%';
  });
  const req = s.completion.reduce((n, c) => n + c.required, 0);
  const dep = s.completion.reduce((n, c) => n + c.deployed, 0);
  const totalRow = completion.addRow([
    '',
    'Tổng cộng',
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
  title(s, late, 'THỦ TỤC VÀ CƠ QUAN CÓ NHIỀU HỒ SƠ QUÁ HẠN NHẤT');
  const lateTable = (heading: string, rows: LateRow[]) => {
    late.addRow([heading]).font = bold;
    late.addRow([
      'STT',
      'Mã',
      'Tên',
      'Đã giải quyết',
      'Giải quyết quá hạn',
      'Đang quá hạn cuối tháng',
      'Tổng quá hạn',
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
    if (rows.length === 0) late.addRow(['', '', 'Không có hồ sơ quá hạn']);
    late.addRow([]);
  };
  lateTable('Thủ tục hành chính', s.topLateProcedures);
  lateTable('Cơ quan tiếp nhận', s.topLateAgencies);
  late.getColumn(3).width = 60;
  late.getColumn(2).width = 16;
  [4, 5, 6, 7].forEach((c) => (late.getColumn(c).width = 16));
}

/** Feedback and difficulties received in the month. */
function feedbackSheet(book: ExcelJS.Workbook, s: MonthlySnapshot): void {
  const feedback = book.addWorksheet(monthlySheets.feedback);
  title(s, feedback, 'PHẢN ÁNH, KIẾN NGHỊ VÀ KHÓ KHĂN, VƯỚNG MẮC TIẾP NHẬN TRONG THÁNG');
  feedback.addRow([
    'Loại',
    'Lĩnh vực',
    'Tiếp nhận',
    'Đã trả lời',
    'Trả lời quá hạn',
    'Đang xử lý',
    'Quá hạn chưa trả lời',
  ]).font = bold;
  for (const f of s.feedback)
    feedback.addRow([
      f.kind === 'citizen' ? 'Phản ánh của người dân' : 'Khó khăn, vướng mắc của địa phương',
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
    'Tổng cộng',
    '',
    sum('received'),
    sum('answered'),
    sum('answeredLate'),
    sum('open'),
    sum('openLate'),
  ]).font = bold;
  feedback.getColumn(1).width = 36;
  feedback.getColumn(2).width = 44;
  [3, 4, 5, 6, 7].forEach((c) => (feedback.getColumn(c).width = 16));
}

/**
 * The monthly report as a workbook, one sheet per section, every number from the stored
 * snapshot: the file can be rebuilt from it and says exactly what the snapshot says.
 */
export async function monthlyWorkbook(s: MonthlySnapshot): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'motcua';
  book.created = new Date(s.generatedAt);
  for (const sheet of [summarySheet, indicatorSheets, completionSheet, lateSheet, feedbackSheet])
    sheet(book, s);
  return Buffer.from(await book.xlsx.writeBuffer());
}
