import { vi } from '../../domain/i18n/vi.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// DejaVu Serif: a free TrueType face with every Vietnamese letter and tone mark, embedded (subset).
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * A PDF document with the fonts 'r' (regular), 'b' (bold) and 'i' (italic) registered, and the
 * bytes it will have once `doc.end()` is called. PDFKit loads at the first document (docs/style.md,
 * "Libraries loaded at first use").
 */
export async function vietnamesePdf(options: PDFKit.PDFDocumentOptions): Promise<{
  doc: PDFKit.PDFDocument;
  bytes: Promise<Buffer>;
}> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument(options);
  doc
    .registerFont('r', join(fontDir, 'DejaVuSerif.ttf'))
    .registerFont('b', join(fontDir, 'DejaVuSerif-Bold.ttf'))
    .registerFont('i', join(fontDir, 'DejaVuSerif-Italic.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}

/**
 * The head of an official document: the agency (and whatever follows it, e.g. the number) on the
 * left, the national name and motto with the place and date on the right; leaves `doc.y` below both.
 */
export function officialHeader(
  doc: PDFKit.PDFDocument,
  head: { agencyName: string; under?: string; placeDate: string; top?: number },
): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = head.top ?? doc.y;
  doc
    .font('b')
    .fontSize(10)
    .text(head.agencyName.toUpperCase(), left, top, { width: width * 0.42, align: 'center' });
  if (head.under)
    doc
      .font('r')
      .fontSize(10)
      .text(head.under, { width: width * 0.42, align: 'center' });
  const leftEnd = doc.y;
  doc
    .font('b')
    .fontSize(10)
    .text(vi.document.nation, left + width * 0.42, top, {
      width: width * 0.58,
      align: 'center',
    })
    .text(vi.document.motto, { width: width * 0.58, align: 'center', underline: true });
  doc
    .font('i')
    .fontSize(10)
    .text(head.placeDate, left + width * 0.42, doc.y + 8, { width: width * 0.58, align: 'center' });
  doc.y = Math.max(leftEnd, doc.y) + 18;
}
