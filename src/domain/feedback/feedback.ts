import { dueAfter } from '../calendar/deadline.js';
import { fromLocal, toLocal } from '../calendar/localTime.js';
import type { WorkCalendar } from '../calendar/workCalendar.js';

/**
 * Feedback (phản ánh, kiến nghị): a citizen's on a dossier of theirs, or a locality's report of a
 * difficulty with the system (khó khăn, vướng mắc; seeds 000 §4, 004 §2). Each is answered within
 * 10 working days of its receipt, on the working calendar.
 */
export const feedbackKinds = ['citizen', 'difficulty'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

export const feedbackCategories = {
  citizen: {
    slow: 'Chậm giải quyết, trễ hẹn',
    extra_papers: 'Yêu cầu thêm giấy tờ, thủ tục ngoài quy định',
    conduct: 'Thái độ, tác phong của cán bộ',
    fees: 'Phí, lệ phí, chi phí',
    result: 'Kết quả giải quyết',
    other: 'Khác',
  },
  difficulty: {
    accounts: 'Tài khoản, phân quyền',
    catalog: 'Thủ tục, quy trình, biểu mẫu',
    integration: 'Kết nối, đồng bộ với hệ thống khác',
    system: 'Lỗi, tốc độ của hệ thống',
    equipment: 'Hạ tầng, thiết bị, đường truyền',
    training: 'Hướng dẫn, tập huấn',
    other: 'Khác',
  },
} as const satisfies Record<FeedbackKind, Record<string, string>>;

export type FeedbackCategory<K extends FeedbackKind = FeedbackKind> = keyof (typeof feedbackCategories)[K];

/** Statuses: new (mới) → assigned (đang xử lý) → answered (đã trả lời, final). */
export const feedbackStatuses = ['new', 'assigned', 'answered'] as const;
export type FeedbackStatus = (typeof feedbackStatuses)[number];

/** Working days to answer (seed 000 §4: within 10 working days of receipt). */
export const answerWorkingDays = 10;

/** When the answer is due: 10 working days of office hours from receipt. */
export function answerDue(calendar: WorkCalendar, receivedAt: Date): Date {
  return fromLocal(
    dueAfter(calendar, toLocal(receivedAt), { unit: 'working_days', amount: answerWorkingDays }),
  );
}

export type FeedbackCommand = { type: 'assign'; assigneeId: string } | { type: 'answer'; answer: string };

export type FeedbackRefusal = 'already_answered';

/** What a command makes of a status, or why it is refused: an answer is final. */
export function decideFeedback(
  status: FeedbackStatus,
  command: FeedbackCommand,
): FeedbackStatus | FeedbackRefusal {
  if (status === 'answered') return 'already_answered';
  return command.type === 'assign' ? 'assigned' : 'answered';
}

/** Whether it is past its answer due (answered late, or still open past due at `now`). */
export function isLate(f: { dueAt: Date; answeredAt: Date | null }, now: Date): boolean {
  return (f.answeredAt ?? now).getTime() > f.dueAt.getTime();
}

/**
 * Where a difficulty is answered: first at the province's desk (or the Government Office's for a
 * body outside any province), then at the ministry that owns the procedure, then at the
 * Government Office. Each level has its own answer deadline of 10 working days.
 */
export const feedbackLevels = ['province', 'ministry', 'government'] as const;
export type FeedbackLevel = (typeof feedbackLevels)[number];

export type ForwardRefusal = 'already_answered' | 'not_a_difficulty' | 'top_level';

/** The level a difficulty is forwarded to next, or why it cannot be. */
export function forwardTo(f: {
  kind: FeedbackKind;
  status: FeedbackStatus;
  level: FeedbackLevel;
  procedureCode: string | null;
}): Exclude<FeedbackLevel, 'province'> | ForwardRefusal {
  if (f.kind !== 'difficulty') return 'not_a_difficulty';
  if (f.status === 'answered') return 'already_answered';
  if (f.level === 'government') return 'top_level';
  // Not about a procedure (the system itself): straight to the Government Office, which runs it.
  if (f.level === 'province') return f.procedureCode ? 'ministry' : 'government';
  return 'government';
}
