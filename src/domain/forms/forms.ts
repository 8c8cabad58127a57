/**
 * The printed forms of the one-stop counter (DOMAIN §5.5), composed as text blocks from a
 * dossier's facts; rendering to PDF is the application's. Numbering follows the legal basis in
 * force when the dossier was received: Circular 03/2025/TT-VPCP now, Circular 01/2018/TT-VPCP for
 * older dossiers (where the tracking sheet was form 05 and the stop notice did not exist).
 */
import { dayOf, isoOfDay, minuteOfDay, toLocal } from '../calendar/localTime.js';

export const formKinds = ['receipt', 'supplement', 'refusal', 'apology', 'stop', 'tracking'] as const;
export type FormKind = (typeof formKinds)[number];

export const legalBases = ['03/2025/TT-VPCP', '01/2018/TT-VPCP'] as const;
export type LegalBasis = (typeof legalBases)[number];

/** The day Circular 03/2025/TT-VPCP's forms replaced those of Circular 01/2018/TT-VPCP. */
export const circular03From = '2025-07-01';

export const formNumbers: Record<LegalBasis, Partial<Record<FormKind, string>>> = {
  '03/2025/TT-VPCP': {
    receipt: '01',
    supplement: '02',
    refusal: '03',
    apology: '04',
    stop: '05',
    tracking: '06',
  },
  '01/2018/TT-VPCP': { receipt: '01', supplement: '02', refusal: '03', apology: '04', tracking: '05' },
};

const titles: Record<FormKind, string> = {
  receipt: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  supplement: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  refusal: 'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ',
  apology: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
  stop: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
  tracking: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
};

/** The basis whose forms a dossier is printed on: the one in force on its receipt day. */
export function legalBasisOn(day: string): LegalBasis {
  return day < circular03From ? '01/2018/TT-VPCP' : '03/2025/TT-VPCP';
}

export interface FormFacts {
  kind: FormKind;
  basis: LegalBasis;
  agencyName: string;
  /** The place in the date line ("Hà Nội, ngày …"). */
  placeName: string;
  code: string;
  procedureName: string;
  applicant: { name: string; idNumber: string; address: string; phone: string | null };
  components: { name: string; copies: number }[];
  receivedAt: Date | null;
  dueAt: Date | null;
  printedAt: Date;
  /** The official who received the dossier (receipt), or who signs the notice. */
  officialName: string | null;
  reason: string | null;
  /** Components asked for (supplement). */
  requested: string[];
  /** The new due time (apology). */
  newDueAt: Date | null;
  /** The processing log (tracking sheet). */
  log: {
    step: string;
    from: string;
    to: string;
    at: Date;
    due: Date | null;
    verdict: string | null;
    by: string;
  }[];
  statusUrl: string;
  /** A practice dossier's form: marked THỬ NGHIỆM on every page, of no legal value. */
  practice: boolean;
}

export interface FormDocument {
  number: string;
  title: string;
  agencyName: string;
  placeDate: string;
  lines: string[];
  table: { columns: string[]; widths: number[]; rows: string[][] } | null;
  signatures: { title: string; name: string }[];
  statusUrl: string;
  /** A practice dossier's form: marked THỬ NGHIỆM on every page, of no legal value. */
  practice: boolean;
  basis: LegalBasis;
}

export class FormNotApplicable extends Error {}

const two = (n: number) => String(n).padStart(2, '0');

/** "14 giờ 05 phút, ngày 02/03/2026" in Vietnam time. */
export function vnDateTime(at: Date): string {
  const m = toLocal(at);
  const [y, mo, d] = isoOfDay(dayOf(m)).split('-');
  const minute = minuteOfDay(m);
  return `${two(Math.floor(minute / 60))} giờ ${two(minute % 60)} phút, ngày ${d}/${mo}/${y}`;
}

/** "ngày 02 tháng 03 năm 2026" in Vietnam time. */
/** A place's name without its kind, as a document's place line writes it: "Hà Nội", "Ba Đình". */
export const shortPlace = (name: string) => name.replace(/^(Thành phố|Tỉnh|Phường|Xã|Đặc khu)\s+/u, '');

export function vnLongDate(at: Date): string {
  const [y, mo, d] = isoOfDay(dayOf(toLocal(at))).split('-');
  return `ngày ${d} tháng ${mo} năm ${y}`;
}

const verdicts: Record<string, string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };

