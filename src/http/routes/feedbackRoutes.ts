import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { feedbackSummary, getFeedback, listFeedback } from '../../app/feedback/feedbackQueries.js';
import { feedbackAssignees, handleFeedback } from '../../app/feedback/handleFeedback.js';
import { reportDifficulty } from '../../app/feedback/submitFeedback.js';
import { forwardFeedback, recurringDifficulties } from '../../app/feedback/forwardFeedback.js';
import { isoDay, pageOf, writeProblems } from '../../contracts/common.js';
import {
  DifficultyBody,
  FeedbackCommandBody,
  FeedbackForwardBody,
  RecurringDifficulty,
  FeedbackItem,
  FeedbackListQuery,
  FeedbackReceipt,
  FeedbackSummaryRow,
} from '../../contracts/feedback.js';
import { clientInfo } from '../auth.js';
import { exportFormat, sendTable } from '../sendTable.js';
import type { Column } from '../../app/export/tableFile.js';
import { recordExport } from '../../app/export/recordExport.js';
import { vnDayTime } from '../../domain/calendar/localDate.js';

const tags = ['Phản ánh, kiến nghị'];
const params = z.object({ code: z.string().regex(/^PA-\d{4}-\d{6,}$/) });
const statusName = { new: 'Mới', assigned: 'Đang xử lý', answered: 'Đã trả lời' } as const;
const feedbackColumns: Column<FeedbackItem>[] = [
  { title: 'Số', value: (f) => f.code, width: 16 },
  {
    title: 'Loại',
    value: (f) => (f.kind === 'citizen' ? 'Người dân' : 'Khó khăn của địa phương'),
    width: 16,
  },
  { title: 'Lĩnh vực', value: (f) => f.categoryName, width: 30 },
  { title: 'Tiêu đề', value: (f) => f.subject, width: 40 },
  { title: 'Nội dung', value: (f) => f.content, width: 60 },
  { title: 'Hồ sơ', value: (f) => f.dossierCode, width: 28 },
  { title: 'Người gửi', value: (f) => f.reporter.name, width: 24 },
  { title: 'Cơ quan trả lời', value: (f) => f.agency.name, width: 36 },
  { title: 'Người xử lý', value: (f) => f.assignee?.name ?? null, width: 24 },
  { title: 'Gửi lúc', value: (f) => vnDayTime(f.submittedAt), width: 18 },
  { title: 'Hạn trả lời', value: (f) => vnDayTime(f.dueAt), width: 18 },
  { title: 'Trạng thái', value: (f) => statusName[f.status], width: 14 },
  { title: 'Quá hạn', value: (f) => (f.late ? 'Có' : ''), width: 10 },
  { title: 'Trả lời', value: (f) => f.answer, width: 60 },
];

/** Feedback and difficulty reports, for officials (the citizen's side is on the public routes). */
export function feedbackRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/feedback',
      {
        schema: {
          tags,
          summary:
            'Báo khó khăn, vướng mắc khi vận hành hệ thống (gửi Trung tâm PVHCC tỉnh; cơ quan trung ương: Văn phòng Chính phủ); Idempotency-Key tùy chọn',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(100).optional() }),
          body: DifficultyBody,
          response: { 200: FeedbackReceipt, 201: FeedbackReceipt, ...writeProblems },
        },
      },
      async (request, reply) => {
        const { created, ...receipt } = await reportDifficulty(
          ctx,
          request.actor,
          request.body,
          request.headers['idempotency-key'],
          clientInfo(request),
        );
        return reply.code(created ? 201 : 200).send(receipt);
      },
    );

    app.get(
      '/api/v1/feedback',
      {
        schema: {
          tags,
          summary:
            'Phản ánh, kiến nghị trong phạm vi: gửi tới hoặc gửi từ cơ quan trong phạm vi (mới nhất trước)',
          querystring: FeedbackListQuery,
          response: { 200: pageOf(FeedbackItem), ...writeProblems },
        },
      },
      (request) => listFeedback(ctx, request.actor, request.query),
    );

    app.get(
      '/api/v1/feedback/export',
      {
        schema: {
          tags,
          summary: 'Xuất danh sách phản ánh đang xem (cùng bộ lọc, cùng phạm vi) ra CSV hoặc Excel',
          querystring: FeedbackListQuery.omit({ limit: true, cursor: true }).extend(exportFormat),
        },
      },
      async (request, reply) => {
        const { format, ...filters } = request.query;
        return sendTable(
          reply,
          format,
          { name: 'phan-anh', title: 'Phản ánh, kiến nghị' },
          feedbackColumns,
          (cursor) => listFeedback(ctx, request.actor, { ...filters, limit: 200, cursor }),
          (rows) => recordExport(ctx, request.actor, 'feedback', { filters, rows }, clientInfo(request)),
        );
      },
    );

    app.get(
      '/api/v1/feedback/summary',
      {
        schema: {
          tags,
          summary: 'Tổng hợp phản ánh, kiến nghị tiếp nhận trong kỳ theo loại và lĩnh vực',
          querystring: z.strictObject({ from: isoDay, to: isoDay }),
          response: { 200: z.object({ items: z.array(FeedbackSummaryRow) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await feedbackSummary(ctx, request.actor, request.query) }),
    );

    app.get(
      '/api/v1/feedback/:code',
      {
        schema: {
          tags,
          summary: 'Một phản ánh (việc xem được ghi nhật ký)',
          params,
          response: { 200: FeedbackItem, ...writeProblems },
        },
      },
      (request) => getFeedback(ctx, request.actor, request.params.code, clientInfo(request)),
    );

    app.get(
      '/api/v1/feedback/:code/assignees',
      {
        schema: {
          tags,
          summary: 'Cán bộ của cơ quan tiếp nhận có thể được phân công xử lý phản ánh',
          params,
          response: {
            200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }),
            ...writeProblems,
          },
        },
      },
      async (request) => ({ items: await feedbackAssignees(ctx, request.actor, request.params.code) }),
    );

    app.post(
      '/api/v1/feedback/:code/actions',
      {
        schema: {
          tags,
          summary: 'Phân công xử lý hoặc trả lời phản ánh (trả lời là bước cuối)',
          params,
          body: FeedbackCommandBody,
          response: { 200: FeedbackItem, ...writeProblems },
        },
      },
      (request) => handleFeedback(ctx, request.actor, request.params.code, request.body, clientInfo(request)),
    );

    app.post(
      '/api/v1/feedback/:code/forward',
      {
        schema: {
          tags,
          summary:
            'Chuyển khó khăn lên cấp trên: tỉnh → bộ quản lý thủ tục (không gắn thủ tục: Văn phòng Chính phủ) → Văn phòng Chính phủ; mỗi cấp có hạn trả lời riêng',
          params,
          body: FeedbackForwardBody,
          response: { 200: FeedbackItem, ...writeProblems },
        },
      },
      (request) =>
        forwardFeedback(ctx, request.actor, request.params.code, request.body, clientInfo(request)),
    );

    app.get(
      '/api/v1/feedback/recurring',
      {
        schema: {
          tags,
          summary: 'Khó khăn lặp lại: cùng thủ tục và lĩnh vực, từ hai báo cáo trở lên, trong phạm vi xem',
          response: { 200: z.object({ items: z.array(RecurringDifficulty) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await recurringDifficulties(ctx, request.actor) }),
    );
  };
}
