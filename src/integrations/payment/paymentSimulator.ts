import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { z } from 'zod';
import { portalDate } from '../dvcqg/portalMessage.js';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';
import { postSignedRetrying, signedHeaders } from '../http/signedCallback.js';

const CreatePayment = z.object({
  MaGiaoDich: z.string().min(1).max(100),
  MaHoSo: z.string().min(1).max(50),
  SoTien: z.number().int().positive(),
  DanhSachPhi: z.array(z.object({ TenPhi: z.string().min(1), SoTien: z.number().int().positive() })).min(1),
  DonViThuHuong: z.object({ MaDonVi: z.string().min(1), TenDonVi: z.string().min(1) }),
  UrlCallback: z.string().url(),
});

export interface SimulatedPayment {
  ref: string;
  transactionId: string;
  code: string;
  amount: number;
  feeLines: { TenPhi: string; SoTien: number }[];
  beneficiary: { MaDonVi: string; TenDonVi: string };
  callbackUrl: string;
  status: 'waiting' | 'paid' | 'cancelled' | 'refunded';
  receiptNo: string | null;
}

export interface SentCallback {
  ref: string;
  status: string;
  answered: number | string;
}

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The national payment platform: takes payment requests (idempotent by the sender's transaction id),
 * shows the payer a page to pay or cancel, tells the sender by a signed callback (and again on
 * demand: the duplicate-callback fault), answers status queries and refunds.
 */
export async function startPaymentSimulator(opts: {
  port: number;
  token: string;
  /** The secret callbacks are signed with. */
  secret: string;
  host?: string;
}): Promise<
  RunningSimulator & {
    payments: Map<string, SimulatedPayment>;
    callbacks: SentCallback[];
    faults: FaultInjector;
  }
> {
  const app = Fastify({ logger: false });
  const faults = new FaultInjector();
  faults.install(app);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  const payments = new Map<string, SimulatedPayment>();
  const byTransaction = new Map<string, SimulatedPayment>();
  const callbacks: SentCallback[] = [];
  let receipts = 0;

  const callback = async (p: SimulatedPayment) => {
    const body = JSON.stringify({
      MaThanhToan: p.ref,
      MaHoSo: p.code,
      SoTien: p.amount,
      TrangThai: p.status,
      MaBienLai: p.receiptNo,
      ThoiGian: portalDate(new Date()),
    });
    const headers = signedHeaders(opts.secret, body);
    const send = () =>
      postSignedRetrying(p.callbackUrl, headers, body, 5, (answered) =>
        callbacks.push({ ref: p.ref, status: p.status, answered }),
      );
    await send();
    if (faults.faults.duplicateCallbacks) await send();
  };
  const auth = (h: string | undefined) => h === `Bearer ${opts.token}`;

  app.post('/api/thanhtoan', async (request, reply) => {
    if (!auth(request.headers.authorization))
      return reply.code(401).send({ error_code: 401, message: 'Sai mã truy cập' });
    const parsed = CreatePayment.safeParse(request.body);
    if (!parsed.success)
      return {
        error_code: 1,
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      };
    const b = parsed.data;
    if (b.DanhSachPhi.reduce((sum, f) => sum + f.SoTien, 0) !== b.SoTien)
      return { error_code: 1, message: 'Tổng các khoản phí khác số tiền' };
    const base = `${request.protocol}://${request.headers.host ?? '127.0.0.1'}`;
    const existing = byTransaction.get(b.MaGiaoDich);
    const p = existing ?? {
      ref: `TT${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}`,
      transactionId: b.MaGiaoDich,
      code: b.MaHoSo,
      amount: b.SoTien,
      feeLines: b.DanhSachPhi,
      beneficiary: b.DonViThuHuong,
      callbackUrl: b.UrlCallback,
      status: 'waiting' as const,
      receiptNo: null,
    };
    payments.set(p.ref, p);
    byTransaction.set(p.transactionId, p);
    return { error_code: 0, MaThanhToan: p.ref, DuongDanThanhToan: `${base}/thanhtoan/${p.ref}` };
  });

  app.get<{ Params: { ref: string } }>('/api/thanhtoan/:ref', async (request, reply) => {
    if (!auth(request.headers.authorization)) return reply.code(401).send({ error_code: 401 });
    const p = payments.get(request.params.ref);
    if (!p) return reply.code(404).send({ error_code: 3, message: 'Không có giao dịch' });
    return { error_code: 0, TrangThai: p.status, SoTien: p.amount, MaBienLai: p.receiptNo };
  });

  app.post<{ Params: { ref: string } }>('/api/thanhtoan/:ref/hoan-tien', async (request, reply) => {
    if (!auth(request.headers.authorization)) return reply.code(401).send({ error_code: 401 });
    const p = payments.get(request.params.ref);
    if (!p || p.status !== 'paid') return { error_code: 1, message: 'Chỉ hoàn tiền giao dịch đã thanh toán' };
    p.status = 'refunded';
    void callback(p);
    return { error_code: 0, TrangThai: p.status };
  });

  const page = (title: string, body: string) =>
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:560px;margin:40px auto;padding:0 16px;color:#222}
h1{color:#b71c1c;font-size:22px}table{border-collapse:collapse;width:100%}td{padding:6px;border-bottom:1px solid #ddd}
button{font-size:16px;padding:8px 20px;margin-right:12px;cursor:pointer}.pay{background:#b71c1c;color:#fff;border:0;border-radius:4px}</style>
</head><body><p>Nền tảng thanh toán trực tuyến (mô phỏng)</p><h1>${escape(title)}</h1>${body}</body></html>`;

  app.get<{ Params: { ref: string } }>('/thanhtoan/:ref', async (request, reply) => {
    const p = payments.get(request.params.ref);
    if (!p) return reply.code(404).type('text/html; charset=utf-8').send(page('Không có giao dịch', ''));
    const money = (n: number) => `${n.toLocaleString('vi-VN')} đồng`;
    const rows = p.feeLines
      .map((f) => `<tr><td>${escape(f.TenPhi)}</td><td>${money(f.SoTien)}</td></tr>`)
      .join('');
    const actions =
      p.status === 'waiting'
        ? `<form method="post" action="/thanhtoan/${p.ref}/xac-nhan" style="display:inline"><button class="pay" type="submit">Thanh toán</button></form>
<form method="post" action="/thanhtoan/${p.ref}/huy" style="display:inline"><button type="submit">Hủy giao dịch</button></form>`
        : `<p role="status">Trạng thái: <b>${{ paid: 'Đã thanh toán', cancelled: 'Đã hủy', refunded: 'Đã hoàn tiền' }[p.status] ?? p.status}</b>${p.receiptNo ? ` — biên lai điện tử số ${p.receiptNo}` : ''}</p>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          `Thanh toán hồ sơ ${p.code}`,
          `<p>Đơn vị thụ hưởng: ${escape(p.beneficiary.TenDonVi)}</p><table>${rows}<tr><td><b>Tổng cộng</b></td><td><b>${money(p.amount)}</b></td></tr></table><p>${actions}</p>`,
        ),
      );
  });

  const settle =
    (status: 'paid' | 'cancelled') =>
    async (request: { params: { ref: string } }, reply: import('fastify').FastifyReply) => {
      const p = payments.get(request.params.ref);
      if (!p) return reply.code(404).send();
      if (p.status === 'waiting') {
        p.status = status;
        if (status === 'paid')
          p.receiptNo = `BL${new Date().getFullYear()}-${String(++receipts).padStart(6, '0')}`;
        await callback(p);
      }
      return reply.redirect(`/thanhtoan/${p.ref}`, 303);
    };
  app.post<{ Params: { ref: string } }>('/thanhtoan/:ref/xac-nhan', settle('paid'));
  app.post<{ Params: { ref: string } }>('/thanhtoan/:ref/huy', settle('cancelled'));
  app.get('/_sim/state', async () => ({ payments: [...payments.values()], callbacks }));

  const running = await listenSimulator(app, opts.port, opts.host);
  return { ...running, payments, callbacks, faults };
}
