/** Request and response shapes shared by the API and the web app (which imports only the types). */
import { z } from 'zod';

/** `limit` and `cursor`, shared by every list endpoint. */
/** Limits shared by every list endpoint. */
export const defaultLimit = 50;
export const maxLimit = 500;

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(maxLimit)
    .default(defaultLimit)
    .describe(`1–${maxLimit}, mặc định ${defaultLimit}`),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor của trang trước'),
};

/** `{ items, nextCursor, total }`, the answer of every list endpoint. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().optional(),
  });
}

/**
 * The years any date the system takes may fall in: every dossier, grant, decision and report lies
 * well inside, and neither PostgreSQL's year 0 nor a year-9999 extension gets through to the SQL.
 */
export const dateWindow = { fromYear: 1900, toYear: 2199 } as const;
const withinWindow = (year: number) => year >= dateWindow.fromYear && year <= dateWindow.toYear;
const windowMessage = `Ngày phải trong khoảng năm ${dateWindow.fromYear}–${dateWindow.toYear}`;

/** A day, as YYYY-MM-DD, within the date window. */
export const isoDay = z.iso
  .date()
  .refine((d) => withinWindow(Number(d.slice(0, 4))), windowMessage)
  .describe('Ngày, dạng YYYY-MM-DD');

/** An instant, ISO 8601 with its offset, within the date window. */
export const isoInstant = z.iso.datetime({ offset: true }).refine((t) => {
  const at = new Date(t);
  return !Number.isNaN(at.getTime()) && withinWindow(at.getUTCFullYear());
}, windowMessage);

/** Free-text search: name or code, accents and case ignored. */
export const searchText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .describe('Tìm theo tên hoặc mã, không phân biệt dấu');

/** RFC 9457 problem details; `type` is a stable URI the clients can switch on. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/** The problem answers a protected write can give, for route schemas. */
export const writeProblems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
};
export type Problem = z.infer<typeof ProblemSchema>;
