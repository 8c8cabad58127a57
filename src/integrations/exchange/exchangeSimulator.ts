import Fastify from 'fastify';
import { z } from 'zod';
import { postSignedRetrying, signedHeaders } from '../http/signedCallback.js';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';

const Request = z.object({
  MaYeuCau: z.string().uuid(),
  HeThongNhan: z.string().regex(/^[a-z0-9_]{2,30}$/),
  Loai: z.enum(['HoSoLienThong', 'LayYKien']),
  MaHoSoGoc: z.string().min(1).max(50),
  MaThuTuc: z.string().max(60).optional(),
  TenThuTuc: z.string().max(500).optional(),
  CoQuanGui: z.object({ Ma: z.string().min(1), Ten: z.string().min(1) }),
  NguoiNop: z.object({ HoTen: z.string().min(1), SoDinhDanh: z.string().min(1), DiaChi: z.string() }),
  ThongTin: z.record(z.string(), z.unknown()),
  NoiDung: z.string().max(4000).optional(),
  HanTraLoi: z.string().optional(),
  UrlCallback: z.string().url(),
});
type Request = z.infer<typeof Request>;

export type SimulatedStatus = 'DaTiepNhan' | 'DangXuLy' | 'DaCoKetQua' | 'TuChoi';

export interface SimulatedExchange {
  requestId: string;
  system: string;
  kind: Request['Loai'];
  code: string;
  sourceCode: string;
  procedure: string | null;
  status: SimulatedStatus | 'ChoTiepNhan';
  history: { status: string; at: string }[];
}

/** Each simulated system's prefix for its own dossier codes, and what its result says. */
const systems: Record<string, { prefix: string; result: (r: Request) => string }> = {
  cutru: {
    prefix: 'CT',
    result: (r) =>
      `Đã đăng ký thường trú cho ${r.NguoiNop.HoTen} tại ${r.NguoiNop.DiaChi || 'nơi cư trú của cha mẹ'}`,
  },
  bhxh: {
    prefix: 'BH',
    result: () =>
      `Đã cấp thẻ bảo hiểm y tế số TE1${String(Date.now()).slice(-10)}, hạn đến khi trẻ đủ 72 tháng tuổi`,
  },
  thue: {
    prefix: 'TH',
    result: () =>
      'Thông báo nghĩa vụ tài chính: thuế thu nhập cá nhân 2% giá chuyển nhượng, lệ phí trước bạ 0,5%',
  },
};

/**
 * The national data-exchange platform with the systems behind it (residence, social insurance,
 * tax): takes a linked dossier or a consultation for a named system (idempotent by the sender's
 * request id), answers with that system's own dossier code, then reports its progress — received,
 * processing, result — by signed callbacks, on its own (`auto`) or when driven through `/_sim/`.
 */
export async function startExchangeSimulator(opts: {
  port: number;
  token: string;
  /** Signs the callbacks (HMAC-SHA256, as the payment platform's). */
  secret: string;
  /** Reports each step on its own, `stepMs` apart (default); else only through `/_sim/`. */
  auto?: boolean;
  stepMs?: number;
  host?: string;
}): Promise<RunningSimulator & { requests: Map<string, SimulatedExchange>; faults: FaultInjector }> {
  const app = Fastify({ logger: false });
  const faults = new FaultInjector();
  faults.install(app);
  const requests = new Map<string, SimulatedExchange>();
  const bodies = new Map<string, Request>();
  let serial = 0;

  const report = async (x: SimulatedExchange, status: SimulatedStatus) => {
    const r = bodies.get(x.requestId) as Request;
    x.status = status;
    x.history.push({ status, at: new Date().toISOString() });
    const body = JSON.stringify({
      MaYeuCau: x.requestId,
      HeThong: x.system,
      MaHoSo: x.code,
      TrangThai: status,
      KetQua: status === 'DaCoKetQua' ? (systems[x.system]?.result(r) ?? 'Đã xử lý') : null,
      LyDo: status === 'TuChoi' ? 'Hồ sơ không đủ điều kiện theo quy định (mô phỏng)' : null,
      ThoiDiem: new Date().toISOString(),
    });
    const headers = signedHeaders(opts.secret, body);
    await postSignedRetrying(r.UrlCallback, headers, body);
    if (faults.faults.duplicateCallbacks) await postSignedRetrying(r.UrlCallback, headers, body);
  };
  const stepMs = opts.stepMs ?? 150;
  /** Received, processing, result: one report after the other, `stepMs` apart. */
  const runOn = async (x: SimulatedExchange) => {
    for (const s of ['DaTiepNhan', 'DangXuLy', 'DaCoKetQua'] as const) {
      await new Promise((r) => setTimeout(r, stepMs));
      await report(x, s);
    }
  };

  app.post('/api/lienthong/gui', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${opts.token}`)
      return reply.code(401).send({ error_code: 401, message: 'Sai mã truy cập' });
    const parsed = Request.safeParse(request.body);
    if (!parsed.success)
      return {
        error_code: 1,
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      };
    const b = parsed.data;
    const system = systems[b.HeThongNhan];
    if (!system) return { error_code: 2, message: `Không có hệ thống ${b.HeThongNhan}` };
    const existing = requests.get(b.MaYeuCau);
    if (existing) return { error_code: 0, MaHoSo: existing.code };
    const x: SimulatedExchange = {
      requestId: b.MaYeuCau,
      system: b.HeThongNhan,
      kind: b.Loai,
      code: `${system.prefix}-${new Date().getFullYear()}-${String(++serial).padStart(6, '0')}`,
      sourceCode: b.MaHoSoGoc,
      procedure: b.MaThuTuc ?? null,
      status: 'ChoTiepNhan',
      history: [],
    };
    requests.set(x.requestId, x);
    bodies.set(x.requestId, b);
    if (opts.auto ?? true) void runOn(x);
    return { error_code: 0, MaHoSo: x.code };
  });

  app.post<{ Params: { code: string }; Body: { status?: SimulatedStatus } }>(
    '/_sim/requests/:code/status',
    async (request, reply) => {
      const x = [...requests.values()].find((r) => r.code === request.params.code);
      const status = request.body?.status;
      if (!x || !status || !['DaTiepNhan', 'DangXuLy', 'DaCoKetQua', 'TuChoi'].includes(status))
        return reply.code(404).send({ error_code: 3 });
      await report(x, status);
      return { error_code: 0 };
    },
  );
  app.get('/_sim/state', async () => ({ requests: [...requests.values()] }));

  const running = await listenSimulator(app, opts.port, opts.host);
  return { ...running, requests, faults };
}
