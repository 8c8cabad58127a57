import type { PDFDocument } from 'pdf-lib';

const activeKeys = ['JavaScript', 'JS', 'AA', 'Launch', 'RichMedia', 'EmbeddedFile'];
const activeActions = ['JavaScript', 'Launch', 'ImportData', 'SubmitForm', 'RichMediaExecute'];

/**
 * What a PDF would run or launch when opened (JavaScript, launch actions, embedded files), found by
 * walking every object pdf-lib parsed, compressed object streams included: the name of the first
 * such thing, or null. A scan at the counter has none; a PDF that has is refused, not stored.
 */
export async function pdfActiveContent(pdf: PDFDocument): Promise<string | null> {
  const { PDFDict, PDFName } = await import('pdf-lib');
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    for (const key of activeKeys) if (object.has(PDFName.of(key))) return key;
    const action = object.get(PDFName.of('S'));
    if (action instanceof PDFName && activeActions.includes(action.decodeText())) return action.decodeText();
  }
  return null;
}
