import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FaultInjector } from '../simulator/faults.js';
import { listenSimulator, type RunningSimulator } from '../simulator/listen.js';
import { PortalCode } from './portalClient.js';
import {
  fieldLimits,
  portalDate as portalTime,
  type PortalDossier,
  type PortalHistoryEntry,
} from './portalMessage.js';
import { signedHeaders } from '../http/signedCallback.js';

const portalDate = z.string().regex(/^(\d{14})?$/, 'ngày phải có dạng yyyyMMddHHmmss');
const text = (field: keyof typeof fieldLimits) =>
  z
    .string()
    .refine((s) => [...s].length <= fieldLimits[field], `${field} dài quá ${fieldLimits[field]} ký tự`);

/** A link the portal stores for citizens: an absolute address, signed and expiring (issue 22). */
const signedLink = z
  .string()
  .max(2000)
  .refine((u) => {
    try {
      const url = new URL(u);
      return ['e', 'k', 's'].every((p) => url.searchParams.get(p));
    } catch {
      return false;
    }
  }, 'đường dẫn phải tuyệt đối, có chữ ký và hạn dùng (e, k, s)');

/** The lists a dossier message carries besides its header (DOMAIN §7): each kind with its fields. */
const ListRules = {
  TaiLieuNop: z.array(
    z.object({
      MaThanhPhan: z.string().min(1).max(50),
      TenTepDinhKem: text('TenTepDinhKem').pipe(z.string().min(1)),
      DuongDanTaiLieu: signedLink,
      DaSoHoa: z.union([z.literal(0), z.literal(1)]),
      TaiSuDung: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    }),
  ),
  PhiLePhi: z.array(
    z.object({
      SoTien: z.number().int().min(0),
      TrangThaiThanhToan: z.number().int().min(0).max(5),
      SoBienLai: z.string().max(50),
    }),
  ),
  BoSung: z.array(
    z.object({
      NgayYeuCau: portalDate.pipe(z.string().min(1)),
      NoiDungYeuCau: text('NoiDungYeuCau').pipe(z.string().min(1)),
      ThanhPhanBoSung: z.array(z.string().min(1)).min(1),
      HanXuLyTruoc: portalDate,
      NgayNhanBoSung: portalDate,
      HanXuLySau: portalDate,
    }),
  ),
  KetQua: z.array(
    z.object({
      TenGiayTo: text('TenGiayTo').pipe(z.string().min(1)),
      SoKyHieu: z.string().max(100),
      MaXacThuc: z.string().max(50),
      MaBam: z.string().regex(/^[0-9a-f]{64}$/, 'MaBam phải là SHA-256 (64 ký tự hex)'),
      DuongDanTaiLieu: signedLink,
    }),
  ),
  TraoDoi: z.array(
    z.object({
      ChieuGui: z.union([z.literal(1), z.literal(2)]),
      NguoiGui: text('NguoiXuLy').pipe(z.string().min(1)),
      NoiDung: text('NoiDungXuLy').pipe(z.string().min(1)),
      ThoiDiem: portalDate.pipe(z.string().min(1)),
    }),
  ),
  DanhGia: z
    .object({
      MucDoHaiLong: z.number().int().min(1).max(4),
      NgayDanhGia: portalDate.pipe(z.string().min(1)),
    })
    .nullable(),
};

/** The field rules the portal enforces on a dossier message (DOMAIN §7). */
const DossierRules = z
  .object({
    MaHoSo: text('MaHoSo').pipe(z.string().min(1)),
    MaTTHC: z.string().min(1).max(50),
    TenTTHC: text('TenTTHC'),
    MaLinhVuc: z.string().min(1).max(50),
    KenhThucHien: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    ChuHoSo: text('ChuHoSo').pipe(z.string().min(1)),
    LoaiDoiTuong: z.number().int().min(1).max(4),
    LoaiGiayTo: z.number().int().min(1).max(2),
    SoGiayTo: z.string().min(1).max(20),
    TrichYeuHoSo: text('TrichYeuHoSo'),
    NgayNopHoSo: portalDate.pipe(z.string().min(1)),
    NgayTiepNhan: portalDate,
    NgayHenTra: portalDate,
    NgayKetThucXuLy: portalDate,
    NgayTra: portalDate,
    NgayTuChoi: portalDate,
    TrangThaiHoSo: z.number().int().min(1).max(10),
    DonViXuLy: text('DonViXuLy'),
    MaDonViXuLy: z.string().min(1),
    ...ListRules,
    PhienBan: z.number().int().min(1),
  })
  .passthrough()
  .refine((d) => d.LoaiGiayTo !== 1 || /^\d{12}$/.test(d.SoGiayTo), {
    message: 'Số định danh cá nhân phải có 12 chữ số',
    path: ['SoGiayTo'],
  });

