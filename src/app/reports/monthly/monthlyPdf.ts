import { vi } from '../../../domain/i18n/vi.js';
import { vnDayTime, vnMonth } from '../../../domain/calendar/localDate.js';
import type { Indicators } from '../../../domain/reports/indicators.js';
import { vietnamesePdf } from '../../forms/pdfDocument.js';
import type { LateRow, MonthlySnapshot } from './monthlySnapshot.js';

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

const pct = (v: number | null) =>
  v === null ? '—' : `${(Math.round(v * 1000) / 10).toLocaleString('vi-VN')}%`;
const num = (n: number) => n.toLocaleString('vi-VN');

type Doc = PDFKit.PDFDocument;

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
  { title: vi.report.ten, width: 190 },
  { title: vi.report.tiepNhan, width: 60, align: 'right' },
  { title: vi.report.kyTruocChuyenSang, width: 60, align: 'right' },
  { title: vi.report.daGiaiQuyet, width: 60, align: 'right' },
  { title: vi.report.giaiQuyetQuaHan, width: 60, align: 'right' },
  { title: vi.report.dangQuaHan, width: 60, align: 'right' },
  { title: vi.report.tamDung, width: 55, align: 'right' },
  { title: vi.report.tyLeDungHan, width: 60, align: 'right' },
  { title: vi.report.tyLeTrucTuyen, width: 60, align: 'right' },
  { title: vi.report.tyLeHaiLong, width: 60, align: 'right' },
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
  doc.font('b').fontSize(14).text(vi.report.baoCaoKetQuaGiaiQuyetThu, left, doc.y, {
    width,
    align: 'center',
  });
  doc
    .font('b')
    .fontSize(12)
    .text(vi.report.scopeMonth(s.scope.name, vnMonth(s.month)), { width, align: 'center' });
  doc
    .font('i')
    .fontSize(9)
    .text(vi.report.madeAtFromLog(vnDayTime(s.generatedAt)), { width, align: 'center' });
}

