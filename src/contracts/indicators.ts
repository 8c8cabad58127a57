import { isoDay } from './common.js';
import { z } from 'zod';
import { rateNames, type RateName } from '../domain/reports/scoring.js';

const rate = z.number().min(0).max(1).nullable();

const Indicators = z.object({
  received: z.object({
    total: z.number().int(),
    byChannel: z.object({ counter: z.number().int(), online: z.number().int(), postal: z.number().int() }),
  }),
  carriedOver: z.number().int(),
  finished: z.object({
    total: z.number().int(),
    beforeDue: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
  }),
  inProgress: z.object({ total: z.number().int(), onTime: z.number().int(), late: z.number().int() }),
  paused: z.number().int(),
  rates: z.object({
    onTime: rate,
    online: rate,
    digitization: rate,
    reuse: rate,
    resultDigitization: rate,
    onlinePayment: rate,
    satisfaction: rate,
  }),
});

const rateName = z.enum(rateNames as [RateName, ...RateName[]]);

/** The 100-point score of Decision 766 (the version in force at the period's end). */
export const Score = z.object({
  version: z.number().int(),
  points: z.number(),
  measuredMax: z.number(),
  groups: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      max: z.number(),
      points: z.number().nullable(),
      measuredMax: z.number(),
      measured: z.boolean(),
    }),
  ),
});

export const ScoringGroup = z.strictObject({
  code: z.string().regex(/^[a-z_]{2,40}$/),
  name: z.string().trim().min(1).max(200),
  points: z.number().min(0).max(100),
  criteria: z
    .array(
      z.strictObject({
        rate: rateName,
        points: z.number().min(0).max(100),
        curve: z.array(z.tuple([z.number(), z.number()])).max(20),
      }),
    )
    .max(10),
});
export const ScoringVersion = z.object({
  version: z.number().int(),
  effectiveFrom: z.string(),
  groups: z.array(ScoringGroup),
  note: z.string().optional(),
});
export const NewScoring = z.strictObject({
  effectiveFrom: isoDay,
  groups: z.array(ScoringGroup).min(1).max(10),
  note: z.string().trim().max(500).default(''),
});

export const IndicatorReport = z.object({
  dossiers: z.number().int(),
  indicators: Indicators,
  score: Score,
  /** 'sums': the running sums (whole months, or up to today); 'recount': recounted from the log. */
  source: z.enum(['sums', 'recount']),
  /** The ministry whose procedures were asked for (every province within the viewer's reach). */
  ministry: z.object({ code: z.string(), name: z.string() }).nullable(),
});
export type IndicatorReport = z.infer<typeof IndicatorReport>;

export const AgencyIndicatorRow = z.object({
  agency: z.string(),
  agencyName: z.string(),
  dossiers: z.number().int(),
  indicators: Indicators,
  /** Dossiers it received in the period for another, competent agency (phi địa giới): counted there. */
  receivedForOthers: z.number().int(),
});
export type AgencyIndicatorRow = z.infer<typeof AgencyIndicatorRow>;

export const ProvinceIndicatorRow = z.object({
  province: z.string(),
  provinceName: z.string(),
  rank: z.number().int(),
  dossiers: z.number().int(),
  indicators: Indicators,
});
export type ProvinceIndicatorRow = z.infer<typeof ProvinceIndicatorRow>;

export const CompletionTable = z
  .object({
    at: z.string(),
    items: z.array(
      z.object({
        ministry: z.object({ code: z.string(), name: z.string() }),
        required: z.number().int(),
        deployed: z.number().int(),
        started: z.number().int(),
        percent: z.number().nullable(),
        flagged: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'CompletionTable' });

/** One ministry's local procedures and the provinces each is (not yet) central in. */
export const MinistryCompletion = z
  .object({
    at: z.string(),
    ministry: z.object({ code: z.string(), name: z.string() }),
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        central: z.number().int(),
        provinces: z.number().int(),
        missing: z.array(z.object({ code: z.string(), name: z.string() })),
      }),
    ),
  })
  .meta({ id: 'MinistryCompletion' });
