import { z } from 'zod';
import { defaultLimit, maxLimit } from '../app/pagination.js';

/** `limit` and `cursor`, shared by every list endpoint. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit).describe(`1–${maxLimit}, mặc định ${defaultLimit}`),
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

/** A day, as YYYY-MM-DD. */
export const isoDay = z.iso.date().describe('Ngày, dạng YYYY-MM-DD');

/** Free-text search: name or code, accents and case ignored. */
export const searchText = z.string().trim().max(100).optional().describe('Tìm theo tên hoặc mã, không phân biệt dấu');
