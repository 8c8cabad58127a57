import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';

const Issue = z.object({
  MaYeuCau: z.string().min(1).max(100),
  MaHoSo: z.string().min(1).max(50),
  TenNguoiNop: z.string().min(1).max(200),
  SoTien: z.number().int().min(0),
  NoiDung: z.string().min(1).max(500),
  DonViThu: z.string().min(1).max(300),
});
const Cancel = z.object({ LyDo: z.string().min(1).max(500) });
const Replace = Issue.extend({ LyDo: z.string().min(1).max(500) });

export interface SimulatedReceipt {
  SoBienLai: string;
  KyHieu: string;
  MaTraCuu: string;
  MaYeuCau: string;
  MaHoSo: string;
  TenNguoiNop: string;
  SoTien: number;
  NoiDung: string;
  DonViThu: string;
  TrangThai: 'da_phat_hanh' | 'da_huy' | 'bi_thay_the';
  /** The receipt this one replaced, or the one that replaced it. */
  ThayTheCho: string | null;
  ThayTheBoi: string | null;
  LyDo: string | null;
}

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const statusName = { da_phat_hanh: 'Đã phát hành', da_huy: 'Đã hủy', bi_thay_the: 'Đã bị thay thế' };

/**
 * An e-receipt (biên lai điện tử) provider, as a tax-registered provider serves agencies collecting
 * fees: issues a receipt for a paid fee (idempotent by the sender's request id), cancels one,
 * replaces one with a corrected receipt, and shows any receipt to whoever holds its lookup code.
 */
export async function startEReceiptSimulator(opts: {
  port: number;
  token: string;
  host?: string;
}): Promise<RunningSimulator & { receipts: Map<string, SimulatedReceipt>; faults: FaultInjector }> {
  const app = Fastify({ logger: false });
  const faults = new FaultInjector();
  faults.install(app);
  const receipts = new Map<string, SimulatedReceipt>();
  const byRequest = new Map<string, string>();
  let next = 1;
  const series = `1C${String(new Date().getFullYear()).slice(2)}TBL`;

  const authorized = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.headers.authorization === `Bearer ${opts.token}`) return true;
    void reply.code(401).send({ error_code: 401, message: 'Sai mã truy cập' });
    return false;
  };
  const lookupUrl = (request: FastifyRequest, code: string) =>
    `${request.protocol}://${request.headers.host ?? '127.0.0.1'}/tra-cuu/${code}`;
  const answer = (request: FastifyRequest, r: SimulatedReceipt) => ({
    error_code: 0,
    SoBienLai: r.SoBienLai,
    KyHieu: r.KyHieu,
    MaTraCuu: r.MaTraCuu,
    DuongDanTraCuu: lookupUrl(request, r.MaTraCuu),
    TrangThai: r.TrangThai,
  });
  const issue = (body: z.infer<typeof Issue>, replaces: string | null): SimulatedReceipt => {
    const r: SimulatedReceipt = {
      ...body,
      SoBienLai: String(next++).padStart(7, '0'),
      KyHieu: series,
      MaTraCuu: randomBytes(8).toString('hex').toUpperCase(),
      TrangThai: 'da_phat_hanh',
      ThayTheCho: replaces,
      ThayTheBoi: null,
      LyDo: null,
    };
    receipts.set(r.SoBienLai, r);
    byRequest.set(body.MaYeuCau, r.SoBienLai);
    return r;
  };

  app.post('/api/bienlai', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const body = Issue.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error_code: 400, message: body.error.message });
    const earlier = byRequest.get(body.data.MaYeuCau);
    return answer(request, earlier ? (receipts.get(earlier) as SimulatedReceipt) : issue(body.data, null));
  });

  app.post<{ Params: { so: string } }>('/api/bienlai/:so/huy', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const body = Cancel.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error_code: 400, message: body.error.message });
    const r = receipts.get(request.params.so);
    if (!r) return reply.code(404).send({ error_code: 404, message: 'Không có biên lai' });
    if (r.TrangThai === 'da_phat_hanh') Object.assign(r, { TrangThai: 'da_huy', LyDo: body.data.LyDo });
    return answer(request, r);
  });

  app.post<{ Params: { so: string } }>('/api/bienlai/:so/thay-the', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const body = Replace.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error_code: 400, message: body.error.message });
    const old = receipts.get(request.params.so);
    if (!old) return reply.code(404).send({ error_code: 404, message: 'Không có biên lai' });
    const earlier = byRequest.get(body.data.MaYeuCau);
    if (earlier) return answer(request, receipts.get(earlier) as SimulatedReceipt);
    if (old.TrangThai !== 'da_phat_hanh')
      return reply.code(409).send({ error_code: 409, message: 'Biên lai không còn hiệu lực' });
    const { LyDo, ...rest } = body.data;
    const r = issue(rest, old.SoBienLai);
    Object.assign(old, { TrangThai: 'bi_thay_the', ThayTheBoi: r.SoBienLai, LyDo });
    return answer(request, r);
  });

  // What a citizen sees with the lookup code printed on the receipt.
  app.get<{ Params: { code: string } }>('/tra-cuu/:code', async (request, reply) => {
    const r = [...receipts.values()].find((x) => x.MaTraCuu === request.params.code);
    if (!r) return reply.code(404).type('text/html; charset=utf-8').send('<p>Không tìm thấy biên lai</p>');
    const rows: [string, string][] = [
      ['Ký hiệu', r.KyHieu],
      ['Số', r.SoBienLai],
      ['Đơn vị thu', r.DonViThu],
      ['Người nộp', r.TenNguoiNop],
      ['Hồ sơ', r.MaHoSo],
      ['Nội dung', r.NoiDung],
      ['Số tiền', `${r.SoTien.toLocaleString('vi-VN')} đồng`],
      ['Trạng thái', statusName[r.TrangThai]],
    ];
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Biên lai điện tử ${escape(r.KyHieu)}-${escape(r.SoBienLai)}</title>` +
          `<h1>Biên lai thu phí, lệ phí điện tử</h1><table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${escape(v)}</td></tr>`).join('')}</table></html>`,
      );
  });

  app.get('/_sim/state', async () => ({ receipts: [...receipts.values()], injected: faults.injected }));

  const running = await listenSimulator(app, opts.port, opts.host);
  return { ...running, receipts, faults };
}