const HistoryRules = z.object({
  TienTrinh: z
    .array(
      z
        .object({
          MaTienTrinh: z.string().min(1).max(80),
          MaHoSo: z.string().min(1),
          NguoiXuLy: text('NguoiXuLy'),
          ChucDanh: text('ChucDanh'),
          ThoiDiemXuLy: portalDate.pipe(z.string().min(1)),
          PhongBanXuLy: text('PhongBanXuLy'),
          NoiDungXuLy: text('NoiDungXuLy'),
          TrangThai: z.number().int().min(1).max(10),
          NgayBatDau: portalDate,
          NgayKetThucTheoQuyDinh: portalDate,
        })
        .passthrough(),
    )
    .max(500),
});

interface Held {
  record: PortalDossier;
  /** Every version it accepted for this code, in arrival order. */
  versions: number[];
}

/** What the simulated portal holds: tests and the operator read it through `/_sim/state`. */
export class PortalState {
  /** By code; more than one copy only when the duplicate fault made one. */
  readonly dossiers = new Map<string, Held[]>();
  readonly history = new Map<string, Map<string, PortalHistoryEntry>>();
  /** Acceptances already given, by message id and request: a repeat gets the same answer, no new effect. */
  readonly answered = new Map<string, { error_code: number; message: string }>();
  /** Updates older than what it held (a sender's ordering bug): ignored, but counted. */
  staleUpdates = 0;
  repeats = 0;
  accepted = 0;
  /** Online dossiers pushed to the system, with the status it answered. */
  readonly pushed: { portalId: string; status: number }[] = [];
  /** Citizens' events sent to the system, each delivery with the status it answered. */
  readonly events: { id: string; code: string; seq: number; type: string; status: number }[] = [];
  /** The last event number given to each dossier. */
  readonly eventSeq = new Map<string, number>();
  refused = 0;
}

export interface PortalSimulatorOptions {
  token: string;
  /** What it signs the events it sends with (what citizens do on the portal). */
  eventSecret?: string;
  random?: () => number;
}

/**
 * The national portal (DVCQG) as this system sees it: receives dossiers and process history,
 * keeps them, enforces the field rules, lists a day's dossiers for reconciliation, and fails on
 * demand.
 */
