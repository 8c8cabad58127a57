import { z } from 'zod';

export const ResultView = z.object({
  id: z.string(),
  status: z.enum(['drafted', 'sent', 'signed']),
  title: z.string(),
  number: z.string().nullable(),
  issuedOn: z.string().nullable(),
  signer: z.string().nullable(),
  issuingAgency: z.string(),
  sha256: z.string().nullable(),
  createdAt: z.string(),
});
export type ResultView = z.infer<typeof ResultView>;
