import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { actOnDossier } from '../../app/dossiers/actOnDossier.js';
import { assignableOfficials, bulkAssign } from '../../app/dossiers/bulkAssign.js';
import { getDossier, listOrphans } from '../../app/dossiers/dossierQueries.js';
import { listDossiers, worklistCounts } from '../../app/dossiers/worklists.js';
import { intakeAtCounter, intakeFromPortal } from '../../app/dossiers/intake.js';
import { agencyCode } from '../../contracts/agencies.js';
import { ProblemSchema, isoInstant, pageOf, pageQuery, writeProblems } from '../../contracts/common.js';
import {
  ActionBody,
  ActionResult,
  DossierDetail,
  DossierSummary,
  WorklistCounts,
  worklists,
  IntakeBody,
  IntakeResult,
} from '../../contracts/dossiers.js';
import { clientInfo } from '../auth.js';
import { exportFormat, sendTable } from '../sendTable.js';
import type { Column } from '../../app/export/tableFile.js';
import { recordExport } from '../../app/export/recordExport.js';
import { vnDayTime } from '../../domain/calendar/localDate.js';
import { vi } from '../../domain/i18n/vi.js';
import { clientOperation } from '../openapiDocument.js';

const tags = ['Hồ sơ'];
const errors = writeProblems;
const dossierCode = z.string().min(8).max(80);
const worklistFilters = {
  queue: z.enum(worklists).default('all'),
  procedure: z.string().max(40).optional(),
  channel: z.coerce.number().int().min(1).max(3).optional(),
  status: z.coerce.number().int().min(1).max(10).optional(),
  applicant: z.string().max(20).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  withinHours: z.coerce.number().int().min(1).max(400).optional(),
};
const channelName: Record<number, string> = { 1: 'Trực tiếp', 2: 'Trực tuyến', 3: 'Bưu chính' };
const dossierColumns: Column<DossierSummary>[] = [
  { title: 'Mã hồ sơ', value: (d) => d.code, width: 30 },
  { title: 'Mã thủ tục', value: (d) => d.procedureCode, width: 14 },
  { title: 'Kênh', value: (d) => channelName[d.channel] ?? String(d.channel), width: 12 },
  { title: 'Trạng thái', value: (d) => vi.dossierStatus[d.status] ?? String(d.status), width: 26 },
  { title: 'Bước', value: (d) => d.stepCode, width: 10 },
  { title: 'Cơ quan đang giữ', value: (d) => d.agencyCode, width: 18 },
  { title: 'Người nộp', value: (d) => d.applicantName, width: 28 },
  { title: 'Số định danh', value: (d) => d.applicantIdNumber, width: 16 },
  { title: 'Ngày nộp', value: (d) => vnDayTime(d.submittedAt), width: 18 },
  { title: 'Hạn trả kết quả', value: (d) => (d.dueAt ? vnDayTime(d.dueAt) : null), width: 18 },
  { title: 'Không có người xử lý', value: (d) => (d.orphan ? 'Có' : ''), width: 12 },
];

