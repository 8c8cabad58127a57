import { z } from 'zod';
import { ratingReasons } from '../../domain/reports/ratings.js';
import { hostileText } from '../../domain/text/hostileText.js';

/**
 * What the national portal sends when a citizen acts on a dossier there (issue 22, item 2): one
 * event, signed like every callback (`X-Signature` over timestamp, nonce and body) and sent with the
 * portal's API key. `MaSuKien` is the portal's id for the event (a repeat carries the same one);
 * `SoThuTu` its number among the dossier's events on the portal, from 1, which fixes their order.
 */
const portalTime = z.string().regex(/^\d{14}$/, 'ThoiDiem phải có dạng yyyyMMddHHmmss');

/** The longest file a supplement may carry, as base64 text (the file store's size limit applies too). */
const maxEventFileChars = 30_000_000;

/** Text a column can keep: no NUL, no lone surrogate. */
const plain = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => hostileText(s) === null, 'chứa ký tự không hợp lệ');
const text = (max: number) => plain(max).pipe(z.string().min(1));

const base = {
  MaSuKien: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'MaSuKien chỉ gồm chữ, số và . _ : -'),
  MaHoSo: text(50),
  SoThuTu: z.number().int().min(1).max(1_000_000),
  ThoiDiem: portalTime,
};

export const PortalEventFile = z.strictObject({
  MaThanhPhan: text(50),
  TenTep: text(255),
  NoiDungBase64: z
    .string()
    .min(1)
    .max(maxEventFileChars)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'NoiDungBase64 phải là base64'),
});

export const PortalEvent = z.discriminatedUnion('LoaiSuKien', [
  z.strictObject({
    ...base,
    LoaiSuKien: z.literal('BoSung'),
    NoiDung: z.strictObject({
      TepDinhKem: z.array(PortalEventFile).min(1).max(20),
      GhiChu: plain(1000).optional(),
    }),
  }),
  z.strictObject({
    ...base,
    LoaiSuKien: z.literal('RutHoSo'),
    NoiDung: z.strictObject({ LyDo: text(1000) }),
  }),
  z.strictObject({
    ...base,
    LoaiSuKien: z.literal('ThanhToan'),
    NoiDung: z.strictObject({
      MaThanhToan: text(100),
      SoTien: z.number().int().min(0),
      MaBienLai: plain(50).nullable().optional(),
    }),
  }),
  z.strictObject({
    ...base,
    LoaiSuKien: z.literal('DanhGia'),
    NoiDung: z.strictObject({
      MucDoHaiLong: z.number().int().min(1).max(4),
      LyDo: z.array(z.enum(ratingReasons)).max(ratingReasons.length).optional(),
      GopY: plain(1000).optional(),
    }),
  }),
  z.strictObject({
    ...base,
    LoaiSuKien: z.literal('TinNhan'),
    NoiDung: z.strictObject({ NguoiGui: text(200), NoiDung: text(4000) }),
  }),
]);
export type PortalEvent = z.infer<typeof PortalEvent>;
export type PortalEventType = PortalEvent['LoaiSuKien'];

/** Each event type as motcua names it. */
export const portalEventKind = {
  BoSung: 'supplement',
  RutHoSo: 'withdrawal',
  ThanhToan: 'payment',
  DanhGia: 'rating',
  TinNhan: 'message',
} as const satisfies Record<PortalEventType, string>;

type Supplement = Extract<PortalEvent, { LoaiSuKien: 'BoSung' }>;

/** A supplement's file as kept: in the file store under its hash, with what its row records. */
export interface KeptEventFile {
  MaThanhPhan: string;
  sha256: string;
  size: number;
  content_type: string;
  pages: number | null;
  file_name: string;
}

/** An event as kept: as sent, except that a supplement's files are in the file store. */
export type StoredEvent =
  | Exclude<PortalEvent, Supplement>
  | (Omit<Supplement, 'NoiDung'> & { NoiDung: { TepDinhKem: KeptEventFile[]; GhiChu?: string | undefined } });

/** The portal's satisfaction levels (1–4) as motcua's rating levels. */
export const ratingOfLevel = {
  4: 'very_satisfied',
  3: 'satisfied',
  2: 'neutral',
  1: 'unsatisfied',
} as const;
