import { z } from 'zod';
import { feedbackCategories, feedbackKinds, feedbackStatuses } from '../domain/feedback/feedback.js';

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
  z.strictObject({ type: z.literal('answer'), answer: text(4000), expectedVersion: z.number().int() }),
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
