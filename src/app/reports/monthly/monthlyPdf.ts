import type { Indicators } from '../../../domain/reports/indicators.js';
import { vietnamesePdf } from '../../forms/pdfDocument.js';
import type { LateRow, MonthlySnapshot } from './monthlySnapshot.js';
import { monthLabel } from './monthlyWorkbook.js';

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

const pct = (v: number | null) =>
  v === null ? '—' : `${(Math.round(v * 1000) / 10).toLocaleString('vi-VN')}%`;
const num = (n: number) => n.toLocaleString('vi-VN');

type Doc = ReturnType<typeof vietnamesePdf>['doc'];

/** A page writer: headings and ruled tables that break across pages. */
function pdfWriter(doc: Doc) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const heading = (text: string) => {
    if (doc.y > bottom() - 80) doc.addPage();
    doc.moveDown(0.8).font('b').fontSize(12).text(text, left, doc.y, { width });
    doc.moveDown(0.3);
  };
  const table = (columns: Column[], rows: string[][], boldLast = false) => {
    const scale = width / columns.reduce((n, c) => n + c.width, 0);
    const cols = columns.map((c) => ({ ...c, width: c.width * scale }));
    const line = (cells: string[], font: 'r' | 'b') => {
      doc.font(font).fontSize(8.5);
      const height =
        Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: (cols[i]?.width ?? 0) - 6 }))) + 6;
      if (doc.y + height > bottom()) doc.addPage();
      const y = doc.y;
      let x = left;
      cells.forEach((t, i) => {
        const c = cols[i] as Column;
        doc.rect(x, y, c.width, height).lineWidth(0.4).stroke('#888888');
        doc.fillColor('#000000').text(t, x + 3, y + 3, { width: c.width - 6, align: c.align ?? 'left' });
        x += c.width;
      });
      doc.y = y + height;
    };
    line(
      cols.map((c) => c.title),
      'b',
    );
    rows.forEach((r, i) => line(r, boldLast && i === rows.length - 1 ? 'b' : 'r'));
    doc.x = left;
  };
  return { doc, left, width, heading, table };
}
type Writer = ReturnType<typeof pdfWriter>;

const indicatorColumns: Column[] = [
  { title: 'STT', width: 28, align: 'right' },
  { title: 'Tên', width: 190 },
  { title: 'Tiếp nhận', width: 60, align: 'right' },
  { title: 'Kỳ trước chuyển sang', width: 60, align: 'right' },
  { title: 'Đã giải quyết', width: 60, align: 'right' },
  { title: 'Giải quyết quá hạn', width: 60, align: 'right' },
  { title: 'Đang quá hạn', width: 60, align: 'right' },
  { title: 'Tạm dừng', width: 55, align: 'right' },
  { title: 'Tỷ lệ đúng hạn', width: 60, align: 'right' },
  { title: 'Tỷ lệ trực tuyến', width: 60, align: 'right' },
  { title: 'Tỷ lệ hài lòng', width: 60, align: 'right' },
];
const indicatorRow = (n: string, name: string, i: Indicators) => [
  n,
  name,
  num(i.received.total),
  num(i.carriedOver),
  num(i.finished.total),
  num(i.finished.late),
  num(i.inProgress.late),
  num(i.paused),
  pct(i.rates.onTime),
  pct(i.rates.online),
  pct(i.rates.satisfaction),
];

/** The title, the scope and month, when and from what it was made. */
function titleBlock(w: Writer, s: MonthlySnapshot): void {
  const { doc, left, width } = w;
  doc.font('b').fontSize(14).text('BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', left, doc.y, {
    width,
    align: 'center',
  });
  doc
    .font('b')
    .fontSize(12)
    .text(`${s.scope.name} — tháng ${monthLabel(s.month)}`, { width, align: 'center' });
  doc
    .font('i')
    .fontSize(9)
    .text(
      `Lập lúc ${new Date(s.generatedAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })} từ nhật ký xử lý hồ sơ (số liệu lưu kèm báo cáo)`,
      { width, align: 'center' },
    );
}

