import { z } from 'zod';
import { roles } from '../domain/access/roles.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A role guide's key (receiver, admin…) or a procedure's technical guidance (procedure:1.001193). */
export const GuideKey = z.string().regex(/^(?:[a-z_]{1,40}|procedure:[\w.-]{1,40})$/);

export const GuideBody = z.strictObject({
  title: text(200),
  /** Markdown: headings, paragraphs, lists, bold, links to screens (/tiep-nhan) or https pages, images. */
  body: text(40_000),
  /** The revision the editor started from; 0 for a procedure's first guidance. */
  expectedRevision: z.number().int().min(0),
});

export const GuideView = z.object({
  key: z.string(),
  kind: z.enum(['role', 'procedure']),
  roles: z.array(z.string()),
  procedure: z.object({ code: z.string(), name: z.string() }).nullable(),
  title: z.string(),
  body: z.string(),
  revision: z.number().int(),
  savedAt: z.string(),
  savedBy: z.string().nullable(),
  editable: z.boolean(),
});
export type GuideView = z.infer<typeof GuideView>;

export const GuideRevision = z.object({
  revision: z.number().int(),
  title: z.string(),
  body: z.string(),
  savedAt: z.string(),
  savedBy: z.string().nullable(),
});

export const HandbookQuery = z.object({ role: z.enum(roles).optional() });
