/**
 * The messages of the national portal (DVCQG) synchronization, DOMAIN §7: the dossier message
 * (HoSo) and one process-history entry (TienTrinh) per log entry. Pure: what is sent is decided
 * here, how it travels is the connector's business.
 */

/** What the portal needs of a dossier, read in one snapshot. */
export interface DossierFacts {
  code: string;
  procedureCode: string;
  procedureName: string;
  sectorCode: string;
  channel: 1 | 2 | 3;
  applicant: {
    kind: 'individual' | 'business' | 'agency';
    idNumber: string;
    name: string;
    phone?: string | null;
    email?: string | null;
    address: { communeCode: string; detail: string };
  };
  summary: string | null;
  status: number;
  agencyCode: string;
  agencyName: string;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  /** When processing ended (status 9, or 7/8), when the result was returned (10), when refused (3). */
  finishedAt: Date | null;
  returnedAt: Date | null;
  refusedAt: Date | null;
  delivery: string;
  payment: string;
  /** The current version of each component's document. */
  documents: DocumentFacts[];
  fees: FeeFacts[];
  supplements: SupplementFacts[];
  results: ResultFacts[];
  rating: { level: RatingLevel; at: Date } | null;
  /** The last messages between the officials and the applicant, oldest first. */
  messages: { direction: 'from_applicant' | 'to_applicant'; sender: string; body: string; at: Date }[];
  vneidAuthenticated: boolean;
  /** The last log entry the message reflects. */
  seq: number;
  /**
   * The message's version: the position of the newest change queued for the portal (every change
   * the portal shows queues one). The portal keeps the message with the highest.
   */
  rev: number;
}

export interface DocumentFacts {
  id: string;
  component: string;
  name: string;
  /** 0 paper only, 1 digitized at receipt, 2 reused from an earlier dossier, 3 from a result. */
  digitization: number;
}

export interface FeeFacts {
  amount: number;
  status: 'creating' | 'waiting' | 'paid' | 'cancelled' | 'refunding' | 'refunded';
  receiptNo: string | null;
}

export interface SupplementFacts {
  requestedAt: Date;
  reason: string;
  components: string[];
  dueBefore: Date | null;
  receivedAt: Date | null;
  dueAfter: Date | null;
}

export interface ResultFacts {
  id: string;
  title: string;
  number: string | null;
  verificationCode: string | null;
  sha256: string;
}

export type RatingLevel = 'very_satisfied' | 'satisfied' | 'neutral' | 'unsatisfied';

/** One log entry, with who acted and where. */
export interface HistoryFacts {
  seq: number;
  at: Date;
  actorName: string;
  actorTitle: string;
  agencyName: string;
  content: string;
  toStatus: number;
  stepStartedAt: Date;
  stepDueAt: Date | null;
}

/** Field length limits the portal enforces; longer text is cut, and the cut is noted. */
export const fieldLimits = {
  MaHoSo: 50,
  TenTTHC: 1000,
  ChuHoSo: 250,
  TrichYeuHoSo: 1000,
  DiaChiChuHoSo: 500,
  DonViXuLy: 500,
  NguoiXuLy: 250,
  ChucDanh: 250,
  PhongBanXuLy: 500,
  NoiDungXuLy: 2000,
  TenTepDinhKem: 255,
  NoiDungYeuCau: 2000,
  TenGiayTo: 500,
} as const;
type LimitedField = keyof typeof fieldLimits;

/** yyyyMMddHHmmss in Vietnam's time (UTC+7, no daylight saving), as the portal reads dates. */
export function portalDate(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3_600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    p(local.getUTCFullYear(), 4) +
    p(local.getUTCMonth() + 1) +
    p(local.getUTCDate()) +
    p(local.getUTCHours()) +
    p(local.getUTCMinutes()) +
    p(local.getUTCSeconds())
  );
}

/** Reads a portal date back (the simulator, reconciliation). */
export function parsePortalDate(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, se) - 7 * 3_600_000;
  const back = new Date(t);
  return portalDate(back) === s ? back : null;
}

const portalDateOrEmpty = (d: Date | null) => (d ? portalDate(d) : '');

const applicantKind = { individual: 1, business: 2, agency: 3 } as const;

