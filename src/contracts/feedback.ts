import { z } from 'zod';
import {
  feedbackCategories,
  feedbackKinds,
  feedbackLevels,
  feedbackStatuses,
} from '../domain/feedback/feedback.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A citizen's feedback on their dossier (proved by its code and the last 4 digits of their ID). */
export const CitizenFeedbackBody = z.strictObject({
  category: z.enum(Object.keys(feedbackCategories.citizen) as [string, ...string[]]),
  content: text(4000),
  contact: z.string().trim().max(120).optional(),
});
export type CitizenFeedbackBody = z.infer<typeof CitizenFeedbackBody>;

/** An official's report of a difficulty with the system (khó khăn, vướng mắc). */
export const DifficultyBody = z.strictObject({
  category: z.enum(Object.keys(feedbackCategories.difficulty) as [string, ...string[]]),
  subject: text(200),
  content: text(4000),
  /** The procedure it is about, when it is: the province may forward it to the owning ministry. */
  procedure: z.string().trim().min(1).max(60).optional(),
});
export type DifficultyBody = z.infer<typeof DifficultyBody>;

export const FeedbackReceipt = z.object({ code: z.string(), dueAt: z.string() });
export type FeedbackReceipt = z.infer<typeof FeedbackReceipt>;

export const FeedbackItem = z.object({
  code: z.string(),
  kind: z.enum(feedbackKinds),
  category: z.string(),
  categoryName: z.string(),
  subject: z.string(),
  content: z.string(),
  dossierCode: z.string().nullable(),
  reporter: z.object({
    name: z.string(),
    contact: z.string().nullable(),
    agency: z.object({ code: z.string(), name: z.string() }).nullable(),
  }),
  agency: z.object({ code: z.string(), name: z.string() }),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: z.enum(feedbackStatuses),
  submittedAt: z.string(),
  dueAt: z.string(),
  late: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  version: z.number().int(),
  /** Where it is answered now: the province's desk, the owning ministry, the Government Office. */
  level: z.enum(feedbackLevels),
  procedure: z.object({ code: z.string(), name: z.string(), ministry: z.string() }).nullable(),
  fixedInRelease: z.string().nullable(),
  /** Each forward: from which agency (and its due there) to which, why, and the new due. */
  forwards: z.array(
    z.object({
      from: z.object({ code: z.string(), name: z.string() }),
      fromDueAt: z.string(),
      to: z.object({ code: z.string(), name: z.string() }),
      level: z.enum(feedbackLevels),
      dueAt: z.string(),
      note: z.string(),
      at: z.string(),
    }),
  ),
});
export type FeedbackItem = z.infer<typeof FeedbackItem>;

export const FeedbackListQuery = z.strictObject({
  kind: z.enum(feedbackKinds).optional(),
  status: z.enum(feedbackStatuses).optional(),
  late: z.enum(['true']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});
export type FeedbackListQuery = z.infer<typeof FeedbackListQuery>;

export const FeedbackCommandBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('assign'), assigneeId: z.uuid(), expectedVersion: z.number().int() }),
  z.strictObject({
    type: z.literal('answer'),
    answer: text(4000),
    /** A ministry's answer may name the release that fixed the difficulty. */
    fixedInRelease: z.string().trim().min(1).max(100).optional(),
    expectedVersion: z.number().int(),
  }),
]);
export type FeedbackCommandBody = z.infer<typeof FeedbackCommandBody>;

export const FeedbackSummaryRow = z.object({
  kind: z.enum(feedbackKinds),
  category: z.string(),
  categoryName: z.string(),
  received: z.number().int(),
  answered: z.number().int(),
  answeredLate: z.number().int(),
  open: z.number().int(),
  openLate: z.number().int(),
});
export type FeedbackSummaryRow = z.infer<typeof FeedbackSummaryRow>;

/** Forwarding a difficulty up a level (province → owning ministry → Government Office). */
export const FeedbackForwardBody = z.strictObject({ note: text(2000), expectedVersion: z.number().int() });

/** Difficulties reported again and again: the same procedure and category, two or more reports. */
export const RecurringDifficulty = z.object({
  procedure: z.object({ code: z.string(), name: z.string() }).nullable(),
  category: z.string(),
  categoryName: z.string(),
  reports: z.number().int(),
  open: z.number().int(),
  codes: z.array(z.string()),
});
export type RecurringDifficulty = z.infer<typeof RecurringDifficulty>;
