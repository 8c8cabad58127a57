import { z } from 'zod';
import { noticeEvents } from '../domain/notifications/applicantNotice.js';

const Words = z.object({ text: z.string(), subject: z.string() });
const SavedVersion = Words.extend({
  version: z.number().int(),
  savedAt: z.string(),
  savedBy: z.string(),
});

/** A procedure's notice words, event by event, as the ministry and a province set them. */
export const NoticeTemplatesView = z
  .object({
    procedureCode: z.string(),
    provinceCode: z.string().nullable(),
    events: z.array(
      z.object({
        event: z.enum(noticeEvents),
        inForce: Words,
        source: z.enum(['default', 'ministry', 'province']),
        ministry: z.array(SavedVersion),
        province: z.array(SavedVersion),
      }),
    ),
    brandname: z.string().nullable(),
    canEditMinistry: z.boolean(),
    canEditProvince: z.boolean(),
  })
  .meta({ id: 'NoticeTemplates' });
export type NoticeTemplatesView = z.infer<typeof NoticeTemplatesView>;

export const SaveNoticeTemplate = z.strictObject({
  text: z.string().max(600),
  subject: z.string().max(200),
  provinceCode: z
    .string()
    .regex(/^\d{2}$/)
    .nullable()
    .default(null),
});

/** A message an official sends the applicant (by the portal, and SMS or e-mail when they gave them). */
export const SendMessage = z.strictObject({ body: z.string().trim().min(1).max(1000) });
