import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

// DejaVu Serif: a free TrueType face with every Vietnamese letter and tone mark, embedded (subset).
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * A PDF document with the fonts 'r' (regular), 'b' (bold) and 'i' (italic) registered, and the
 * bytes it will have once `doc.end()` is called.
 */
export function vietnamesePdf(options: PDFKit.PDFDocumentOptions): {
  doc: PDFKit.PDFDocument;
  bytes: Promise<Buffer>;
} {
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
