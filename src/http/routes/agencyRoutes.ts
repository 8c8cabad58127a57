import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { getAgency } from '../../app/agencies/getAgency.js';
import { listAgencies } from '../../app/agencies/listAgencies.js';
import { agencyKinds } from '../../domain/agencies/agency.js';
import {
  isoDay,
  pageOf,
  pageQuery,
  ProblemSchema,
  searchText,
  writeProblems,
} from '../../contracts/common.js';
import {
  Agency,
  AgencyDetail,
  AgencyPatchRequest,
  AgencyRevision,
  agencyCode,
  dryRunQuery,
  NewAgencyRequest,
  RegisterReport,
} from '../../contracts/agencies.js';
import { createAgency, patchAgency, registerEditor } from '../../app/agencies/agencyCommands.js';
import { agencyHistory } from '../../app/agencies/agencyHistory.js';
import { importRegister } from '../../app/agencies/importRegister.js';
import { clientInfo } from '../auth.js';
import { uploadedFile } from '../upload.js';
import { provinceCode, unitCode } from '../../contracts/adminUnits.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Cơ quan, đơn vị'];

export function agencyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/agencies',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Danh sách cơ quan, đơn vị',
          querystring: z.strictObject({
            kind: z.enum(agencyKinds).optional(),
            unit: unitCode.optional().describe('Mã đơn vị hành chính nơi cơ quan đặt trụ sở'),
            province: provinceCode.optional().describe('Mã tỉnh: cơ quan cấp tỉnh và cấp xã của tỉnh'),
            parent: agencyCode.optional().describe('Mã định danh cơ quan cấp trên'),
            q: searchText,
            on: isoDay.optional(),
            ...pageQuery,
          }),
          response: { 200: pageOf(Agency), 400: ProblemSchema },
        },
      },
      (req) => listAgencies(ctx, req.query),
    );

    app.get(
      '/api/v1/agencies/:code',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Một cơ quan, đơn vị theo mã định danh điện tử',
          params: z.strictObject({ code: agencyCode }),
          response: { 200: AgencyDetail, 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      (req) => getAgency(ctx, req.params.code),
    );

    app.get(
      '/api/v1/agencies/:code/history',
      {
        schema: {
          tags,
          summary:
            'Lịch sử thay đổi của một cơ quan: tên, cơ quan cấp trên, ngày hiệu lực, sáp nhập, người thực hiện (cán bộ đã đăng nhập)',
          params: z.strictObject({ code: agencyCode }),
          response: {
            200: z.object({ items: z.array(AgencyRevision) }),
            400: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      async (req) => ({ items: await agencyHistory(ctx, req.actor, req.params.code) }),
    );

    app.post(
      '/api/v1/agencies',
      {
        schema: {
          tags,
          summary: 'Thêm một cơ quan, đơn vị vào danh mục (trong phạm vi quản trị)',
          body: NewAgencyRequest,
          response: { 201: AgencyDetail, ...writeProblems },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await createAgency(ctx, req.actor, req.body, clientInfo(req))),
    );

    app.patch(
      '/api/v1/agencies/:code',
      {
        schema: {
          tags,
          summary:
            'Đổi tên, chuyển cơ quan cấp trên, đóng (có ngày hiệu lực) hoặc sáp nhập một cơ quan; đóng khi còn giữ hồ sơ chưa xong bị từ chối kèm danh sách hồ sơ',
          params: z.strictObject({ code: agencyCode }),
          body: AgencyPatchRequest,
          response: { 200: AgencyDetail, ...writeProblems },
        },
      },
      (req) => patchAgency(ctx, req.actor, req.params.code, req.body, clientInfo(req)),
    );

    app.post(
      '/api/v1/agencies/import',
      {
        schema: {
          tags,
          summary:
            'Nhập danh mục mã định danh (CSV hoặc Excel, trường "file"): dryRun=true chỉ báo cáo từng dòng sẽ thêm, sửa, đóng hay bị từ chối; dryRun=false áp dụng, nhập lại cùng tệp không thay đổi gì',
          querystring: dryRunQuery,
          consumes: ['multipart/form-data'],
          response: { 200: RegisterReport, ...writeProblems, 413: ProblemSchema, 415: ProblemSchema },
        },
      },
      async (req) => {
        const editor = await registerEditor(ctx, req.actor);
        const bytes = await (await uploadedFile(req)).bytes();
        return importRegister(ctx, editor, bytes, req.query.dryRun === 'true', clientInfo(req));
      },
    );
  };
}
