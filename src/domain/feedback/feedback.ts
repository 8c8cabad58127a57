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
