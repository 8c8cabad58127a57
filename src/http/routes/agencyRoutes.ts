import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { getAgency } from '../../app/agencies/getAgency.js';
import { listAgencies } from '../../app/agencies/listAgencies.js';
import { agencyKinds } from '../../domain/agencies/agency.js';
import { isoDay, pageOf, pageQuery, ProblemSchema, searchText } from '../../contracts/common.js';
import { Agency, AgencyDetail, agencyCode } from '../../contracts/agencies.js';
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
  };
}
