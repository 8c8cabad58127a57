import Fastify from 'fastify';
import { z } from 'zod';
import { portalDate } from '../dvcqg/portalMessage.js';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';

const common = {
  MaDonHang: z.string().min(1).max(100),
  MaHoSo: z.string().min(1).max(50),
  UrlCallback: z.string().url(),
};
/** To a person (giao: a result delivered; nhan: papers picked up), or between agencies (chuyen). */
const Order = z.discriminatedUnion('LoaiDon', [
  z.object({
    ...common,
    LoaiDon: z.enum(['giao', 'nhan']),
    NguoiNhan: z.object({
      HoTen: z.string().min(1).max(200),
      SoDienThoai: z.string().regex(/^0\d{9}$/),
      DiaChi: z.string().min(1).max(500),
      MaXa: z.string().regex(/^\d{5}$/),
    }),
  }),
  z.object({
    ...common,
    LoaiDon: z.literal('chuyen'),
    /** The original papers of a dossier received across boundaries, to its competent agency. */
    NguoiNhan: z.object({
      TenCoQuan: z.string().min(1).max(300),
      MaCoQuan: z.string().min(1).max(40),
      DiaChi: z.string().min(1).max(500),
    }),
  }),
]);

export const postalStatuses = ['accepted', 'picked_up', 'in_transit', 'delivered', 'failed'] as const;

export interface SimulatedParcel {
  tracking: string;
  orderId: string;
  kind: 'giao' | 'nhan' | 'chuyen';
  code: string;
  status: (typeof postalStatuses)[number];
  callbackUrl: string;
  history: { status: string; at: string }[];
}

/**
 * The public postal service: takes pickup and delivery orders (idempotent by the sender's order
 * id), gives tracking numbers, answers tracking queries, and reports each status change to the
 * sender's callback with the shared token. Status changes are driven through `/_sim/` (the
 * postman's scanner, in tests and demos).
 */
export async function startPostalSimulator(opts: {
  port: number;
  token: string;
  /** The token callbacks carry (`X-Callback-Token`), agreed with the sender. */
  callbackToken: string;
  host?: string;
}): Promise<RunningSimulator & { parcels: Map<string, SimulatedParcel>; faults: FaultInjector }> {
  const app = Fastify({ logger: false });
  const faults = new FaultInjector();
  faults.install(app);
  const parcels = new Map<string, SimulatedParcel>();
  const byOrder = new Map<string, SimulatedParcel>();
  let serial = 0;
  const auth = (h: string | undefined) => h === `Bearer ${opts.token}`;

  const report = async (p: SimulatedParcel, note: string) => {
    const body = JSON.stringify({
      SoHieuBuuGui: p.tracking,
      MaDonHang: p.orderId,
      TrangThai: p.status,
      ThoiGian: portalDate(new Date()),
      GhiChu: note,
    });
    const send = () =>
      fetch(p.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callback-token': opts.callbackToken },
        body,
        signal: AbortSignal.timeout(5000),
      }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      });
    const first = await send();
    if (faults.faults.duplicateCallbacks) await send();
    return first;
  };

  app.post('/api/buudien/donhang', async (request, reply) => {
    if (!auth(request.headers.authorization))
      return reply.code(401).send({ error_code: 401, message: 'Sai mã truy cập' });
    const parsed = Order.safeParse(request.body);
    if (!parsed.success)
      return {
        error_code: 1,
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      };
    const b = parsed.data;
    const existing = byOrder.get(b.MaDonHang);
    if (existing) return { error_code: 0, SoHieuBuuGui: existing.tracking };
    const tracking = `EB${String(++serial).padStart(9, '0')}VN`;
    const p: SimulatedParcel = {
      tracking,
      orderId: b.MaDonHang,
      kind: b.LoaiDon,
      code: b.MaHoSo,
      status: 'accepted',
      callbackUrl: b.UrlCallback,
      history: [{ status: 'accepted', at: new Date().toISOString() }],
    };
    parcels.set(tracking, p);
    byOrder.set(b.MaDonHang, p);
    return { error_code: 0, SoHieuBuuGui: tracking };
  });

  app.get<{ Params: { tracking: string } }>('/api/buudien/donhang/:tracking', async (request, reply) => {
    if (!auth(request.headers.authorization)) return reply.code(401).send({ error_code: 401 });
    const p = parcels.get(request.params.tracking);
    if (!p) return reply.code(404).send({ error_code: 3, message: 'Không có bưu gửi' });
    return { error_code: 0, TrangThai: p.status, LichSu: p.history };
  });

  app.post<{ Params: { tracking: string }; Body: { status?: string; note?: string } }>(
    '/_sim/parcels/:tracking/status',
    async (request, reply) => {
      const p = parcels.get(request.params.tracking);
      const status = postalStatuses.find((s) => s === request.body?.status);
      if (!p || !status) return reply.code(400).send({ error: 'unknown parcel or status' });
      p.status = status;
      p.history.push({ status, at: new Date().toISOString() });
      return { answered: await report(p, request.body?.note ?? '') };
    },
  );
  app.get('/_sim/state', async () => ({ parcels: [...parcels.values()] }));

  const running = await listenSimulator(app, opts.port, opts.host);
  return { ...running, parcels, faults };
}
