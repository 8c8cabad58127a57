import { z } from 'zod';
import { roles } from '../domain/access/roles.js';
import { agencyCode } from './agencies.js';

/** Every steering card narrows the same way: the viewer's reach, then a province or an agency, and the procedures of a ministry. */
export const SteeringQuery = z.strictObject({
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  agency: agencyCode.optional(),
  /** The procedures of one ministry (in every province the viewer may see them). */
  ministry: agencyCode.optional(),
});

export const TodayFigures = z.object({
  day: z.string(),
  received: z.object({
    total: z.number().int(),
    counter: z.number().int(),
    online: z.number().int(),
    postal: z.number().int(),
  }),
  awaitingReceipt: z.number().int(),
  finished: z.object({ total: z.number().int(), late: z.number().int() }),
  returned: z.number().int(),
});
export type TodayFigures = z.infer<typeof TodayFigures>;

const DeadlineCounts = z.object({
  overdue: z.number().int(),
  dueToday: z.number().int(),
  dueNext: z.number().int(),
});
export const DeadlineWatch = z.object({
  today: z.string(),
  nextWorkingDay: z.string(),
  group: z.enum(['agency', 'province']),
  total: DeadlineCounts,
  rows: z.array(DeadlineCounts.extend({ code: z.string(), name: z.string() })),
});
export type DeadlineWatch = z.infer<typeof DeadlineWatch>;

export const TrendMonth = z.object({
  month: z.string(),
  received: z.number().int(),
  finished: z.number().int(),
  finishedLate: z.number().int(),
  onTimeRate: z.number().nullable(),
  onlineRate: z.number().nullable(),
});
export type TrendMonth = z.infer<typeof TrendMonth>;

export const DeploymentGaps = z.object({
  staffing: z.array(
    z.object({
      agency: z.object({ code: z.string(), name: z.string() }),
      missing: z.array(z.enum(roles)),
      procedures: z.number().int(),
      open: z.number().int(),
    }),
  ),
  readiness: z.array(
    z.object({
      province: z.object({ code: z.string(), name: z.string() }),
      ready: z.number().int(),
      notReady: z.number().int(),
      failing: z.array(z.object({ criterion: z.string(), name: z.string(), count: z.number().int() })),
    }),
  ),
});
export type DeploymentGaps = z.infer<typeof DeploymentGaps>;

export const BacklogRow = z.object({
  destination: z.string(),
  waiting: z.number().int(),
  retrying: z.number().int(),
  dead: z.number().int(),
  oldest: z.string().nullable(),
});
export type BacklogRow = z.infer<typeof BacklogRow>;
