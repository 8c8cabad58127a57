import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { lookupResident } from '../../app/population/lookupResident.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import { Resident } from '../../contracts/integrations.js';
import type { PopulationClient } from '../../integrations/population/populationClient.js';
import { clientInfo } from '../auth.js';

/** The national population database, for receivers prefilling an intake. */
export function populationRoutes(
  ctx: AppContext,
  population: PopulationClient | undefined,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/population/:idNumber',
      {
        schema: {
          tags: ['Tiếp nhận hồ sơ'],
          summary:
            'Tra cứu công dân trong CSDL quốc gia về dân cư theo số định danh (để điền sẵn khi tiếp nhận)',
          params: z.object({ idNumber: z.string().regex(/^\d{12}$/, 'Số định danh cá nhân gồm 12 chữ số') }),
          response: { 200: Resident, ...writeProblems, 503: ProblemSchema },
        },
      },
      (request) =>
        lookupResident(ctx, request.actor, population, request.params.idNumber, clientInfo(request)),
    );
  };
}
