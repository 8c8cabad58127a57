import { z } from 'zod';

export const DestinationStats = z.object({
  destination: z.string(),
  waiting: z.number().int(),
  retrying: z.number().int(),
  inFlight: z.number().int(),
  dead: z.number().int(),
  oldestSeconds: z.number().int().nullable(),
  sentLastMinute: z.number().int(),
  sentLast15Minutes: z.number().int(),
});
export type DestinationStats = z.infer<typeof DestinationStats>;

export const ParkedMessage = z.object({
  id: z.string(),
  destination: z.string(),
  kind: z.string(),
  dossierCode: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  blocked: z.number().int(),
});
export type ParkedMessage = z.infer<typeof ParkedMessage>;

export const ReconciliationReport = z.object({
  id: z.string(),
  day: z.string(),
  ranAt: z.string(),
  trigger: z.enum(['schedule', 'operator']),
  ours: z.number().int(),
  theirs: z.number().int(),
  missing: z.array(z.string()),
  duplicates: z.array(z.string()),
  mismatched: z.array(
    z.object({
      code: z.string(),
      ours: z.number().int(),
      theirs: z.number().int(),
      /** The portal's fields that differ from ours (status, due time, payment, documents, results, rating). */
      fields: z.array(z.string()).optional(),
    }),
  ),
  unknown: z.array(z.string()),
  inFlight: z.number().int(),
  byAgency: z.record(
    z.string(),
    z.object({
      ours: z.number().int(),
      theirs: z.number().int(),
      missing: z.number().int(),
      mismatched: z.number().int(),
    }),
  ),
  requeued: z.number().int(),
});
export type ReconciliationReport = z.infer<typeof ReconciliationReport>;

export const Resident = z.object({
  idNumber: z.string(),
  name: z.string(),
  birthDate: z.string(),
  gender: z.enum(['male', 'female']),
  permanentAddress: z.object({ communeCode: z.string(), detail: z.string() }),
});
export type Resident = z.infer<typeof Resident>;
