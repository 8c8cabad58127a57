import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { feedbackSummary, getFeedback, listFeedback } from '../../app/feedback/feedbackQueries.js';
import { feedbackAssignees, handleFeedback } from '../../app/feedback/handleFeedback.js';
import { reportDifficulty } from '../../app/feedback/submitFeedback.js';
import { pageOf, writeProblems } from '../../contracts/common.js';
import {
  DifficultyBody,
  FeedbackCommandBody,
  FeedbackItem,
  FeedbackListQuery,
  FeedbackReceipt,
  FeedbackSummaryRow,
} from '../../contracts/feedback.js';
import { clientInfo } from '../auth.js';

const tags = ['Phản ánh, kiến nghị'];
const params = z.object({ code: z.string().regex(/^PA-\d{4}-\d{6,}$/) });

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
      '/api/v1/feedback/summary',
      {
        schema: {
          tags,
          summary: 'Tổng hợp phản ánh, kiến nghị tiếp nhận trong kỳ theo loại và lĩnh vực',
          querystring: z.strictObject({ from: z.iso.date(), to: z.iso.date() }),
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
  };
}