/** I. The service indicators of Decision 766. */
function servedSection(w: Writer, s: MonthlySnapshot): void {
  const { doc, left, width, heading, table } = w;
  const t = s.total.indicators;
  heading('I. Chỉ số phục vụ (Quyết định 766/QĐ-TTg)');
  doc
    .font('r')
    .fontSize(10)
    .text(
      `Tiếp nhận ${num(t.received.total)} hồ sơ (trực tiếp ${num(t.received.byChannel.counter)}, trực tuyến ${num(
        t.received.byChannel.online,
      )}, bưu chính ${num(t.received.byChannel.postal)}); kỳ trước chuyển sang ${num(t.carriedOver)}. ` +
        `Đã giải quyết ${num(t.finished.total)} (trước hạn ${num(t.finished.beforeDue)}, đúng hạn ${num(
          t.finished.onTime,
        )}, quá hạn ${num(t.finished.late)}); cuối tháng đang giải quyết ${num(t.inProgress.total)} (quá hạn ${num(
          t.inProgress.late,
        )}), tạm dừng ${num(t.paused)}.`,
      left,
      doc.y,
      { width },
    );
  doc.moveDown(0.3);
  table(
    [
      { title: 'Đúng hạn', width: 1, align: 'right' },
      { title: 'Trực tuyến', width: 1, align: 'right' },
      { title: 'Số hóa hồ sơ', width: 1, align: 'right' },
      { title: 'Tái sử dụng dữ liệu', width: 1, align: 'right' },
      { title: 'Số hóa kết quả', width: 1, align: 'right' },
      { title: 'Thanh toán trực tuyến', width: 1, align: 'right' },
      { title: 'Hài lòng', width: 1, align: 'right' },
    ],
    [
      [
        pct(t.rates.onTime),
        pct(t.rates.online),
        pct(t.rates.digitization),
        pct(t.rates.reuse),
        pct(t.rates.resultDigitization),
        pct(t.rates.onlinePayment),
        pct(t.rates.satisfaction),
      ],
    ],
  );
}

/** The 100-point score and its groups. */
function scoreSection(w: Writer, s: MonthlySnapshot): void {
  const { doc, left, width, table } = w;
  const score = s.total.score;
  doc.moveDown(0.5);
  doc
    .font('b')
    .fontSize(10)
    .text(
      `Điểm theo Quyết định 766: ${score.points.toLocaleString('vi-VN')} trên ${score.measuredMax} điểm đo được (cách tính phiên bản ${score.version})`,
      left,
      doc.y,
      { width },
    );
  table(
    score.groups.map((g) => ({ title: `${g.name} (tối đa ${g.max})`, width: 1, align: 'right' as const })),
    [
      score.groups.map((g) =>
        g.points === null
          ? g.measured
            ? 'chưa có số liệu'
            : 'chấm trên Cổng DVCQG'
          : g.points.toLocaleString('vi-VN'),
      ),
    ],
  );
}

/** II–III. By province and ministry (national), or by receiving agency. */
function breakdownSection(w: Writer, s: MonthlySnapshot): void {
  const { doc, left, heading, table } = w;
  const t = s.total.indicators;
  if (s.scope.kind === 'national') {
    heading('II. Theo tỉnh, thành phố (xếp theo tỷ lệ giải quyết đúng hạn)');
    table(
      indicatorColumns,
      [
        ...s.provinces.map((p) => indicatorRow(String(p.rank), p.provinceName, p.indicators)),
        indicatorRow('', 'Tổng cộng', t),
      ],
      true,
    );
    heading('III. Các bộ, ngành (hồ sơ do cơ quan trung ương tiếp nhận)');
    if (s.ministries.length === 0)
      doc
        .font('r')
        .fontSize(10)
        .text('Không có hồ sơ do cơ quan trung ương tiếp nhận trong tháng.', left, doc.y);
    else
      table(
        indicatorColumns,
        s.ministries.map((m, n) => indicatorRow(String(n + 1), m.name, m.indicators)),
      );
  } else {
    heading('II. Theo cơ quan tiếp nhận');
    table(
      indicatorColumns,
      [
        ...s.agencies.map((a, n) => indicatorRow(String(n + 1), a.agencyName, a.indicators)),
        indicatorRow('', 'Tổng cộng', t),
      ],
      true,
    );
  }
}

