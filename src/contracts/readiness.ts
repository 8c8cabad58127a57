import { z } from 'zod';

/** A readiness criterion of the configurable set. */
export const Criterion = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(['builtin', 'manual']),
  active: z.boolean(),
});
export const Attestation = z.object({
  criterionCode: z.string(),
  revision: z.number().int(),
  met: z.boolean(),
  evidence: z.string(),
  attestedAt: z.string(),
  attestedBy: z.string().nullable(),
});
export const ReadinessBoard = z.object({
  criteria: z.array(Criterion),
  provinces: z.array(z.object({ code: z.string(), name: z.string() })),
  rows: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      cells: z.record(z.string(), z.object({ ready: z.boolean(), failing: z.array(z.string()) })),
    }),
  ),
});
export type Criterion = z.infer<typeof Criterion>;
export type Attestation = z.infer<typeof Attestation>;
export type ReadinessBoard = z.infer<typeof ReadinessBoard>;
