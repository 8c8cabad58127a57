import jsQRModule from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

// jsqr is CommonJS with a default export: reach the function whichever way the loader wraps it.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ??
  jsQRModule) as typeof jsQRModule.default;

/** The text of every page, and the QR codes found in its images. */
export async function readPdf(bytes: Buffer): Promise<{ text: string; qr: string[] }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  let text = '';
  const qr: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
    const ops = await page.getOperatorList();
    for (const [i, fn] of ops.fnArray.entries()) {
      if (fn !== OPS.paintImageXObject) continue;
      const name = (ops.argsArray[i] as string[])[0] as string;
      const img = (await new Promise((resolve) => page.objs.get(name, resolve))) as {
        width: number;
        height: number;
        data: Uint8ClampedArray;
        kind: number;
      };
      // RGB (kind 2) to RGBA for the decoder.
      const rgba =
        img.data.length === img.width * img.height * 4
          ? img.data
          : Uint8ClampedArray.from({ length: img.width * img.height * 4 }, (_, k) =>
              k % 4 === 3 ? 255 : (img.data[Math.floor(k / 4) * 3 + (k % 4)] ?? 0),
            );
      const found = jsQR(rgba, img.width, img.height);
      if (found) qr.push(found.data);
    }
  }
  await pdf.destroy();
  return { text: text.replace(/\s+/g, ' '), qr };
}