export async function buildPortalSimulator(opts: PortalSimulatorOptions): Promise<{
  app: FastifyInstance;
  state: PortalState;
  faults: FaultInjector;
  connect: (system: { url: string; key: string }) => void;
}> {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  const state = new PortalState();
  const faults = new FaultInjector(opts.random);
  faults.install(app);

  const authorized = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.headers.authorization === `Bearer ${opts.token}`) return true;
    void reply.code(401).send({ error_code: 401, message: 'Sai mã truy cập' });
    return false;
  };
  /** Answers a repeat of a message with its first answer, and does the work only once. */
  const once = (request: FastifyRequest, work: () => { error_code: number; message: string }) => {
    const id = request.headers['x-message-id'];
    const key = typeof id === 'string' ? `${request.method} ${request.url} ${id}` : null;
    const earlier = key ? state.answered.get(key) : undefined;
    if (earlier) {
      state.repeats++;
      return earlier;
    }
    const answer = work();
    if (answer.error_code === PortalCode.ok) state.accepted++;
    else state.refused++;
    // Only what it accepted: a refused message may be corrected and sent again under its id.
    if (key && answer.error_code === PortalCode.ok) state.answered.set(key, answer);
    return answer;
  };
  const invalid = (issues: z.core.$ZodIssue[]) => ({
    error_code: PortalCode.invalid,
    message: issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  });
  const put = (record: PortalDossier) => {
    const held = state.dossiers.get(record.MaHoSo);
    if (!held) return { error_code: PortalCode.notFound, message: 'Không tìm thấy hồ sơ' };
    for (const copy of held) {
      copy.versions.push(record.PhienBan);
      if (record.PhienBan < copy.record.PhienBan) state.staleUpdates++;
      else copy.record = record;
    }
    return { error_code: PortalCode.ok, message: 'Cập nhật thành công' };
  };

  app.post('/dvcqg/hoso', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    return once(request, () => {
      const parsed = DossierRules.safeParse(request.body);
      if (!parsed.success) return invalid(parsed.error.issues);
      const record = parsed.data as unknown as PortalDossier;
      const held = state.dossiers.get(record.MaHoSo);
      if (held && !faults.chance(faults.faults.duplicateCreateRate))
        return { error_code: PortalCode.exists, message: 'Hồ sơ đã tồn tại' };
      state.dossiers.set(record.MaHoSo, [...(held ?? []), { record, versions: [record.PhienBan] }]);
      return { error_code: PortalCode.ok, message: 'Thêm mới thành công' };
    });
  });

  app.put<{ Params: { code: string } }>('/dvcqg/hoso/:code', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    return once(request, () => {
      const parsed = DossierRules.safeParse(request.body);
      if (!parsed.success) return invalid(parsed.error.issues);
      const record = parsed.data as unknown as PortalDossier;
      if (record.MaHoSo !== request.params.code)
        return { error_code: PortalCode.invalid, message: 'MaHoSo không khớp đường dẫn' };
      return put(record);
    });
  });

  app.post<{ Params: { code: string } }>('/dvcqg/hoso/:code/tientrinh', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    return once(request, () => {
      const parsed = HistoryRules.safeParse(request.body);
      if (!parsed.success) return invalid(parsed.error.issues);
      if (!state.dossiers.has(request.params.code))
        return { error_code: PortalCode.notFound, message: 'Không tìm thấy hồ sơ' };
      const entries = state.history.get(request.params.code) ?? new Map<string, PortalHistoryEntry>();
      for (const e of parsed.data.TienTrinh) entries.set(e.MaTienTrinh, e as PortalHistoryEntry);
      state.history.set(request.params.code, entries);
      return { error_code: PortalCode.ok, message: `Đã nhận ${parsed.data.TienTrinh.length} tiến trình` };
    });
  });

  app.get<{ Querystring: { ngay?: string } }>('/dvcqg/hoso', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const day = request.query.ngay ?? '';
    if (!/^\d{8}$/.test(day))
      return { error_code: PortalCode.invalid, message: 'ngay phải có dạng yyyyMMdd' };
    const data = [...state.dossiers.values()]
      .flat()
      .filter((h) => h.record.NgayNopHoSo.startsWith(day))
      .map((h) => ({
        MaHoSo: h.record.MaHoSo,
        TrangThaiHoSo: h.record.TrangThaiHoSo,
        MaDonViXuLy: h.record.MaDonViXuLy,
        NgayHenTra: h.record.NgayHenTra,
        DaThanhToan: h.record.DaThanhToan,
        SoTaiLieu: h.record.TaiLieuNop.length,
        SoKetQua: h.record.KetQua.length,
        MucDoHaiLong: h.record.DanhGia?.MucDoHaiLong ?? 0,
        PhienBan: h.record.PhienBan,
      }));
    return { error_code: PortalCode.ok, data };
  });

  // Online dossiers submitted on the portal, pushed to the system (channel 2) with the portal's own
  // id as the idempotency key; the duplicate-callback fault pushes each twice.
  let system: { url: string; key: string } | null = null;
  app.post<{ Body: Record<string, unknown> & { portalId?: string } }>(
    '/_sim/push',
    async (request, reply) => {
      if (!system) return reply.code(503).send({ error: 'the simulator is not connected to a system' });
      const {
        portalId = `DVCQG-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        ...dossier
      } = request.body ?? {};
      const push = async () => {
        const res = await fetch(`${system?.url}/api/v1/portal/dossiers`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${system?.key}`,
            'idempotency-key': portalId,
          },
          body: JSON.stringify(dossier),
          signal: AbortSignal.timeout(10_000),
        });
        return { status: res.status, body: (await res.json()) as unknown };
      };
      const first = await push();
      const again = faults.faults.duplicateCallbacks ? await push() : null;
      state.pushed.push({ portalId, status: first.status });
      return reply
        .code(first.status)
        .send({ portalId, answer: first.body, ...(again ? { repeated: again } : {}) });
    },
  );

  // What citizens do on the portal (issue 22): each event numbered in its dossier and sent signed,
  // in the order given or reversed, each once or twice (`repeat`, or the duplicate-callback fault).
  app.post<{ Body: SimEventsBody }>('/_sim/events', async (request, reply) => {
    if (!system || !opts.eventSecret)
      return reply.code(503).send({ error: 'the simulator is not connected to a system' });
    const target = system;
    const secret = opts.eventSecret;
    const { events = [], order = 'as_given', repeat = false } = request.body ?? {};
    const numbered = events.map((e) => {
      const seq = e.SoThuTu ?? (state.eventSeq.get(e.MaHoSo) ?? 0) + 1;
      state.eventSeq.set(e.MaHoSo, Math.max(seq, state.eventSeq.get(e.MaHoSo) ?? 0));
      return {
        MaSuKien: e.MaSuKien ?? `SK-${e.MaHoSo}-${seq}-${Math.random().toString(36).slice(2, 8)}`,
        MaHoSo: e.MaHoSo,
        SoThuTu: seq,
        ThoiDiem: portalTime(new Date()),
        LoaiSuKien: e.LoaiSuKien,
        NoiDung: e.NoiDung,
      };
    });
    const sent = [];
    for (const event of order === 'reverse' ? [...numbered].reverse() : numbered) {
      const times = repeat || faults.faults.duplicateCallbacks ? 2 : 1;
      for (let i = 0; i < times; i++) {
        const answer = await sendEvent(target, secret, event);
        state.events.push({
          id: event.MaSuKien,
          code: event.MaHoSo,
          seq: event.SoThuTu,
          type: event.LoaiSuKien,
          status: answer.status,
        });
        sent.push({ MaSuKien: event.MaSuKien, SoThuTu: event.SoThuTu, ...answer });
      }
    }
    return { sent };
  });

  app.get('/_sim/state', async () => ({
    dossiers: [...state.dossiers.values()].flat().map((h) => ({ ...h.record, versions: h.versions })),
    history: Object.fromEntries([...state.history].map(([code, entries]) => [code, [...entries.values()]])),
    staleUpdates: state.staleUpdates,
    repeats: state.repeats,
    events: state.events,
    accepted: state.accepted,
    refused: state.refused,
    injected: faults.injected,
  }));

  return { app, state, faults, connect: (s: { url: string; key: string }) => (system = s) };
}

