import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportCatalog, getProcedure, listProcedures } from '../../app/catalog/catalogQueries.js';
import { importCatalog } from '../../app/catalog/importCatalog.js';
import { getWorkflow, saveWorkflow } from '../../app/catalog/workflows.js';
import { getBinding, resolveBinding, saveBinding } from '../../app/catalog/bindings.js';
import { agencyKinds } from '../../domain/agencies/agency.js';
import { listRoutes, resolveRoute, setRoute } from '../../app/catalog/routes.js';
import { routeModes } from '../../domain/catalog/deploymentRoute.js';
import { provinceCode } from '../../contracts/adminUnits.js';
import { Workflow, WorkflowRequest } from '../../contracts/workflow.js';
import type { AppContext } from '../../app/context.js';
import { agencyCode } from '../../contracts/agencies.js';
import {
  CatalogRecord,
  ImportOutcome,
  ProcedureDetail,
  ProcedureSummary,
  RouteView,
} from '../../contracts/catalog.js';
import { ProblemSchema, isoInstant, pageOf, pageQuery, searchText } from '../../contracts/common.js';
import { implementingLevels, onlineLevels } from '../../domain/catalog/procedureVersion.js';
import { procedureCode } from '../../contracts/procedureCode.js';
import { clientInfo } from '../auth.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Danh mục thủ tục hành chính'];
export function catalogRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/procedures',
      {
        schema: {
          security: publicOperation,
          tags,
          summary:
            'Danh mục thủ tục hành chính (tìm không dấu, lọc theo bộ, lĩnh vực, cấp, mức độ trực tuyến)',
          querystring: z.strictObject({
            q: searchText,
            ministry: agencyCode.optional(),
            sector: z.string().max(40).optional(),
            level: z.enum(implementingLevels).optional(),
            online: z.enum(onlineLevels).optional(),
            ...pageQuery,
          }),
          response: { 200: pageOf(ProcedureSummary), 400: ProblemSchema },
        },
      },
      (request) => listProcedures(ctx, request.query),
    );

    app.get(
      '/api/v1/procedures/:code',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Một thủ tục và các phiên bản đã công bố',
          params: z.strictObject({ code: procedureCode }),
          response: { 200: ProcedureDetail, 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      (request) => getProcedure(ctx, request.params.code),
    );

    const versionParams = z.strictObject({ code: procedureCode, version: z.coerce.number().int().min(1) });
    app.put(
      '/api/v1/procedures/:code/versions/:version/workflow',
      {
        schema: {
          tags,
          summary: 'Lưu quy trình của một phiên bản (bộ chủ quản); mỗi lần lưu là một lần sửa đổi mới',
          params: versionParams,
          body: WorkflowRequest,
          response: {
            200: Workflow,
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      (request) =>
        saveWorkflow(
          ctx,
          request.actor,
          request.params.code,
          request.params.version,
          request.body,
          clientInfo(request),
        ),
    );

    app.get(
      '/api/v1/procedures/:code/versions/:version/workflow',
      {
        schema: {
          tags,
          summary: 'Quy trình đang áp dụng của một phiên bản',
          params: versionParams,
          querystring: z.strictObject({ caseCode: z.string().max(40).default('') }),
          response: {
            200: Workflow,
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      (request) =>
        getWorkflow(ctx, request.actor, request.params.code, request.params.version, request.query.caseCode),
    );

    const BindingRequest = z.strictObject({
      caseCode: z.string().max(40).default(''),
      steps: z
        .array(
          z.strictObject({
            stepCode: z.string().max(20),
            agencyKind: z.enum(agencyKinds).optional(),
            agencyCode: agencyCode.optional(),
            hours: z.number().optional(),
          }),
        )
        .min(1)
        .max(100),
    });
    app.put(
      '/api/v1/procedures/:code/versions/:version/bindings/:unit',
      {
        schema: {
          tags,
          summary:
            'Gắn các bước quy trình với cơ quan của tỉnh (quy tắc chung) hoặc của một xã (điều chỉnh riêng)',
          params: versionParams.extend({ unit: z.string().regex(/^\d{2}(\d{3})?$/) }),
          body: BindingRequest,
          response: {
            200: z.object({ revision: z.number().int() }),
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      (request) =>
        saveBinding(
          ctx,
          request.actor,
          request.params.code,
          request.params.version,
          request.params.unit,
          request.body,
          clientInfo(request),
        ),
    );

    app.get(
      '/api/v1/procedures/:code/versions/:version/bindings/resolve',
      {
        schema: {
          tags,
          summary: 'Ai thực hiện từng bước đối với hồ sơ của một xã',
          params: versionParams,
          querystring: z.strictObject({
            commune: z.string().regex(/^\d{5}$/),
            caseCode: z.string().max(40).default(''),
          }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  stepCode: z.string(),
                  name: z.string(),
                  role: z.string(),
                  agency: z.object({ code: z.string(), name: z.string() }).nullable(),
                  hours: z.number(),
                  source: z.enum(['commune', 'province', 'unbound']),
                }),
              ),
            }),
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      async (request) => ({
        items: await resolveBinding(
          ctx,
          request.actor,
          request.params.code,
          request.params.version,
          request.query.caseCode,
          request.query.commune,
        ),
      }),
    );

    app.get(
      '/api/v1/procedures/:code/versions/:version/bindings/:unit',
      {
        schema: {
          tags,
          summary: 'Quy tắc gắn đang áp dụng của một tỉnh hoặc điều chỉnh riêng của một xã',
          params: versionParams.extend({ unit: z.string().regex(/^\d{2}(\d{3})?$/) }),
          querystring: z.strictObject({ caseCode: z.string().max(40).default('') }),
          response: {
            200: z.object({
              binding: z
                .object({
                  unitCode: z.string(),
                  revision: z.number().int(),
                  steps: BindingRequest.shape.steps,
                  savedAt: z.string(),
                })
                .nullable(),
            }),
            400: ProblemSchema,
            401: ProblemSchema,
          },
        },
      },
      async (request) => ({
        binding: await getBinding(
          ctx,
          request.actor,
          request.params.code,
          request.params.version,
          request.query.caseCode,
          request.params.unit,
        ),
      }),
    );

    app.get(
      '/api/v1/procedures/:code/routes',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Tuyến triển khai của thủ tục tại 34 tỉnh, thành phố (đang áp dụng và đã lên lịch)',
          params: z.strictObject({ code: procedureCode }),
          response: { 200: z.object({ items: z.array(RouteView) }), 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request) => ({ items: await listRoutes(ctx, request.params.code) }),
    );

    app.put(
      '/api/v1/procedures/:code/routes/:province',
      {
        schema: {
          tags,
          summary:
            'Đặt tuyến triển khai cho một tỉnh từ một thời điểm (không sửa quá khứ); chuyển sang hệ thống tập trung bị từ chối (409, kèm danh sách) khi có cơ quan chưa có người giữ vai trò vào ngày đó, trừ khi lãnh đạo bộ quyết định có ghi lý do',
          params: z.strictObject({ code: procedureCode, province: provinceCode }),
          body: z.strictObject({
            mode: z.enum(routeModes),
            effectiveFrom: isoInstant.optional(),
            note: z.string().trim().max(500).optional(),
            override: z
              .strictObject({ reason: z.string().trim().min(10).max(2000) })
              .optional()
              .describe('Lãnh đạo bộ quyết định chuyển dù còn cơ quan thiếu người, ghi rõ lý do'),
          }),
          response: {
            204: z.null(),
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
            409: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        await setRoute(
          ctx,
          request.actor,
          request.params.code,
          request.params.province,
          request.body,
          clientInfo(request),
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/routes/resolve',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Hồ sơ của thủ tục P, người nộp ở xã X, nộp lúc T được xử lý ở đâu?',
          querystring: z.strictObject({
            procedure: procedureCode,
            commune: z.string().regex(/^\d{5}$/),
            at: isoInstant.optional(),
          }),
          response: {
            200: z.object({
              procedureCode: z.string(),
              communeCode: z.string(),
              provinceCode: z.string(),
              mode: z.enum(routeModes),
              central: z.boolean(),
              effectiveFrom: z.string().nullable(),
            }),
            400: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      (request) =>
        resolveRoute(
          ctx,
          request.query.procedure,
          request.query.commune,
          request.query.at ? new Date(request.query.at) : ctx.now(),
        ),
    );

    app.get(
      '/api/v1/catalog/export',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Xuất danh mục theo định dạng nhập (docs/catalog.md)',
          response: { 200: z.array(CatalogRecord) },
        },
      },
      () => exportCatalog(ctx),
    );

    app.post(
      '/api/v1/catalog/import',
      {
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Nhập danh mục: từng bản ghi độc lập, báo lỗi theo chỉ số và trường',
          body: z.array(z.unknown()).min(1).max(5000),
          response: {
            200: z.object({ outcomes: z.array(ImportOutcome) }),
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
          },
        },
      },
      async (request) => ({
        outcomes: await importCatalog(ctx, request.actor, request.body, clientInfo(request)),
      }),
    );
  };
}