/** The completion of central deployment by ministry. */
function completionSection(w: Writer, s: MonthlySnapshot): void {
  const { heading, table } = w;
  heading(
    `${s.scope.kind === 'national' ? 'IV' : 'III'}. Tỷ lệ hoàn thành triển khai tập trung theo bộ, ngành`,
  );
  table(
    [
      { title: 'STT', width: 28, align: 'right' },
      { title: 'Bộ, ngành', width: 260 },
      { title: 'TTHC cấp tỉnh, xã', width: 80, align: 'right' },
      { title: 'Đã triển khai tập trung', width: 80, align: 'right' },
      { title: 'Tỷ lệ', width: 60, align: 'right' },
      { title: 'Ghi chú', width: 200 },
    ],
    s.completion.map((c, n) => [
      String(n + 1),
      c.ministry.name,
      num(c.required),
      num(c.deployed),
      c.percent === null ? '—' : `${c.percent.toLocaleString('vi-VN')}%`,
      c.flagged ? 'Số liệu lỗi: số đã triển khai lớn hơn số phải triển khai' : '',
    ]),
  );
}

/** The most late procedures and agencies; feedback and difficulties. */
function lateAndFeedbackSections(w: Writer, s: MonthlySnapshot): void {
  const { doc, left, heading, table } = w;
  const lateColumns: Column[] = [
    { title: 'STT', width: 28, align: 'right' },
    { title: 'Tên', width: 330 },
    { title: 'Đã giải quyết', width: 70, align: 'right' },
    { title: 'Giải quyết quá hạn', width: 70, align: 'right' },
    { title: 'Đang quá hạn cuối tháng', width: 80, align: 'right' },
  ];
  const lateRows = (rows: LateRow[]) =>
    rows.map((r, n) => [
      String(n + 1),
      `${r.name} (${r.code})`,
      num(r.finished),
      num(r.finishedLate),
      num(r.openLate),
    ]);
  const sec = s.scope.kind === 'national' ? ['V', 'VI'] : ['IV', 'V'];
  heading(`${sec[0]}. Thủ tục và cơ quan có nhiều hồ sơ quá hạn nhất`);
  if (s.topLateProcedures.length === 0 && s.topLateAgencies.length === 0)
    doc.font('r').fontSize(10).text('Không có hồ sơ quá hạn trong tháng.', left, doc.y);
  else {
    doc.font('b').fontSize(10).text('Thủ tục hành chính', left, doc.y);
    table(lateColumns, lateRows(s.topLateProcedures));
    doc.moveDown(0.5).font('b').fontSize(10).text('Cơ quan tiếp nhận', left, doc.y);
    table(lateColumns, lateRows(s.topLateAgencies));
  }

  heading(`${sec[1]}. Phản ánh, kiến nghị và khó khăn, vướng mắc`);
  if (s.feedback.length === 0)
    doc.font('r').fontSize(10).text('Không có phản ánh, khó khăn được gửi trong tháng.', left, doc.y);
  else
    table(
      [
        { title: 'Loại', width: 170 },
        { title: 'Lĩnh vực', width: 220 },
        { title: 'Tiếp nhận', width: 65, align: 'right' },
        { title: 'Đã trả lời', width: 65, align: 'right' },
        { title: 'Trả lời quá hạn', width: 65, align: 'right' },
        { title: 'Quá hạn chưa trả lời', width: 75, align: 'right' },
      ],
      s.feedback.map((f) => [
        f.kind === 'citizen' ? 'Phản ánh của người dân' : 'Khó khăn, vướng mắc của địa phương',
        f.categoryName,
        num(f.received),
        num(f.answered),
        num(f.answeredLate),
        num(f.openLate),
      ]),
    );
}

/**
 * The monthly report as a PDF in Vietnamese (A4 landscape, DejaVu Serif embedded so every tone
 * mark prints), every number from the stored snapshot, one section per sheet of the workbook.
 */
export function monthlyPdf(s: MonthlySnapshot): Promise<Buffer> {
  const { doc, bytes } = vietnamesePdf({
    size: 'A4',
    layout: 'landscape',
    margins: { top: 40, bottom: 40, left: 40, right: 40 },
    info: {
      Title: `Báo cáo tháng ${monthLabel(s.month)} — ${s.scope.name}`,
      Subject: 'Kết quả giải quyết thủ tục hành chính',
      Producer: 'motcua',
    },
  });
  const w = pdfWriter(doc);
  for (const section of [
    titleBlock,
    servedSection,
    scoreSection,
    breakdownSection,
    completionSection,
    lateAndFeedbackSections,
  ])
    section(w, s);
  doc.end();
  return bytes;
}
