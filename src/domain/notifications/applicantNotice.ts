/**
 * What the applicant is told, by SMS and e-mail, at each event of their dossier they must learn of
 * (issue 6 §5, issue 22 §3): composed here from the notice's template (the ministry's for the
 * procedure, a province's override, or the default); the integration hub delivers them. Pure.
 */
import { vnDayTime } from '../calendar/localDate.js';

export const noticeEvents = [
  'received',
  'supplement',
  'extension',
  'result_ready',
  'refused',
  'stopped',
  'payment',
  'withdrawn',
] as const;
export type NoticeEvent = (typeof noticeEvents)[number];

/** The lifecycle action that tells the applicant something, and what. */
export const noticeOfAction: Readonly<Record<string, NoticeEvent>> = {
  receive: 'received',
  request_supplement: 'supplement',
  approve_extension: 'extension',
  issue_result: 'result_ready',
  refuse: 'refused',
  stop: 'stopped',
  request_payment: 'payment',
  withdraw: 'withdrawn',
};

export interface NoticeFacts {
  code: string;
  due: Date | null;
  /** The public status page of the dossier, when the deployment knows its address. */
  statusUrl: string | null;
  /** Why (a refusal, a stop, a supplement, a withdrawal). */
  reason?: string | null;
  /** The amount to pay, in đồng. */
  amount?: number | null;
  procedureName?: string | null;
  agencyName?: string | null;
}

/**
 * A notice's words: `text` (with diacritics; the SMS is the same text without them) and the
 * e-mail's subject, each with placeholders such as `{ma_ho_so}`.
 */
export interface NoticeTemplate {
  text: string;
  subject: string;
}

/** The placeholders a template may use, with the longest value each stands for (longer is cut). */
export const placeholders = {
  ma_ho_so: 40,
  han_tra: 16,
  ly_do: 80,
  so_tien: 16,
  thu_tuc: 60,
  co_quan: 60,
} as const;
export type Placeholder = keyof typeof placeholders;

/** At most this many SMS parts, whatever the placeholders' values. */
export const maxSmsParts = 2;

export const defaultTemplates: Record<NoticeEvent, NoticeTemplate> = {
  received: {
    text: 'Hồ sơ {ma_ho_so} đã được tiếp nhận. Hẹn trả kết quả: {han_tra}.',
    subject: 'Hồ sơ đã được tiếp nhận — {ma_ho_so}',
  },
  supplement: {
    text: 'Hồ sơ {ma_ho_so} cần bổ sung giấy tờ. Vui lòng xem yêu cầu và nộp bổ sung.',
    subject: 'Yêu cầu bổ sung, hoàn thiện hồ sơ — {ma_ho_so}',
  },
  extension: {
    text: 'Hồ sơ {ma_ho_so} được hẹn lại ngày trả kết quả: {han_tra}. Xin lỗi ông/bà.',
    subject: 'Xin lỗi và hẹn lại ngày trả kết quả — {ma_ho_so}',
  },
  result_ready: {
    text: 'Hồ sơ {ma_ho_so} đã có kết quả. Mời ông/bà nhận kết quả theo hình thức đã đăng ký.',
    subject: 'Hồ sơ đã có kết quả — {ma_ho_so}',
  },
  refused: {
    text: 'Hồ sơ {ma_ho_so} không được tiếp nhận, giải quyết. Lý do: {ly_do}.',
    subject: 'Từ chối tiếp nhận, giải quyết hồ sơ — {ma_ho_so}',
  },
  stopped: {
    text: 'Hồ sơ {ma_ho_so} đã dừng giải quyết. Lý do: {ly_do}.',
    subject: 'Dừng giải quyết hồ sơ — {ma_ho_so}',
  },
  payment: {
    text: 'Hồ sơ {ma_ho_so} cần nộp phí, lệ phí {so_tien} đồng. Vui lòng thanh toán để tiếp tục giải quyết.',
    subject: 'Thông báo nghĩa vụ tài chính — {ma_ho_so}',
  },
  withdrawn: {
    text: 'Hồ sơ {ma_ho_so} đã được rút theo yêu cầu của ông/bà.',
    subject: 'Hồ sơ đã được rút — {ma_ho_so}',
  },
};

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