/** The text of one form for one dossier; FormNotApplicable when the dossier never called for it. */
export function composeForm(f: FormFacts): FormDocument {
  const number = formNumbers[f.basis][f.kind];
  if (!number) throw new FormNotApplicable(`${f.basis} has no form for ${f.kind}`);
  const who = [
    `Ông/bà: ${f.applicant.name}`,
    `Số định danh cá nhân/mã số thuế: ${f.applicant.idNumber}`,
    `Địa chỉ: ${f.applicant.address}`,
    ...(f.applicant.phone ? [`Số điện thoại: ${f.applicant.phone}`] : []),
  ];
  const base = {
    number,
    title: titles[f.kind],
    agencyName: f.agencyName,
    placeDate: `${f.placeName}, ${vnLongDate(f.printedAt)}`,
    statusUrl: f.statusUrl,
    practice: f.practice,
    basis: f.basis,
    table: null,
  };
  const official = (title: string) => ({ title, name: f.officialName ?? '' });
  // How every notice after receipt begins: the dossier, the request, the applicant.
  const opening = [
    `Mã hồ sơ: ${f.code}`,
    `${f.agencyName} tiếp nhận hồ sơ đề nghị: ${f.procedureName}`,
    ...who,
  ];
  switch (f.kind) {
    case 'receipt':
      if (!f.receivedAt) throw new FormNotApplicable('not received');
      return {
        ...base,
        lines: [
          `Mã hồ sơ: ${f.code}`,
          `${f.agencyName} tiếp nhận hồ sơ của:`,
          ...who,
          `Nội dung yêu cầu giải quyết: ${f.procedureName}`,
          `Thời gian nhận hồ sơ: ${vnDateTime(f.receivedAt)}`,
          ...(f.dueAt ? [`Thời gian trả kết quả giải quyết hồ sơ: ${vnDateTime(f.dueAt)}`] : []),
          'Thành phần hồ sơ nộp gồm:',
        ],
        table: {
          columns: ['STT', 'Tên giấy tờ', 'Số lượng'],
          widths: [40, 350, 80],
          rows: f.components.map((c, i) => [String(i + 1), c.name, String(c.copies)]),
        },
        signatures: [{ title: 'NGƯỜI NỘP HỒ SƠ', name: f.applicant.name }, official('NGƯỜI TIẾP NHẬN HỒ SƠ')],
      };
    case 'supplement':
      if (f.requested.length === 0) throw new FormNotApplicable('no supplement requested');
      return {
        ...base,
        lines: [
          ...opening,
          `Hồ sơ cần bổ sung, hoàn thiện: ${f.reason ?? ''}`,
          'Các giấy tờ cần bổ sung, hoàn thiện:',
          ...f.requested.map((r, i) => `${i + 1}. ${r}`),
          'Thời gian giải quyết hồ sơ tạm dừng cho đến khi ông/bà nộp đủ giấy tờ nêu trên.',
          'Xin lỗi ông/bà về sự bất tiện này.',
        ],
        signatures: [official('NGƯỜI HƯỚNG DẪN')],
      };
    case 'refusal':
    case 'stop':
      if (!f.reason) throw new FormNotApplicable(`no ${f.kind}`);
      return {
        ...base,
        lines: [
          ...opening,
          f.kind === 'refusal'
            ? `Sau khi xem xét, cơ quan không tiếp nhận, giải quyết hồ sơ với lý do: ${f.reason}`
            : `Cơ quan dừng giải quyết hồ sơ với lý do: ${f.reason}`,
          'Xin thông báo để ông/bà được biết và thực hiện.',
        ],
        signatures: [official(f.kind === 'refusal' ? 'NGƯỜI TIẾP NHẬN HỒ SƠ' : 'THỦ TRƯỞNG CƠ QUAN')],
      };
    case 'apology':
      if (!f.newDueAt) throw new FormNotApplicable('no extension');
      return {
        ...base,
        lines: [
          ...opening,
          ...(f.receivedAt && f.dueAt
            ? [`Hồ sơ tiếp nhận lúc ${vnDateTime(f.receivedAt)}, hẹn trả kết quả lúc ${vnDateTime(f.dueAt)}.`]
            : []),
          `Việc trả kết quả hồ sơ chậm so với thời hạn vì lý do: ${f.reason ?? ''}`,
          'Cơ quan xin lỗi ông/bà và hẹn trả kết quả vào:',
          vnDateTime(f.newDueAt),
          'Rất mong ông/bà thông cảm.',
        ],
        signatures: [official('THỦ TRƯỞNG CƠ QUAN')],
      };
    case 'tracking':
      return {
        ...base,
        lines: [`Mã hồ sơ: ${f.code}`, `Thủ tục: ${f.procedureName}`, `Người nộp: ${f.applicant.name}`],
        table: {
          columns: ['Bước', 'Giao / Nhận', 'Thời gian', 'Hạn', 'Kết quả', 'Người thực hiện'],
          widths: [70, 120, 80, 80, 55, 75],
          rows: f.log.map((e) => [
            e.step,
            `${e.from} → ${e.to}`,
            vnDateTime(e.at),
            e.due ? vnDateTime(e.due) : '',
            e.verdict ? (verdicts[e.verdict] ?? e.verdict) : '',
            e.by,
          ]),
        },
        signatures: [],
      };
  }
}