export function dossierRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/dossiers',
      {
        schema: {
          tags,
          summary:
            'Tiếp nhận hồ sơ tại bộ phận một cửa (kênh 1) hoặc qua bưu chính (kênh 3); Idempotency-Key tùy chọn: gửi lại trả về hồ sơ đã tiếp nhận',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(100).optional() }),
          body: IntakeBody.extend({
            channel: z.union([z.literal(1), z.literal(3)]).default(1),
            agencyCode: agencyCode.optional(),
            /** A practice dossier (THỬ NGHIỆM), where practice is open for the agency and procedure. */
            practice: z.boolean().default(false),
          }),
          response: { 200: IntakeResult, 201: IntakeResult, ...errors },
        },
      },
      async (request, reply) => {
        const result = await intakeAtCounter(
          ctx,
          request.actor,
          request.body,
          request.headers['idempotency-key'],
        );
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );

    app.post(
      '/api/v1/portal/dossiers',
      {
        schema: {
          security: clientOperation,
          tags,
          summary:
            'Hồ sơ trực tuyến từ Cổng DVCQG (kênh 2); Idempotency-Key là mã hồ sơ của Cổng: gửi lại trả về hồ sơ đã có',
          headers: z.object({ 'idempotency-key': z.string().min(1).max(100) }),
          body: IntakeBody.extend({ agencyCode }),
          response: { 200: IntakeResult, 201: IntakeResult, ...errors },
        },
      },
      async (request, reply) => {
        const result = await intakeFromPortal(
          ctx,
          request.actor,
          request.headers['idempotency-key'],
          request.body,
        );
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );

    app.get(
      '/api/v1/dossiers',
      {
        schema: {
          tags,
          summary:
            'Danh sách công việc: chờ tiếp nhận, của tôi, của cơ quan, sắp đến hạn, quá hạn, chờ bổ sung…',
          querystring: z.strictObject({ ...worklistFilters, ...pageQuery }),
          response: { 200: pageOf(DossierSummary), ...errors },
        },
      },
      (request) => listDossiers(ctx, request.actor, request.query),
    );

    app.get(
      '/api/v1/dossiers/export',
      {
        schema: {
          tags,
          summary:
            'Xuất danh sách hồ sơ đang xem (cùng bộ lọc, cùng phạm vi) ra CSV hoặc Excel; việc xuất được ghi nhật ký',
          querystring: z.strictObject({ ...worklistFilters, ...exportFormat }),
        },
      },
      async (request, reply) => {
        const { format, ...filters } = request.query;
        return sendTable(
          reply,
          format,
          { name: `ho-so-${filters.queue}`, title: 'Danh sách hồ sơ' },
          dossierColumns,
          (cursor) => listDossiers(ctx, request.actor, { ...filters, limit: 500, cursor }),
          (rows) => recordExport(ctx, request.actor, 'dossier', { filters, rows }, clientInfo(request)),
        );
      },
    );

    app.get(
      '/api/v1/dossiers/assignees',
      {
        schema: {
          tags,
          summary: 'Cán bộ lãnh đạo có thể giao hồ sơ tại cơ quan (chỉ lãnh đạo cơ quan đó)',
          querystring: z.strictObject({ agency: agencyCode }),
          response: {
            200: z.object({
              items: z.array(z.object({ id: z.string(), fullName: z.string(), roles: z.array(z.string()) })),
            }),
            401: ProblemSchema,
            403: ProblemSchema,
          },
        },
      },
      async (request) => ({ items: await assignableOfficials(ctx, request.actor, request.query.agency) }),
    );

    app.post(
      '/api/v1/dossiers/assign',
      {
        schema: {
          tags,
          summary: 'Giao nhiều hồ sơ cho một cán bộ (lãnh đạo); kết quả từng hồ sơ',
          body: z.strictObject({
            codes: z.array(dossierCode).min(1).max(200),
            assigneeId: z.uuid().nullable(),
          }),
          response: {
            200: z.object({
              items: z.array(z.object({ code: z.string(), ok: z.boolean(), problem: z.string().nullable() })),
            }),
            ...errors,
          },
        },
      },
      async (request) => ({
        items: await bulkAssign(ctx, request.actor, request.body.codes, request.body.assigneeId),
      }),
    );

    app.get(
      '/api/v1/dossiers/counts',
      {
        schema: {
          tags,
          summary: 'Số hồ sơ của từng danh sách công việc (cho bộ đếm trên menu)',
          response: { 200: WorklistCounts, ...errors },
        },
      },
      (request) => worklistCounts(ctx, request.actor),
    );

    app.get(
      '/api/v1/dossiers/orphans',
      {
        schema: {
          tags,
          summary:
            'Hồ sơ “mồ côi”: nằm ở cơ quan không còn ai giữ vai trò cần thiết, theo cơ quan và vai trò thiếu',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  agency: z.object({ code: z.string(), name: z.string() }),
                  role: z.string(),
                  count: z.number().int(),
                  waitingSince: z.string(),
                  codes: z.array(z.string()),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => ({ items: await listOrphans(ctx, request.actor) }),
    );

    app.get(
      '/api/v1/dossiers/:code',
      {
        schema: {
          tags,
          summary: 'Một hồ sơ và nhật ký xử lý (phiếu kiểm soát); mỗi lần xem được ghi nhật ký',
          params: z.strictObject({ code: dossierCode }),
          response: { 200: DossierDetail, ...errors },
        },
      },
      (request) => getDossier(ctx, request.actor, request.params.code, clientInfo(request)),
    );

    app.post(
      '/api/v1/dossiers/:code/actions',
      {
        schema: {
          tags,
          summary: 'Một thao tác xử lý hồ sơ, trên phiên bản đã xem (expectedVersion); phiên bản cũ trả 409',
          params: z.strictObject({ code: dossierCode }),
          body: ActionBody,
          response: { 200: ActionResult, ...errors },
        },
      },
      (request) => actOnDossier(ctx, request.actor, request.params.code, request.body, clientInfo(request)),
    );
  };
}
