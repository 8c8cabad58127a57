import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { generatePractice } from '../../app/practice/generatePractice.js';
import { closePractice, listPractice, openPractice } from '../../app/practice/practiceScopes.js';
import { wipePractice } from '../../app/practice/wipePractice.js';
import { ProblemSchema, writeProblems } from '../../contracts/common.js';
import {
  GenerateBody,
  GenerateResult,
  PracticeAgencyParams,
  PracticeList,
  PracticeScopeBody,
  PracticeScopeParams,
} from '../../contracts/practice.js';
import { clientInfo } from '../auth.js';

const tags = ['Thử nghiệm, đào tạo'];

/** Practice mode: where it is open, opened and closed, its dossiers generated for a class and wiped. */
export function practiceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/practice',
      {
        schema: {
          tags,
          summary: 'Nơi đang mở thử nghiệm mà bạn quản trị hoặc làm việc, kèm số hồ sơ thử nghiệm',
          response: { 200: PracticeList, 401: ProblemSchema },
        },
      },
      (request) => listPractice(ctx, request.actor),
    );

    app.post(
      '/api/v1/practice',
      {
        schema: {
          tags,
          summary: 'Mở thử nghiệm một thủ tục tại một cơ quan (quản trị địa bàn)',
          body: PracticeScopeBody,
          response: { 200: z.object({ opened: z.boolean() }), ...writeProblems },
        },
      },
      (request) => openPractice(ctx, request.actor, request.body, clientInfo(request)),
    );

    app.delete(
      '/api/v1/practice/:agency/:procedure',
      {
        schema: {
          tags,
          summary: 'Đóng thử nghiệm một thủ tục tại một cơ quan (hồ sơ thử nghiệm còn đến khi xóa)',
          params: PracticeScopeParams,
          response: { 200: z.object({ closed: z.boolean() }), ...writeProblems },
        },
      },
      (request) =>
        closePractice(
          ctx,
          request.actor,
          { agencyCode: request.params.agency, procedureCode: request.params.procedure },
          clientInfo(request),
        ),
    );

    app.post(
      '/api/v1/practice/:agency/generate',
      {
        schema: {
          tags,
          summary: 'Tạo bộ hồ sơ thử nghiệm nằm ở từng bước của quy trình, cho một lớp đào tạo',
          params: PracticeAgencyParams,
          body: GenerateBody,
          response: { 200: GenerateResult, ...writeProblems },
        },
      },
      (request) =>
        generatePractice(ctx, request.actor, request.params.agency, request.body, clientInfo(request)),
    );

    app.post(
      '/api/v1/practice/:agency/wipe',
      {
        schema: {
          tags,
          summary: 'Xóa mọi hồ sơ thử nghiệm tiếp nhận tại một cơ quan',
          params: PracticeAgencyParams,
          response: { 200: z.object({ wiped: z.number().int() }), ...writeProblems },
        },
      },
      (request) => wipePractice(ctx, request.actor, request.params.agency, clientInfo(request)),
    );
  };
}
