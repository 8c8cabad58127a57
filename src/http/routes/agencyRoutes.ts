import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { getAgency } from '../../app/agencies/getAgency.js';
import { listAgencies } from '../../app/agencies/listAgencies.js';
import { agencyCodePattern, agencyKinds } from '../../domain/agencies/agency.js';
import { ProblemSchema } from '../problem.js';
import { isoDay, pageOf, pageQuery, searchText } from '../schemas.js';

const agencyCode = z.string().regex(agencyCodePattern, 'Mã định danh dạng 000.00.00.H01');

const Agency = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(agencyKinds),
    parentCode: z.string().nullable(),
    adminUnit: z.object({ code: z.string(), name: z.string().nullable() }),
    validFrom: z.string(),
    validTo: z.string().nullable(),
  })
  .meta({ id: 'Agency' });

const AgencyDetail = Agency.extend({
  parent: z.object({ code: z.string(), name: z.string() }).nullable(),
  childCount: z.number().int(),
}).meta({ id: 'AgencyDetail' });

const tags = ['Cơ quan, đơn vị'];

export function agencyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/agencies',
      {
        schema: {
          tags,
          summary: 'Danh sách cơ quan, đơn vị',
          querystring: z.strictObject({
            kind: z.enum(agencyKinds).optional(),
            unit: z
              .string()
              .regex(/^[0-9]{2}([0-9]{3})?$/)
              .optional()
              .describe('Mã đơn vị hành chính nơi cơ quan đặt trụ sở'),
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
