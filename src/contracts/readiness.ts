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
  /** By province: agencies where a bound step's role is held by nobody today (dossiers would be stranded). */
  strandedAgencies: z.record(z.string(), z.number().int()),
  /** Switches to central reception ahead (with their gaps on that day), and those decided over the gate. */
  switches: z.array(
    z.object({
      procedureCode: z.string(),
      procedureName: z.string(),
      provinceCode: z.string(),
      effectiveFrom: z.string(),
      upcoming: z.boolean(),
      gaps: z.array(z.object({ agencyCode: z.string().nullable(), message: z.string() })),
      override: z.object({ reason: z.string(), by: z.string().nullable() }).nullable(),
    }),
  ),
});
export type Criterion = z.infer<typeof Criterion>;
export type Attestation = z.infer<typeof Attestation>;
export type ReadinessBoard = z.infer<typeof ReadinessBoard>;
