import { vi } from '../../domain/i18n/vi.js';
import type { FormDocument } from '../../domain/forms/forms.js';
import type { Brand } from '../context.js';

import { officialHeader, vietnamesePdf } from './pdfDocument.js';

/** The QR code of the public status page, as a PNG. */
export async function statusQrPng(url: string): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 1, scale: 4 });
}

/** One A4 page (more for a long log): national motto, agency, form number and title, text, table, signatures, QR. */
export async function renderFormPdf(form: FormDocument, brand: Brand): Promise<Buffer> {
  const qr = await statusQrPng(form.statusUrl);
  const { doc, bytes } = await vietnamesePdf({
    bufferPages: true,
    size: 'A4',
    margins: { top: 50, bottom: 50, left: 60, right: 50 },
    info: {
      Title: form.title,
      Subject: vi.document.formSubject(form.number, form.basis),
      Producer: 'motcua',
    },
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = doc.y;
  doc
    .font('i')
    .fontSize(9)
    .text(vi.document.formCorner(form.number, form.basis), left, top, { width, align: 'right' });
  officialHeader(doc, { agencyName: form.agencyName, placeDate: form.placeDate, top: doc.y + 6 });

  doc.font('b').fontSize(13).text(form.title, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.8);
  const textWidth = width - 90;
  const textTop = doc.y;
  doc.image(qr, left + width - 80, textTop, { width: 80 });
  doc
    .font('i')
    .fontSize(7)
    .text(vi.document.scanToTrack, left + width - 86, textTop + 82, { width: 92, align: 'center' });
  doc.font('r').fontSize(11);
  doc.y = textTop;
  for (const line of form.lines) doc.text(line, left, doc.y, { width: textWidth, lineGap: 2 });

  if (form.table) {
    doc.moveDown(0.5);
    const { columns, widths, rows } = form.table;
    const scale = width / widths.reduce((a, b) => a + b, 0);
    const cols = widths.map((w) => w * scale);
    const drawRow = (cells: string[], font: 'r' | 'b') => {
      doc.font(font).fontSize(9);
      const heights = cells.map((c, i) => doc.heightOfString(c, { width: (cols[i] ?? 0) - 8 }));
      const h = Math.max(...heights) + 8;
      if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      let x = left;
      cells.forEach((c, i) => {
        const w = cols[i] ?? 0;
        doc.rect(x, y, w, h).stroke();
        doc.text(c, x + 4, y + 4, { width: w - 8 });
        x += w;
      });
      doc.y = y + h;
    };
    drawRow(columns, 'b');
    for (const r of rows) drawRow(r, 'r');
  }

  if (form.signatures.length > 0) {
    doc.moveDown(1.5);
    if (doc.y + 90 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    const w = width / form.signatures.length;
    form.signatures.forEach((s, i) => {
      const x = left + i * w;
      doc.font('b').fontSize(10).text(s.title, x, y, { width: w, align: 'center' });
      doc.font('i').fontSize(9).text(vi.document.signHere, x, doc.y, { width: w, align: 'center' });
      doc
        .font('r')
        .fontSize(11)
        .text(s.name, x, y + 70, { width: w, align: 'center' });
    });
  }
  brandFooter(doc, brand);
  if (form.practice) practiceWatermark(doc);
  doc.end();
  return bytes;
}

/** Across each page of a practice dossier's form: THỬ NGHIỆM, and that it has no legal value. */
function practiceWatermark(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save();
    doc.rotate(-35, { origin: [width / 2, height / 2] });
    doc.fillColor('#c62828').fillOpacity(0.18).font('b').fontSize(80);
    // A box wider than the page, so the mark stays on one line across the diagonal.
    doc.text(vi.practiceMark.watermark, -width / 2, height / 2 - 45, { width: width * 2, align: 'center' });
    doc.restore();
    doc.fillColor('#c62828').fillOpacity(1).font('b').fontSize(9);
    doc.text(vi.practiceMark.noLegalValue, 0, 22, { width, align: 'center', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
}

/** On each page's foot: the installation's logo and name, so a printed form shows where it came from. */
function brandFooter(doc: PDFKit.PDFDocument, brand: Brand): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const left = doc.page.margins.left;
    const y = doc.page.height - doc.page.margins.bottom + 14;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (brand.logo) doc.image(brand.logo.bytes, left, y - 2, { height: 14 });
    doc
      .font('i')
      .fontSize(8)
      .text(`${brand.name} — ${brand.title}`, left + (brand.logo ? 20 : 0), y, { lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
