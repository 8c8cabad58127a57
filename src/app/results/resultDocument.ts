import { vi } from '../../domain/i18n/vi.js';
import { officialHeader, vietnamesePdf } from '../forms/pdfDocument.js';
import { statusQrPng } from '../forms/formPdf.js';

export interface ResultDocumentContent {
  agencyName: string;
  number: string;
  placeDate: string;
  title: string;
  body: string;
  signerTitle: string;
  signerName: string;
  /** The public verification page this document's QR code opens. */
  verifyUrl: string;
  verificationCode: string;
}

/** One A4 page: agency and national motto, number, title, the filled template, signature block, QR. */
export async function renderResultPdf(c: ResultDocumentContent): Promise<Buffer> {
  const qr = await statusQrPng(c.verifyUrl);
  const { doc, bytes } = await vietnamesePdf({
    size: 'A4',
    margins: { top: 50, bottom: 50, left: 60, right: 50 },
    info: { Title: vi.result.numbered(c.title, c.number), Author: c.agencyName, Producer: 'motcua' },
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  officialHeader(doc, {
    agencyName: c.agencyName,
    under: vi.document.numberLine(c.number),
    placeDate: c.placeDate,
  });
  doc.moveDown(0.5);
  doc.font('b').fontSize(14).text(c.title.toUpperCase(), left, doc.y, { width, align: 'center' });
  doc.moveDown(1);
  doc.font('r').fontSize(12);
  for (const line of c.body.split('\n')) doc.text(line, left, doc.y, { width, lineGap: 3, align: 'justify' });
  doc.moveDown(2);
  const signTop = doc.y;
  doc.image(qr, left, signTop, { width: 90 });
  doc
    .font('i')
    .fontSize(7)
    .text(vi.document.scanToVerify(c.verificationCode), left - 4, signTop + 92, {
      width: 110,
      align: 'center',
    });
  doc
    .font('b')
    .fontSize(11)
    .text(c.signerTitle.toUpperCase(), left + width * 0.5, signTop, { width: width * 0.5, align: 'center' });
  doc
    .font('i')
    .fontSize(9)
    .text(vi.document.signedDigitally, { width: width * 0.5, align: 'center' });
  doc.moveDown(2);
  doc
    .font('b')
    .fontSize(11)
    .text(c.signerName, { width: width * 0.5, align: 'center' });
  doc.end();
  return bytes;
}
