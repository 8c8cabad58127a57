import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { allPages, tableCsv, tableXlsx, type Column } from '../app/export/tableFile.js';
import type { Page } from '../app/pagination.js';

/** `format=csv|xlsx` of every export route. */
export const exportFormat = { format: z.enum(['csv', 'xlsx']).default('xlsx') };

/**
 * Runs a list query to its end and sends the rows as CSV or Excel: the export of a screen's table,
 * through the same use case (and so the same access policy) as the screen, and audited.
 */
export async function sendTable<T>(
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  file: { name: string; title: string },
  columns: readonly Column<T>[],
  page: (cursor: string | undefined) => Promise<Page<T>>,
  audit: (rows: number) => Promise<void>,
): Promise<FastifyReply> {
  const { rows, truncated } = await allPages(page);
  // Audited before the file leaves: an export whose audit entry cannot be written is not sent.
  await audit(rows.length);
  const body =
    format === 'csv' ? tableCsv(columns, rows) : await tableXlsx(file.title, columns, rows, truncated);
  return reply
    .type(
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    .header('content-disposition', `attachment; filename="${file.name}.${format}"`)
    .header('cache-control', 'private, no-store')
    .header('x-export-truncated', String(truncated))
    .send(body);
}