const lookalikes: Record<string, string> = {
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '–': '-',
  '—': '-',
  '…': '...',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '\t': ' ',
};

/** Text as an SMS carries it in GSM-7: no tone marks, look-alikes for the rest, `?` for what has none. */
export function toGsm7(text: string): string {
  return [...withoutDiacritics(text)].map((c) => (gsm7.has(c) ? c : (lookalikes[c] ?? '?'))).join('');
}

/** "17:00 09/12/2026" */
const shortTime = (at: Date) => vnDayTime(at);

const cut = (s: string, max: number) =>
  [...s].length <= max ? s : `${[...s].slice(0, max - 3).join('')}...`;

/** Each placeholder's value for these facts, cut to its longest. */
function valuesOf(f: NoticeFacts): Record<Placeholder, string> {
  const raw: Record<Placeholder, string> = {
    ma_ho_so: f.code,
    han_tra: f.due ? shortTime(f.due) : 'chưa xác định',
    ly_do: (f.reason ?? '').replace(/[.\s]+$/, ''),
    so_tien: f.amount == null ? '' : f.amount.toLocaleString('vi-VN'),
    thu_tuc: f.procedureName ?? '',
    co_quan: f.agencyName ?? '',
  };
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, cut(v, placeholders[k as Placeholder])]),
  ) as Record<Placeholder, string>;
}

const placeholderPattern = /\{([a-z_]+)\}/g;

/** The template with the values put in. */
export function fill(template: string, values: Record<Placeholder, string>): string {
  return template.replace(placeholderPattern, (whole, name: string) =>
    name in values ? values[name as Placeholder] : whole,
  );
}

/**
 * The SMS (GSM-7: without tone marks; the status link added only when it costs no extra part) and
 * the e-mail (with diacritics, always with the link) for an event, from its template.
 */
export function composeNotice(
  event: NoticeEvent,
  f: NoticeFacts,
  template: NoticeTemplate = defaultTemplates[event],
): Notice {
  const values = valuesOf(f);
  const text = fill(template.text, values);
  const base = toGsm7(text);
  const withLink = f.statusUrl ? `${base} Tra cuu: ${toGsm7(f.statusUrl)}` : base;
  const sms = smsParts(withLink).parts <= smsParts(base).parts ? withLink : base;
  const lines = [
    'Kính gửi ông/bà,',
    '',
    text,
    ...(f.statusUrl ? ['', `Tra cứu tình trạng hồ sơ: ${f.statusUrl}`] : []),
    '',
    'Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính; vui lòng không trả lời.',
  ];
  return { sms, email: { subject: fill(template.subject, values), body: lines.join('\n') } };
}

export type TemplateProblem =
  | { field: 'text' | 'subject'; code: 'empty' | 'too_long'; detail?: undefined }
  | { field: 'text' | 'subject'; code: 'unknown_placeholder'; detail: string }
  | { field: 'text'; code: 'sms_too_long'; detail: string };

/**
 * What is wrong with a template: an unknown placeholder, an empty or overlong text, or an SMS
 * that, with every placeholder at its longest, would take more than `maxSmsParts` parts.
 */
export function checkTemplate(t: NoticeTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const [field, value, max] of [
    ['text', t.text, 600],
    ['subject', t.subject, 200],
  ] as const) {
    if (value.trim() === '') problems.push({ field, code: 'empty' });
    else if ([...value].length > max) problems.push({ field, code: 'too_long' });
    for (const m of value.matchAll(placeholderPattern))
      if (!((m[1] as string) in placeholders))
        problems.push({ field, code: 'unknown_placeholder', detail: m[0] });
  }
  const longest = Object.fromEntries(
    Object.entries(placeholders).map(([k, n]) => [k, 'x'.repeat(n)]),
  ) as Record<Placeholder, string>;
  const worst = smsParts(toGsm7(fill(t.text, longest)));
  if (worst.parts > maxSmsParts)
    problems.push({ field: 'text', code: 'sms_too_long', detail: String(worst.parts) });
  return problems;
}
