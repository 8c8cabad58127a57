import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireStaff } from '../../app/access/require.js';
import type { AppContext } from '../../app/context.js';
import { readinessBoard } from '../../app/readiness/readinessBoard.js';
import {
  attest,
  listAttestations,
  readinessCriteria,
  saveCriterion,
} from '../../app/readiness/readinessCriteria.js';
import { provinceCode } from '../../contracts/adminUnits.js';
import { ProblemSchema } from '../../contracts/common.js';
import { Attestation, Criterion, ReadinessBoard } from '../../contracts/readiness.js';
import { procedureCode } from '../../contracts/procedureCode.js';
import { clientInfo } from '../auth.js';
import { publicOperation } from '../openapiDocument.js';

const tags = ['Sẵn sàng triển khai'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const criterionCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Mã tiêu chí: chữ thường, số, gạch dưới');

export function readinessRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/readiness',
      {
        schema: {
          tags,
          summary: 'Bảng sẵn sàng: mỗi thủ tục tại mỗi tỉnh, sẵn sàng hay chưa và tiêu chí chưa đạt',
          response: {
            200: ReadinessBoard,
            401: ProblemSchema,
            403: ProblemSchema,
          },
        },
      },
      async (request) => {
        requireStaff(request.actor);
        return readinessBoard(ctx);
      },
    );

    app.get(
      '/api/v1/readiness/criteria',
      {
        schema: {
          security: publicOperation,
          tags,
          summary: 'Bộ tiêu chí sẵn sàng',
          response: { 200: z.object({ items: z.array(Criterion) }) },
        },
      },
      async () => ({ items: await readinessCriteria(ctx) }),
    );

    app.put(
      '/api/v1/readiness/criteria/:code',
      {
        schema: {
          tags,
          summary: 'Thêm tiêu chí xác nhận thủ công, bật/tắt một tiêu chí (quản trị hệ thống)',
          params: z.strictObject({ code: criterionCode }),
          body: z.strictObject({
            name: z.string().trim().min(1).max(200).optional(),
            description: z.string().trim().max(1000).nullable().optional(),
            active: z.boolean(),
          }),
          response: { 200: Criterion, ...errors },
        },
      },
      (request) => saveCriterion(ctx, request.actor, request.params.code, request.body, clientInfo(request)),
    );

    const cellParams = z.strictObject({ procedure: procedureCode, province: provinceCode });
    app.get(
      '/api/v1/readiness/:procedure/:province/attestations',
      {
        schema: {
          tags,
          summary: 'Lịch sử xác nhận tiêu chí thủ công của một thủ tục tại một tỉnh',
          params: cellParams,
          response: { 200: z.object({ items: z.array(Attestation) }), ...errors },
        },
      },
      async (request) => ({
        items: await listAttestations(ctx, request.actor, request.params.procedure, request.params.province),
      }),
    );

    app.put(
      '/api/v1/readiness/:procedure/:province/attestations/:criterion',
      {
        schema: {
          tags,
          summary: 'Xác nhận (hoặc bỏ xác nhận) một tiêu chí thủ công, kèm minh chứng (quản trị tỉnh)',
          params: cellParams.extend({ criterion: criterionCode }),
          body: z.strictObject({ met: z.boolean(), evidence: z.string().trim().min(1).max(2000) }),
          response: { 200: Attestation, ...errors },
        },
      },
      (request) =>
        attest(
          ctx,
          request.actor,
          request.params.procedure,
          request.params.province,
          request.params.criterion,
          request.body,
          clientInfo(request),
        ),
    );
  };
}