export interface PortalDossier {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  KenhThucHien: 1 | 2 | 3;
  ChuHoSo: string;
  LoaiDoiTuong: 1 | 2 | 3 | 4;
  LoaiGiayTo: 1 | 2;
  SoGiayTo: string;
  DiaChiChuHoSo: string;
  MaXaChuHoSo: string;
  SoDienThoai: string;
  Email: string;
  TrichYeuHoSo: string;
  NgayNopHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  NgayKetThucXuLy: string;
  NgayTra: string;
  NgayTuChoi: string;
  TrangThaiHoSo: number;
  DonViXuLy: string;
  MaDonViXuLy: string;
  HinhThuc: 0 | 1 | 2 | 3;
  DaThanhToan: 0 | 1;
  CoSoHoa: 0 | 1;
  XacThucVNeID: 0 | 1;
  TaiLieuNop: {
    MaThanhPhan: string;
    TenTepDinhKem: string;
    /** A signed link that opens without a session until it expires. */
    DuongDanTaiLieu: string;
    DaSoHoa: 0 | 1;
    /** 1 reused from an earlier dossier's component, 2 from an earlier result, else 0. */
    TaiSuDung: 0 | 1 | 2;
  }[];
  /** Fees and their payment: 1 waiting, 2 paid, 3 cancelled, 4 refunded (5 refund under way). */
  PhiLePhi: { SoTien: number; TrangThaiThanhToan: 0 | 1 | 2 | 3 | 4 | 5; SoBienLai: string }[];
  /** Supplement requests: when, why, which papers, the due time before and after. */
  BoSung: {
    NgayYeuCau: string;
    NoiDungYeuCau: string;
    ThanhPhanBoSung: string[];
    HanXuLyTruoc: string;
    NgayNhanBoSung: string;
    HanXuLySau: string;
  }[];
  /** Results issued: document, number, verification code, SHA-256 of the file, signed link. */
  KetQua: {
    TenGiayTo: string;
    SoKyHieu: string;
    MaXacThuc: string;
    MaBam: string;
    DuongDanTaiLieu: string;
  }[];
  /** The applicant's rating: 4 very satisfied … 1 unsatisfied. */
  DanhGia: { MucDoHaiLong: 1 | 2 | 3 | 4; NgayDanhGia: string } | null;
  /** Messages with the applicant: 1 from the applicant, 2 from the officials. */
  TraoDoi: { ChieuGui: 1 | 2; NguoiGui: string; NoiDung: string; ThoiDiem: string }[];
  /** The message's version: the portal never replaces a higher one with a lower. */
  PhienBan: number;
}

export interface PortalHistoryEntry {
  /** Stable id of the entry (dossier code and log position): the portal drops a repeat. */
  MaTienTrinh: string;
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: number;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}

/** Cuts text the portal would refuse as too long; each cut is noted so that someone can look. */
export class Truncator {
  readonly notes: string[] = [];
  fit(field: LimitedField, text: string, where = ''): string {
    const limit = fieldLimits[field];
    const chars = [...text];
    if (chars.length <= limit) return text;
    this.notes.push(`${field}${where}: ${chars.length} ký tự, cắt còn ${limit}`);
    return chars.slice(0, limit - 1).join('') + '…';
  }
}

const returnMode = { none: 0, counter: 1, post: 2, electronic: 3 } as const;

const feeStatus = { creating: 1, waiting: 1, paid: 2, cancelled: 3, refunded: 4, refunding: 5 } as const;
/** The portal's satisfaction level (MucDoHaiLong) of a rating. */
export const ratingLevel = { very_satisfied: 4, satisfied: 3, neutral: 2, unsatisfied: 1 } as const;

/** Where a dossier's document or result is opened from (signed by the caller: `link`). */
export const documentPath = (id: string) => `/api/v1/public/files/documents/${id}`;
export const resultPath = (id: string) => `/api/v1/public/files/results/${id}`;

/**
 * The dossier message (HoSo) for the portal, with the cuts it needed. `link` turns a file's path
 * into the address given to the portal (a signed, expiring one; the identity for a digest).
 */
