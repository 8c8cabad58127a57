import { z } from 'zod';

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

export const IndicatorReport = z.object({
  dossiers: z.number().int(),
  indicators: Indicators,
  /** 'sums': the running sums (whole months, or up to today); 'recount': recounted from the log. */
  source: z.enum(['sums', 'recount']),
});
export type IndicatorReport = z.infer<typeof IndicatorReport>;

export const AgencyIndicatorRow = z.object({
  agency: z.string(),
  agencyName: z.string(),
  dossiers: z.number().int(),
  indicators: Indicators,
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
