import { createHash, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { z } from 'zod';
import { withoutDiacritics } from '../../domain/notifications/applicantNotice.js';
import { postSignedRetrying, signedHeaders } from '../http/signedCallback.js';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';

const Draft = z.object({
  MaGiaoDich: z.string().min(1).max(100),
  MaHoSo: z.string().min(1).max(50),
  TrichYeu: z.string().min(1).max(1000),
  CoQuanBanHanh: z.object({ Ma: z.string().min(1), Ten: z.string().min(1) }),
  UrlCallback: z.string().url(),
});

export interface SimulatedDocument {
  ref: string;
  transactionId: string;
  code: string;
  number: string;
  signer: string;
  sha256: string;
}

/** ASCII for the standard PDF font: the simulator's placeholder document, not a real result. */
const ascii = (s: string) => withoutDiacritics(s).replace(/[^\x20-\x7e]/g, '?');

/**
 * The document-management and signing system: takes a result draft (idempotent by the sender's
 * transaction id), numbers it in the issuing agency's register for the year, has it signed, and
 * sends the numbered, signed PDF back by a signed callback (twice under the duplicate fault).
 */
export async function startDocmgmtSimulator(opts: {
  port: number;
  token: string;
  secret: string;
  host?: string;
}): Promise<
  RunningSimulator & { documents: Map<string, SimulatedDocument>; callbacks: number[]; faults: FaultInjector }
> {
  const app = Fastify({ logger: false });
  const faults = new FaultInjector();
  faults.install(app);
  const documents = new Map<string, SimulatedDocument>();
  const byTransaction = new Map<string, SimulatedDocument>();
  const registers = new Map<string, number>();
  const callbacks: number[] = [];

  const signAndReturn = async (d: SimulatedDocument, title: string, agency: string, url: string) => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage();
    const lines = [
      agency,
      `So: ${d.number}`,
      `Ho so: ${d.code}`,
      title,
      `Nguoi ky: ${d.signer}`,
      `Ma van ban: ${d.ref}`,
    ];
    lines.forEach((l, i) => page.drawText(ascii(l).slice(0, 90), { x: 50, y: 760 - i * 24, size: 12, font }));
    pdf.setTitle(ascii(title));
    pdf.setCreationDate(new Date(0));
    pdf.setModificationDate(new Date(0));
    const bytes = Buffer.from(await pdf.save());
    d.sha256 = createHash('sha256').update(bytes).digest('hex');
    const body = JSON.stringify({
      MaGiaoDich: d.transactionId,
      MaVanBan: d.ref,
      MaHoSo: d.code,
      SoKyHieu: d.number,
      NgayBanHanh: new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10),
      NguoiKy: d.signer,
      MaBam: d.sha256,
      TepKetQua: bytes.toString('base64'),
    });
    const headers = signedHeaders(opts.secret, body);
    const send = async () => void callbacks.push(await postSignedRetrying(url, headers, body));
    await send();
    if (faults.faults.duplicateCallbacks) await send();
  };

  app.post('/api/vanban/du-thao', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${opts.token}`)
      return reply.code(401).send({ error_code: 401, message: 'Sai mã truy cập' });
    const parsed = Draft.safeParse(request.body);
    if (!parsed.success)
      return {
        error_code: 1,
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      };
    const b = parsed.data;
    const existing = byTransaction.get(b.MaGiaoDich);
    if (existing) return { error_code: 0, MaVanBan: existing.ref };
    const year = new Date().getFullYear();
    const key = `${b.CoQuanBanHanh.Ma}/${year}`;
    const n = (registers.get(key) ?? 0) + 1;
    registers.set(key, n);
    const d: SimulatedDocument = {
      ref: `VB-${randomUUID().slice(0, 8).toUpperCase()}`,
      transactionId: b.MaGiaoDich,
      code: b.MaHoSo,
      number: `${n}/${year}/KQ`,
      signer: 'Lãnh đạo cơ quan (chữ ký số mô phỏng)',
      sha256: '',
    };
    documents.set(d.ref, d);
    byTransaction.set(d.transactionId, d);
    // Numbered and signed a moment later, as a real signing workflow would.
    setTimeout(() => void signAndReturn(d, b.TrichYeu, b.CoQuanBanHanh.Ten, b.UrlCallback), 50);
    return { error_code: 0, MaVanBan: d.ref };
  });
  app.get('/_sim/state', async () => ({ documents: [...documents.values()], callbacks }));

  const running = await listenSimulator(app, opts.port, opts.host);
  return { ...running, documents, callbacks, faults };
}