export function portalDossier(
  f: DossierFacts,
  link: (path: string) => string,
): { message: PortalDossier; notes: string[] } {
  const t = new Truncator();
  const files = f.documents;
  const message: PortalDossier = {
    MaHoSo: t.fit('MaHoSo', f.code),
    MaTTHC: f.procedureCode,
    TenTTHC: t.fit('TenTTHC', f.procedureName),
    MaLinhVuc: f.sectorCode,
    KenhThucHien: f.channel,
    ChuHoSo: t.fit('ChuHoSo', f.applicant.name),
    LoaiDoiTuong: applicantKind[f.applicant.kind],
    LoaiGiayTo: f.applicant.kind === 'individual' ? 1 : 2,
    SoGiayTo: f.applicant.idNumber,
    DiaChiChuHoSo: t.fit('DiaChiChuHoSo', f.applicant.address.detail),
    MaXaChuHoSo: f.applicant.address.communeCode,
    SoDienThoai: f.applicant.phone ?? '',
    Email: f.applicant.email ?? '',
    TrichYeuHoSo: t.fit('TrichYeuHoSo', f.summary ?? ''),
    NgayNopHoSo: portalDate(f.submittedAt),
    NgayTiepNhan: portalDateOrEmpty(f.receivedAt),
    NgayHenTra: portalDateOrEmpty(f.dueAt),
    NgayKetThucXuLy: portalDateOrEmpty(f.finishedAt),
    NgayTra: portalDateOrEmpty(f.returnedAt),
    NgayTuChoi: portalDateOrEmpty(f.refusedAt),
    TrangThaiHoSo: f.status,
    DonViXuLy: t.fit('DonViXuLy', f.agencyName),
    MaDonViXuLy: f.agencyCode,
    HinhThuc: returnMode[f.delivery as keyof typeof returnMode] ?? 0,
    DaThanhToan: f.payment === 'paid' ? 1 : 0,
    CoSoHoa: files.some((d) => d.digitization !== 0) ? 1 : 0,
    XacThucVNeID: f.vneidAuthenticated ? 1 : 0,
    TaiLieuNop: files.map((d, i) => ({
      MaThanhPhan: d.component,
      TenTepDinhKem: t.fit('TenTepDinhKem', d.name, `[${i}]`),
      DuongDanTaiLieu: link(documentPath(d.id)),
      DaSoHoa: d.digitization === 0 ? 0 : 1,
      TaiSuDung: d.digitization === 2 ? 1 : d.digitization === 3 ? 2 : 0,
    })),
    PhiLePhi: f.fees.map((p) => ({
      SoTien: p.amount,
      TrangThaiThanhToan: feeStatus[p.status],
      SoBienLai: p.receiptNo ?? '',
    })),
    BoSung: f.supplements.map((b, i) => ({
      NgayYeuCau: portalDate(b.requestedAt),
      NoiDungYeuCau: t.fit('NoiDungYeuCau', b.reason, `[${i}]`),
      ThanhPhanBoSung: b.components,
      HanXuLyTruoc: portalDateOrEmpty(b.dueBefore),
      NgayNhanBoSung: portalDateOrEmpty(b.receivedAt),
      HanXuLySau: portalDateOrEmpty(b.dueAfter),
    })),
    KetQua: f.results.map((r, i) => ({
      TenGiayTo: t.fit('TenGiayTo', r.title, `[${i}]`),
      SoKyHieu: r.number ?? '',
      MaXacThuc: r.verificationCode ?? '',
      MaBam: r.sha256,
      DuongDanTaiLieu: link(resultPath(r.id)),
    })),
    DanhGia: f.rating
      ? { MucDoHaiLong: ratingLevel[f.rating.level], NgayDanhGia: portalDate(f.rating.at) }
      : null,
    TraoDoi: f.messages.map((m, i) => ({
      ChieuGui: m.direction === 'from_applicant' ? (1 as const) : (2 as const),
      NguoiGui: t.fit('NguoiXuLy', m.sender, `TraoDoi[${i}]`),
      NoiDung: t.fit('NoiDungXuLy', m.body, `TraoDoi[${i}]`),
      ThoiDiem: portalDate(m.at),
    })),
    PhienBan: f.rev,
  };
  return { message, notes: t.notes };
}

/** The process-history entries (TienTrinh), one per log entry, with the cuts they needed. */
export function portalHistory(
  code: string,
  entries: readonly HistoryFacts[],
): { entries: PortalHistoryEntry[]; notes: string[] } {
  const t = new Truncator();
  return {
    entries: entries.map((e) => ({
      MaTienTrinh: `${code}-${e.seq}`,
      MaHoSo: code,
      NguoiXuLy: t.fit('NguoiXuLy', e.actorName, `#${e.seq}`),
      ChucDanh: t.fit('ChucDanh', e.actorTitle, `#${e.seq}`),
      ThoiDiemXuLy: portalDate(e.at),
      PhongBanXuLy: t.fit('PhongBanXuLy', e.agencyName, `#${e.seq}`),
      NoiDungXuLy: t.fit('NoiDungXuLy', e.content, `#${e.seq}`),
      TrangThai: e.toStatus,
      NgayBatDau: portalDate(e.stepStartedAt),
      NgayKetThucTheoQuyDinh: portalDateOrEmpty(e.stepDueAt),
    })),
    notes: t.notes,
  };
}
