import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, type Token, type Tokens } from 'marked';
import type { Role } from '../../domain/access/roles.js';
import { vnDay } from '../../domain/calendar/localDate.js';
import { guideImageName, safeGuideHref, unescapeHtml } from '../../domain/guides/guide.js';
import { vi } from '../../domain/i18n/vi.js';
import { seedDir } from '../../paths.js';
import type { Actor } from '../access/actor.js';
import { brandOf, type AppContext } from '../context.js';
import { vietnamesePdf } from '../forms/pdfDocument.js';
import { listGuides, type GuideView } from './guides.js';

/** The screenshots guides may show, shipped with the product. */
export const guideImagesDir = join(seedDir, 'guide-images');

/** The file of a guide image, or null when the name is not one of them. */
export function guideImagePath(name: string): string | null {
  if (!guideImageName.test(name)) return null;
  const path = join(guideImagesDir, name);
  return existsSync(path) ? path : null;
}

/**
 * The handbook: every guide in force (those of one role, when asked) with its screenshots, as an
 * A4 PDF for printing and for online-course platforms; each guide names its revision and date.
 */
export async function handbookPdf(ctx: AppContext, actor: Actor, role?: Role): Promise<Buffer> {
  const guides = (await listGuides(ctx, actor)).filter(
    (g) => role === undefined || g.kind === 'procedure' || g.roles.includes(role),
  );
  const brand = brandOf(ctx.settings);
  const { doc, bytes } = await vietnamesePdf({
    bufferPages: true,
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 62, right: 56 },
    info: { Title: `${vi.guide.handbookTitle} — ${brand.name}`, Producer: 'motcua' },
  });
  cover(doc, brand.name, brand.title, role, vnDay(ctx.now()));
  let procedures = false;
  for (const g of guides) {
    if (g.kind === 'procedure' && !procedures) {
      procedures = true;
      doc.addPage().font('b').fontSize(18).text(vi.guide.procedureGuides);
    }
    guideSection(doc, g);
  }
  pageNumbers(doc);
  doc.end();
  return bytes;
}

function cover(doc: PDFKit.PDFDocument, name: string, title: string, role: Role | undefined, day: string) {
  doc.moveDown(8);
  doc.font('b').fontSize(26).text(vi.guide.handbookTitle.toUpperCase(), { align: 'center' });
  doc.moveDown(0.6).font('b').fontSize(16).text(name, { align: 'center' });
  doc.font('r').fontSize(12).text(title, { align: 'center' });
  doc.moveDown(2).font('i').fontSize(12);
  doc.text(role ? vi.guide.handbookFor(vi.role[role]) : vi.guide.handbookEveryone, { align: 'center' });
  doc.text(vi.guide.handbookMade(day), { align: 'center' });
}

function guideSection(doc: PDFKit.PDFDocument, g: GuideView): void {
  doc.addPage();
  const heading = g.procedure ? `${g.procedure.code} — ${g.title}` : g.title;
  doc.font('b').fontSize(16).text(heading);
  doc
    .font('i')
    .fontSize(9)
    .fillColor('#555555')
    .text(vi.guide.revisionOf(g.revision, vnDay(new Date(g.savedAt))));
  doc.fillColor('#000000').moveDown(0.6);
  for (const token of new Lexer().lex(g.body)) block(doc, token);
}

const width = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** One block of Markdown: a heading, a paragraph, a list (numbered or not), an image, a rule. */
function block(doc: PDFKit.PDFDocument, token: Token): void {
  switch (token.type) {
    case 'heading':
      doc
        .moveDown(0.4)
        .font('b')
        .fontSize(token.depth <= 2 ? 13 : 11.5);
      inline(doc, (token as Tokens.Heading).tokens, 'b');
      doc.moveDown(0.3);
      return;
    case 'paragraph':
      paragraph(doc, (token as Tokens.Paragraph).tokens);
      return;
    case 'list':
      list(doc, token as Tokens.List);
      return;
    case 'hr':
      doc.moveDown(0.5);
      return;
    case 'space':
      return;
    default:
      doc
        .font('r')
        .fontSize(11)
        .text(token.raw.trim(), { width: width(doc) })
        .moveDown(0.4);
  }
}

/** A paragraph; an image on its own in it is drawn at the page's width. */
function paragraph(doc: PDFKit.PDFDocument, tokens: Token[]): void {
  const images = tokens.filter((t): t is Tokens.Image => t.type === 'image');
  const words = tokens.filter((t) => t.type !== 'image' && !(t.type === 'text' && t.raw.trim() === ''));
  if (words.length > 0) {
    doc.font('r').fontSize(11);
    inline(doc, words, 'r');
    doc.moveDown(0.5);
  }
  for (const image of images) picture(doc, image);
}

function list(doc: PDFKit.PDFDocument, l: Tokens.List): void {
  const start = typeof l.start === 'number' ? l.start : 1;
  l.items.forEach((item, i) => {
    const mark = l.ordered ? `${start + i}.` : '•';
    const left = doc.page.margins.left;
    doc.font('r').fontSize(11).text(mark, left, doc.y, { width: 18, continued: false });
    doc.moveUp();
    const inner = item.tokens.flatMap((t) =>
      t.type === 'text' && 'tokens' in t && t.tokens ? t.tokens : [t],
    );
    doc.x = left + 20;
    inline(doc, inner, 'r', width(doc) - 20);
    doc.x = left;
    doc.moveDown(0.25);
  });
  doc.moveDown(0.3);
}

/** Runs of text in their fonts (bold, italic), links written out as their text. */
function inline(doc: PDFKit.PDFDocument, tokens: Token[], font: 'r' | 'b' | 'i', w = width(doc)): void {
  const runs: { text: string; font: 'r' | 'b' | 'i'; underline: boolean }[] = [];
  const walk = (ts: Token[], f: 'r' | 'b' | 'i', underline: boolean) => {
    for (const t of ts) {
      if (t.type === 'strong') walk((t as Tokens.Strong).tokens, 'b', underline);
      else if (t.type === 'em') walk((t as Tokens.Em).tokens, 'i', underline);
      else if (t.type === 'link')
        walk((t as Tokens.Link).tokens, f, safeGuideHref((t as Tokens.Link).href) !== null);
      else if (t.type === 'br') runs.push({ text: '\n', font: f, underline });
      else if (t.type === 'image') continue;
      else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) walk(t.tokens, f, underline);
      else
        runs.push({
          text: 'text' in t && typeof t.text === 'string' ? unescapeHtml(t.text) : t.raw,
          font: f,
          underline,
        });
    }
  };
  walk(tokens, font, false);
  if (runs.length === 0) return;
  runs.forEach((r, i) =>
    doc.font(r.font).text(r.text, { width: w, continued: i < runs.length - 1, underline: r.underline }),
  );
}

function picture(doc: PDFKit.PDFDocument, image: Tokens.Image): void {
  const path = guideImagePath(image.href);
  if (!path) return;
  const w = width(doc);
  const h = w * 0.56;
  if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.image(path, doc.page.margins.left, doc.y, { fit: [w, h] });
  doc.y += h + 4;
  if (image.text) doc.font('i').fontSize(9).text(image.text, { width: w, align: 'center' });
  doc.moveDown(0.6);
}

function pageNumbers(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('i')
      .fontSize(8)
      .text(vi.guide.page(i + 1, range.count), doc.page.margins.left, doc.page.height - bottom + 20, {
        width: width(doc),
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