/** I. The service indicators of Decision 766. */
function servedSection(w: Writer, s: MonthlySnapshot): void {
  const { doc, left, width, heading, table } = w;
  const t = s.total.indicators;
  heading(vi.report.iChiSoPhucVuQuyetDinh);
  doc
    .font('r')
    .fontSize(10)
    .text(
      vi.report.servedSummary({
        received: num(t.received.total),
        counter: num(t.received.byChannel.counter),
        online: num(t.received.byChannel.online),
        postal: num(t.received.byChannel.postal),
        carriedOver: num(t.carriedOver),
        finished: num(t.finished.total),
        beforeDue: num(t.finished.beforeDue),
        onTime: num(t.finished.onTime),
        late: num(t.finished.late),
        inProgress: num(t.inProgress.total),
        inProgressLate: num(t.inProgress.late),
        paused: num(t.paused),
      }),
      left,
      doc.y,
      { width },
    );
  doc.moveDown(0.3);
  table(
    [
      { title: vi.report.dungHan, width: 1, align: 'right' },
      { title: vi.report.trucTuyen, width: 1, align: 'right' },
      { title: vi.report.soHoaHoSo, width: 1, align: 'right' },
      { title: vi.report.taiSuDungDuLieu, width: 1, align: 'right' },
      { title: vi.report.soHoaKetQua, width: 1, align: 'right' },
      { title: vi.report.thanhToanTrucTuyen, width: 1, align: 'right' },
      { title: vi.report.haiLong, width: 1, align: 'right' },
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
      vi.report.scoreLine(score.points.toLocaleString('vi-VN'), score.measuredMax, score.version),
      left,
      doc.y,
      { width },
    );
  table(
    score.groups.map((g) => ({
      title: vi.report.scoreGroup(g.name, g.max),
      width: 1,
      align: 'right' as const,
    })),
    [
      score.groups.map((g) =>
        g.points === null
          ? g.measured
            ? vi.report.chuaCoSoLieu
            : vi.report.chamTrenCongDvcqg
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
    heading(vi.report.iiTheoTinhThanhPhoXepTheo);
    table(
      indicatorColumns,
      [
        ...s.provinces.map((p) => indicatorRow(String(p.rank), p.provinceName, p.indicators)),
        indicatorRow('', vi.report.tongCong, t),
      ],
      true,
    );
    heading(vi.report.iiiCacBoNganhHoSoDo);
    if (s.ministries.length === 0)
      doc.font('r').fontSize(10).text(vi.report.khongCoHoSoDoCoQuan, left, doc.y);
    else
      table(
        indicatorColumns,
        s.ministries.map((m, n) => indicatorRow(String(n + 1), m.name, m.indicators)),
      );
  } else {
    heading(vi.report.iiTheoCoQuanTiepNhan);
    table(
      indicatorColumns,
      [
        ...s.agencies.map((a, n) => indicatorRow(String(n + 1), a.agencyName, a.indicators)),
        indicatorRow('', vi.report.tongCong, t),
      ],
      true,
    );
  }
}

/** The completion of central deployment by ministry. */
function completionSection(w: Writer, s: MonthlySnapshot): void {
  const { heading, table } = w;
  heading(`${s.scope.kind === 'national' ? 'IV' : 'III'}. ${vi.report.completionHeading}`);
  table(
    [
      { title: 'STT', width: 28, align: 'right' },
      { title: vi.report.boNganh, width: 260 },
      { title: vi.report.tthcCapTinhXa, width: 80, align: 'right' },
      { title: vi.report.daTrienKhaiTapTrung, width: 80, align: 'right' },
      { title: vi.report.tyLe, width: 60, align: 'right' },
      { title: vi.report.ghiChu, width: 200 },
    ],
    s.completion.map((c, n) => [
      String(n + 1),
      c.ministry.name,
      num(c.required),
      num(c.deployed),
      c.percent === null ? '—' : `${c.percent.toLocaleString('vi-VN')}%`,
      c.flagged ? vi.report.soLieuLoiSoDaTrienKhai : '',
    ]),
  );
}

/** The most late procedures and agencies; feedback and difficulties. */
function lateAndFeedbackSections(w: Writer, s: MonthlySnapshot): void {
  const { doc, left, heading, table } = w;
  const lateColumns: Column[] = [
    { title: 'STT', width: 28, align: 'right' },
    { title: vi.report.ten, width: 330 },
    { title: vi.report.daGiaiQuyet, width: 70, align: 'right' },
    { title: vi.report.giaiQuyetQuaHan, width: 70, align: 'right' },
    { title: vi.report.dangQuaHanCuoiThang, width: 80, align: 'right' },
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
  heading(`${sec[0]}. ${vi.report.lateHeading}`);
  if (s.topLateProcedures.length === 0 && s.topLateAgencies.length === 0)
    doc.font('r').fontSize(10).text(vi.report.khongCoHoSoQuaHanTrong, left, doc.y);
  else {
    doc.font('b').fontSize(10).text(vi.report.thuTucHanhChinh, left, doc.y);
    table(lateColumns, lateRows(s.topLateProcedures));
    doc.moveDown(0.5).font('b').fontSize(10).text(vi.report.coQuanTiepNhan, left, doc.y);
    table(lateColumns, lateRows(s.topLateAgencies));
  }

  heading(`${sec[1]}. ${vi.report.feedbackHeading}`);
  if (s.feedback.length === 0)
    doc.font('r').fontSize(10).text(vi.report.khongCoPhanAnhKhoKhanDuoc, left, doc.y);
  else
    table(
      [
        { title: vi.report.loai, width: 170 },
        { title: vi.report.linhVuc, width: 220 },
        { title: vi.report.tiepNhan, width: 65, align: 'right' },
        { title: vi.report.daTraLoi, width: 65, align: 'right' },
        { title: vi.report.traLoiQuaHan, width: 65, align: 'right' },
        { title: vi.report.quaHanChuaTraLoi, width: 75, align: 'right' },
      ],
      s.feedback.map((f) => [
        f.kind === 'citizen' ? vi.report.phanAnhCuaNguoiDan : vi.report.khoKhanVuongMacCuaDiaPhuong,
        f.categoryName,
        num(f.received),
        num(f.answered),
        num(f.answeredLate),
        num(f.openLate),
      ]),
    );
  difficultySection(w, s);
}

/** Difficulties counted by the ministry owning their procedure. */
function difficultySection(w: Writer, s: MonthlySnapshot): void {
  const { doc, left, table } = w;
  const rows = s.difficultiesByMinistry ?? [];
  doc.moveDown(0.5).font('b').fontSize(10).text(vi.report.difficultiesByMinistryHeading, left, doc.y);
  if (rows.length === 0) {
    doc.font('r').fontSize(10).text(vi.report.khongCoKhoKhanTheoBo, left, doc.y);
    return;
  }
  table(
    [
      { title: vi.report.boQuanLy, width: 300 },
      { title: vi.report.soBaoCao, width: 70, align: 'right' },
      { title: vi.report.daChuyenBo, width: 70, align: 'right' },
      { title: vi.report.daTraLoi, width: 70, align: 'right' },
      { title: vi.report.traLoiQuaHan, width: 70, align: 'right' },
      { title: vi.report.daKhacPhuc, width: 70, align: 'right' },
    ],
    rows.map((m) => [
      m.name,
      num(m.reported),
      num(m.forwarded),
      num(m.answered),
      num(m.answeredLate),
      num(m.fixed),
    ]),
  );
}

/**
 * The monthly report as a PDF in Vietnamese (A4 landscape, DejaVu Serif embedded so every tone
 * mark prints), every number from the stored snapshot, one section per sheet of the workbook.
 */
export async function monthlyPdf(s: MonthlySnapshot): Promise<Buffer> {
  const { doc, bytes } = await vietnamesePdf({
    size: 'A4',
    layout: 'landscape',
    margins: { top: 40, bottom: 40, left: 40, right: 40 },
    info: {
      Title: vi.report.pdfTitle(vnMonth(s.month), s.scope.name),
      Subject: vi.report.ketQuaGiaiQuyetThuTucHanh,
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
