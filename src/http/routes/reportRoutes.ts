import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { completionTable, ministryCompletion } from '../../app/reports/completionTable.js';
import { completionWorkbook } from '../../app/reports/completionWorkbook.js';
import { ProblemSchema, isoDay, isoInstant, writeProblems } from '../../contracts/common.js';
import {
  indicatorsByAgency,
  indicatorsByProvince,
  serviceIndicators,
} from '../../app/reports/serviceIndicators.js';
import { indicatorWorkbook } from '../../app/reports/indicatorWorkbook.js';
import {
  CompletionTable,
  MinistryCompletion,
  IndicatorReport,
  AgencyIndicatorRow,
  NewScoring,
  ProvinceIndicatorRow,
  ScoringVersion,
} from '../../contracts/indicators.js';
import { addScoring, listScorings } from '../../app/reports/scoringVersions.js';
import { clientInfo } from '../auth.js';
import { agencyCode } from '../../contracts/agencies.js';
import { procedureCode } from '../../contracts/procedureCode.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Báo cáo'];
const indicatorQuery = z.strictObject({
  from: isoDay,
  to: isoDay,
  agency: agencyCode.optional(),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  ministry: agencyCode.optional(),
  procedure: procedureCode.optional(),
});

/** `reads`: where the reads go (a standby when configured); writes go to `ctx`. */
export function reportRoutes(ctx: AppContext, reads: AppContext = ctx): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/reports/indicators',
      {
        schema: {
          tags,
          summary:
            'Chỉ số phục vụ (Quyết định 766/QĐ-TTg) của hồ sơ trong phạm vi được xem, một kỳ: tiếp nhận theo kênh, kỳ trước chuyển sang, đã giải quyết trước hạn/đúng hạn/quá hạn, đang giải quyết, tạm dừng, các tỷ lệ; đọc từ số tổng hợp khi kỳ là các tháng trọn vẹn hoặc đến hôm nay, còn lại tính lại từ nhật ký xử lý (hai cách cho cùng một kết quả)',
          querystring: indicatorQuery,
          response: { 200: IndicatorReport, ...writeProblems },
        },
      },
      async (request) => serviceIndicators(reads, request.actor, request.query),
    );

    app.get(
      '/api/v1/reports/scoring',
      {
        schema: {
          tags,
          summary:
            'Các phiên bản cách tính điểm (Quyết định 766): trọng số nhóm, đường cong điểm theo tỷ lệ, ngày hiệu lực',
          response: { 200: z.object({ items: z.array(ScoringVersion) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await listScorings(reads, request.actor) }),
    );

    app.post(
      '/api/v1/reports/scoring',
      {
        schema: {
          tags,
          summary:
            'Ban hành phiên bản cách tính điểm mới (quản trị hệ thống), hiệu lực từ một ngày sau hôm nay: điểm đã tính không đổi',
          body: NewScoring,
          response: { 201: ScoringVersion, ...writeProblems },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await addScoring(ctx, request.actor, request.body, clientInfo(request))),
    );

    app.get(
      '/api/v1/reports/indicators/by-agency',
      {
        schema: {
          tags,
          summary:
            'Chỉ số phục vụ theo từng cơ quan tiếp nhận trong phạm vi được xem (cơ quan có hồ sơ quá hạn trước)',
          querystring: indicatorQuery,
          response: { 200: z.object({ items: z.array(AgencyIndicatorRow) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await indicatorsByAgency(reads, request.actor, request.query) }),
    );

    app.get(
      '/api/v1/reports/indicators/by-province',
      {
        schema: {
          tags,
          summary:
            'Xếp hạng các tỉnh, thành phố trong phạm vi được xem theo tỷ lệ giải quyết đúng hạn (giám sát toàn quốc: cả 34)',
          querystring: indicatorQuery,
          response: { 200: z.object({ items: z.array(ProvinceIndicatorRow) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await indicatorsByProvince(reads, request.actor, request.query) }),
    );

    app.get(
      '/api/v1/reports/indicators/by-agency.xlsx',
      {
        schema: {
          tags,
          summary: 'Bảng chỉ số theo cơ quan dạng Excel (đúng phạm vi của màn hình)',
          querystring: indicatorQuery,
        },
      },
      async (request, reply) => {
        const rows = await indicatorsByAgency(reads, request.actor, request.query);
        const total = await serviceIndicators(reads, request.actor, request.query);
        const file = await indicatorWorkbook(rows, total.indicators, request.query, total.ministry);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="chi-so-${request.query.from}-${request.query.to}.xlsx"`,
          )
          .header('cache-control', 'private, no-store')
          .send(file);
      },
    );

    app.get(
      '/api/v1/reports/completion.xlsx',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Bảng tỷ lệ hoàn thành dạng Excel',
          querystring: z.strictObject({ at: isoInstant.optional() }),
        },
      },
      async (request, reply) => {
        const at = request.query.at ? new Date(request.query.at) : ctx.now();
        const file = await completionWorkbook(await completionTable(reads, at), at);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="ty-le-trien-khai-${vietnamDate(at)}.xlsx"`)
          .send(file);
      },
    );

    app.get(
      '/api/v1/reports/completion',
      {
        schema: {
          security: publicOperation,
          tags,
          summary:
            'Tỷ lệ hoàn thành triển khai tập trung theo bộ (tính chính xác, gắn cờ khi tử số lớn hơn mẫu số); một bộ nếu chọn',
          querystring: z.strictObject({ at: isoInstant.optional(), ministry: agencyCode.optional() }),
          response: { 200: CompletionTable, 400: ProblemSchema },
        },
      },
      async (request) => {
        const at = request.query.at ? new Date(request.query.at) : ctx.now();
        return { at: at.toISOString(), items: await completionTable(reads, at, request.query.ministry) };
      },
    );

    app.get(
      '/api/v1/reports/completion/:ministry',
      {
        schema: {
          security: publicOperation,
          tags,
          summary:
            'Thủ tục cấp tỉnh, cấp xã của một bộ: số tỉnh đã chuyển tuyến tập trung và các tỉnh chưa chuyển (thủ tục triển khai ít nhất trước)',
          params: z.strictObject({ ministry: agencyCode }),
          querystring: z.strictObject({ at: isoInstant.optional() }),
          response: { 200: MinistryCompletion, 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request) => {
        const at = request.query.at ? new Date(request.query.at) : ctx.now();
        return { at: at.toISOString(), ...(await ministryCompletion(reads, at, request.params.ministry)) };
      },
    );
  };
}
