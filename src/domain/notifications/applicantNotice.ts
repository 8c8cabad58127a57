/**
 * What the applicant is told, by SMS and e-mail, when their dossier is received, asked for a
 * supplement, given a new due date, or has its result ready (issue 6 §5). Composed here; the
 * integration hub delivers the pending messages. Pure.
 */
import { vnDateTime } from '../forms/forms.js';

export type NoticeEvent = 'received' | 'supplement' | 'extension' | 'result_ready';

/** The lifecycle action that tells the applicant something, and what. */
export const noticeOfAction: Readonly<Record<string, NoticeEvent>> = {
  receive: 'received',
  request_supplement: 'supplement',
  approve_extension: 'extension',
  issue_result: 'result_ready',
};

export interface NoticeFacts {
  code: string;
  due: Date | null;
  /** The public status page of the dossier, when the deployment knows its address. */
  statusUrl: string | null;
}

export interface Notice {
  sms: string;
  email: { subject: string; body: string };
}

// GSM 03.38 basic character set (one 7-bit septet each); anything else makes an SMS Unicode (UCS-2).
const gsm7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** Encoding and number of parts of an SMS: 160/153 characters per part in GSM-7, 70/67 in UCS-2. */
export function smsParts(text: string): { encoding: 'gsm7' | 'ucs2'; parts: number } {
  const chars = [...text];
  const encoding = chars.every((c) => gsm7.has(c)) ? 'gsm7' : 'ucs2';
  const [single, multi] = encoding === 'gsm7' ? [160, 153] : [70, 67];
  const parts = chars.length <= single ? 1 : Math.ceil(chars.length / multi);
  return { encoding, parts };
}

/** Vietnamese without tone marks (đ → d), as SMS brandname messages are sent to fit GSM-7. */
export function withoutDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

const smsText: Record<NoticeEvent, (f: NoticeFacts) => string> = {
  received: (f) =>
    `Hồ sơ ${f.code} đã được tiếp nhận.${f.due ? ` Hẹn trả kết quả: ${shortTime(f.due)}.` : ''}`,
  supplement: (f) => `Hồ sơ ${f.code} cần bổ sung giấy tờ. Vui lòng xem yêu cầu và nộp bổ sung.`,
  extension: (f) =>
    `Hồ sơ ${f.code} được hẹn lại ngày trả kết quả${f.due ? `: ${shortTime(f.due)}` : ''}. Xin lỗi ông/bà.`,
  result_ready: (f) => `Hồ sơ ${f.code} đã có kết quả. Mời ông/bà nhận kết quả theo hình thức đã đăng ký.`,
};

const subjects: Record<NoticeEvent, string> = {
  received: 'Hồ sơ đã được tiếp nhận',
  supplement: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
  extension: 'Xin lỗi và hẹn lại ngày trả kết quả',
  result_ready: 'Hồ sơ đã có kết quả',
};

/** "17:00 09/12/2026" */
function shortTime(at: Date): string {
  const m = /^(\d\d) giờ (\d\d) phút, ngày (.*)$/.exec(vnDateTime(at));
  return m ? `${m[1]}:${m[2]} ${m[3]}` : vnDateTime(at);
}

/**
 * The SMS (one GSM-7 part: without diacritics, the status link only when it still fits) and the
 * e-mail (with diacritics, always with the link) for an event.
 */
export function composeNotice(event: NoticeEvent, f: NoticeFacts): Notice {
  const base = withoutDiacritics(smsText[event](f));
  const withLink = f.statusUrl ? `${base} Tra cuu: ${f.statusUrl}` : base;
  const sms = smsParts(withLink).parts === 1 ? withLink : base;
  const lines = [
    'Kính gửi ông/bà,',
    '',
    smsText[event](f),
    ...(f.statusUrl ? ['', `Tra cứu tình trạng hồ sơ: ${f.statusUrl}`] : []),
    '',
    'Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính; vui lòng không trả lời.',
  ];
  return { sms, email: { subject: `${subjects[event]} — ${f.code}`, body: lines.join('\n') } };
}
