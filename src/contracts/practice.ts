import { z } from 'zod';
import { maxPerStep } from '../domain/practice/practice.js';

const AgencyCode = z.string().trim().min(1).max(60);
const ProcedureCode = z.string().trim().min(1).max(40);

export const PracticeScopeBody = z.strictObject({ agencyCode: AgencyCode, procedureCode: ProcedureCode });

export const PracticeScopeParams = z.object({ agency: AgencyCode, procedure: ProcedureCode });

export const PracticeAgencyParams = z.object({ agency: AgencyCode });

export const PracticeScopeView = z.object({
  agency: z.object({ code: z.string(), name: z.string() }),
  procedure: z.object({ code: z.string(), name: z.string() }),
  openedAt: z.string(),
  openedBy: z.string().nullable(),
  /** Whether the caller keeps this agency's practice (open, close, wipe, generate). */
  canManage: z.boolean(),
});
export type PracticeScopeView = z.infer<typeof PracticeScopeView>;

export const PracticeList = z.object({
  scopes: z.array(PracticeScopeView),
  /** Agencies with practice open, with how many practice dossiers each holds. */
  agencies: z.array(z.object({ code: z.string(), name: z.string(), dossiers: z.number().int() })),
});

export const GenerateBody = z.strictObject({
  procedureCode: ProcedureCode,
  perStep: z.number().int().min(1).max(maxPerStep),
});

export const GenerateResult = z.object({
  steps: z.array(
    z.object({ step: z.object({ code: z.string(), name: z.string() }), codes: z.array(z.string()) }),
  ),
});
