import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { deadlineWatch } from '../../app/reports/deadlineWatch.js';
import { deploymentGaps } from '../../app/reports/deploymentGaps.js';
import { indicatorTrend } from '../../app/reports/indicatorTrend.js';
import { integrationBacklog } from '../../app/reports/integrationBacklog.js';
import { steeringToday } from '../../app/reports/steeringToday.js';
import { writeProblems } from '../../contracts/common.js';
import {
  BacklogRow,
  DeadlineWatch,
  DeploymentGaps,
  SteeringQuery,
  TodayFigures,
  TrendMonth,
} from '../../contracts/steering.js';

const tags = ['Điều hành'];

/** The steering dashboard's cards (điều hành), each scoped by the viewer's reach. */
export function steeringRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/steering/today',
      {
        schema: {
          tags,
          summary:
            'Hôm nay: hồ sơ tiếp nhận theo kênh, chờ tiếp nhận, đã giải quyết (quá hạn), đã trả kết quả',
          querystring: SteeringQuery,
          response: { 200: TodayFigures, ...writeProblems },
        },
      },
      async (request) => steeringToday(ctx, request.actor, request.query),
    );

    app.get(
      '/api/v1/steering/deadlines',
      {
        schema: {
          tags,
          summary:
            'Hồ sơ đang giải quyết đã quá hạn, đến hạn hôm nay, đến hạn ngày làm việc tiếp theo: theo cơ quan tiếp nhận (theo tỉnh khi phạm vi gồm nhiều tỉnh)',
          querystring: SteeringQuery,
          response: { 200: DeadlineWatch, ...writeProblems },
        },
      },
      async (request) => deadlineWatch(ctx, request.actor, request.query),
    );

    app.get(
      '/api/v1/steering/trend',
      {
        schema: {
          tags,
          summary: 'Tiếp nhận, giải quyết và tỷ lệ đúng hạn của từng tháng (12 tháng gần nhất)',
          querystring: SteeringQuery.extend({ months: z.coerce.number().int().min(2).max(36).optional() }),
          response: { 200: z.object({ items: z.array(TrendMonth) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await indicatorTrend(ctx, request.actor, request.query) }),
    );

    app.get(
      '/api/v1/steering/gaps',
      {
        schema: {
          tags,
          summary:
            'Cơ quan được quy trình giao việc nhưng không có tài khoản giữ vai trò cần (một cửa, chuyên viên, lãnh đạo); thủ tục chưa sẵn sàng theo tỉnh',
          querystring: SteeringQuery,
          response: { 200: DeploymentGaps, ...writeProblems },
        },
      },
      async (request) => deploymentGaps(ctx, request.actor, request.query),
    );

    app.get(
      '/api/v1/steering/integration-backlog',
      {
        schema: {
          tags,
          summary: 'Thông điệp về hồ sơ trong phạm vi chưa gửi được tới hệ thống ngoài, theo nơi nhận',
          querystring: SteeringQuery,
          response: { 200: z.object({ items: z.array(BacklogRow) }), ...writeProblems },
        },
      },
      async (request) => ({ items: await integrationBacklog(ctx, request.actor, request.query) }),
    );
  };
}
