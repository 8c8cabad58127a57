import { z } from 'zod';
import { roles } from '../domain/access/roles.js';
import { agencyKinds } from '../domain/agencies/agency.js';
import { announcementKinds, importances } from '../domain/announcements/announcement.js';
import { isoInstant } from './common.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const AudienceBody = z.strictObject({
  province: z
    .string()
    .regex(/^\d{2}$/)
    .nullable()
    .default(null),
  agencyKind: z.enum(agencyKinds).nullable().default(null),
  role: z.enum(roles).nullable().default(null),
});

/** A notice or a planned maintenance to publish. */
export const AnnouncementBody = z.strictObject({
  kind: z.enum(announcementKinds).default('notice'),
  importance: z.enum(importances).default('info'),
  title: text(200),
  body: text(8000),
  audience: AudienceBody.default({ province: null, agencyKind: null, role: null }),
  /** Shown to citizens on the public pages too (the audience must then be everyone or a province). */
  public: z.boolean().default(false),
  validFrom: isoInstant.optional(),
  validTo: isoInstant,
  window: z.strictObject({ from: isoInstant, to: isoInstant }).optional(),
});
export type AnnouncementBody = z.infer<typeof AnnouncementBody>;

export const AnnouncementView = z.object({
  id: z.uuid(),
  kind: z.enum(announcementKinds),
  importance: z.enum(importances),
  title: z.string(),
  body: z.string(),
  audience: z.object({
    province: z.string().nullable(),
    agencyKind: z.string().nullable(),
    role: z.string().nullable(),
  }),
  /** The audience in words ("Mọi cán bộ", "Thành phố Hà Nội · Lãnh đạo"). */
  audienceText: z.string(),
  public: z.boolean(),
  validFrom: z.string(),
  validTo: z.string(),
  window: z.object({ from: z.string(), to: z.string() }).nullable(),
  publisher: z.object({ code: z.string(), name: z.string() }),
  publishedAt: z.string(),
  withdrawn: z.boolean(),
  attachments: z.array(z.object({ position: z.number().int(), name: z.string(), size: z.number().int() })),
  /** For the reader: when they marked it read (null: unread). */
  readAt: z.string().nullable(),
});
export type AnnouncementView = z.infer<typeof AnnouncementView>;

export const AnnouncementListQuery = z.strictObject({
  /** `mine`: what the official is to read; `published`: what their publishing level has published. */
  view: z.enum(['mine', 'published']).default('mine'),
  unread: z.enum(['true']).optional(),
});

/** What anyone (citizens too) may see: public notices in force and maintenance on or coming. */
export const PublicAnnouncement = z.object({
  id: z.uuid(),
  kind: z.enum(announcementKinds),
  importance: z.enum(importances),
  title: z.string(),
  body: z.string(),
  window: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** For maintenance: on now, starting within a day, or later. */
  state: z.enum(['on', 'soon', 'later']).nullable(),
  publisher: z.string(),
});
export type PublicAnnouncement = z.infer<typeof PublicAnnouncement>;

export const EarliestWindow = z.object({ earliest: z.string(), workingDays: z.number().int() });
