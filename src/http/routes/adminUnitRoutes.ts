import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminUnitLevels } from '../../domain/places/adminUnit.js';
import type { AppContext } from '../../app/context.js';
import { getAdminUnit } from '../../app/adminUnits/getAdminUnit.js';
import { listAdminUnits } from '../../app/adminUnits/listAdminUnits.js';
import { lookupAdminUnits } from '../../app/adminUnits/lookupAdminUnits.js';
import { isoDay, pageOf, pageQuery, ProblemSchema, searchText } from '../../contracts/common.js';
import { AdminUnit, AdminUnitDetail, AdminUnitLookup, unitCode } from '../../contracts/adminUnits.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Đơn vị hành chính'];

export function adminUnitRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin-units',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Danh sách tỉnh, thành phố và xã, phường, đặc khu',
          querystring: z.strictObject({
            level: z.enum(adminUnitLevels).optional(),
            parent: unitCode.optional().describe('Mã tỉnh, để lấy các xã của tỉnh'),
            q: searchText,
            on: isoDay.optional().describe('Bản đồ hành chính tại ngày này (mặc định: hôm nay)'),
            ...pageQuery,
          }),
          response: { 200: pageOf(AdminUnit), 400: ProblemSchema },
        },
      },
      (req) => listAdminUnits(ctx, req.query),
    );

    app.post(
      '/api/v1/admin-units/lookup',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Tra cứu nhiều đơn vị hành chính theo mã',
          body: z.strictObject({ codes: z.array(unitCode).min(1).max(500), on: isoDay.optional() }),
          response: { 200: AdminUnitLookup, 400: ProblemSchema },
        },
      },
      (req) => lookupAdminUnits(ctx, req.body.codes, req.body.on),
    );

    app.get(
      '/api/v1/admin-units/:code',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Một đơn vị hành chính, kèm các đơn vị trước sáp nhập',
          params: z.strictObject({ code: unitCode }),
          querystring: z.strictObject({ on: isoDay.optional() }),
          response: { 200: AdminUnitDetail, 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      (req) => getAdminUnit(ctx, req.params.code, req.query.on),
    );
  };
}