interface SimEventsBody {
  events?: {
    MaHoSo: string;
    LoaiSuKien: string;
    NoiDung: unknown;
    MaSuKien?: string;
    SoThuTu?: number;
  }[];
  order?: 'as_given' | 'reverse';
  repeat?: boolean;
}

/** One event to the system: its API key, and the body signed with the shared secret. */
async function sendEvent(
  system: { url: string; key: string },
  secret: string,
  event: Record<string, unknown>,
): Promise<{ status: number; answer: unknown }> {
  const body = JSON.stringify(event);
  const res = await fetch(`${system.url}/api/v1/portal/events`, {
    method: 'POST',
    headers: { ...signedHeaders(secret, body), authorization: `Bearer ${system.key}` },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, answer: (await res.json()) as unknown };
}

/** Starts the portal simulator on `port` (0: any free port). */
export async function startPortalSimulator(
  opts: PortalSimulatorOptions & { port: number; host?: string },
): Promise<
  RunningSimulator & {
    state: PortalState;
    faults: FaultInjector;
    connect: (system: { url: string; key: string }) => void;
  }
> {
  const { app, state, faults, connect } = await buildPortalSimulator(opts);
  const running = await listenSimulator(app, opts.port, opts.host);
  return { ...running, state, faults, connect };
}
