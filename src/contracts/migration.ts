import { z } from 'zod';

const found = z.enum(['e-id', 'lineage', 'name', 'code', 'id-number', 'username', 'manual', 'unmapped']);
const candidate = z.object({ code: z.string(), name: z.string() });

/**
 * A migration's mapping file (`motcua migrate-in plan`'s output), as the review screen reads and
 * writes it: each source unit to an agency, procedure to the catalog, official to an account.
 */
export const MigrationMapping = z.object({
  province: z.string(),
  units: z.array(
    z.object({
      groupCode: z.string(),
      name: z.string(),
      catalog: z.string(),
      agency: z.string().nullable(),
      found,
      note: z.string().optional(),
      candidates: z.array(candidate),
    }),
  ),
  procedures: z.array(
    z.object({
      source: z.string(),
      name: z.string(),
      procedure: z.string().nullable(),
      found,
      candidates: z.array(candidate),
    }),
  ),
  officials: z.array(
    z.object({
      id: z.string(),
      userName: z.string(),
      fullName: z.string(),
      account: z.string().nullable(),
      found,
      candidates: z.array(candidate),
    }),
  ),
  unmapped: z.object({ units: z.number(), procedures: z.number(), officials: z.number() }),
});
export type MigrationMapping = z.infer<typeof MigrationMapping>;
