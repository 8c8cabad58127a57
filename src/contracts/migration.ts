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
  steps: z
    .array(
      z.object({
        procedure: z.string(),
        node: z.string(),
        name: z.string(),
        step: z.string().nullable(),
        found,
        note: z.string().optional(),
        candidates: z.array(candidate),
      }),
    )
    .optional(),
  unmapped: z.object({
    units: z.number(),
    procedures: z.number(),
    officials: z.number(),
    steps: z.number().optional(),
  }),
});
export type MigrationMapping = z.infer<typeof MigrationMapping>;

const count = z.number().int();

/** A `migrate-in run` as the screen follows it: where it is, and its reconciliation once done. */
export const MigrationRunView = z
  .object({
    id: z.string(),
    province: z.string(),
    provinceName: z.string(),
    export: z.string().describe('Thư mục bản xuất (tên thư mục, không kèm đường dẫn máy chủ)'),
    state: z.enum(['staging', 'importing', 'done', 'rolled_back']),
    startedAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
    progress: z.object({
      sourceDossiers: count.nullable().describe('Số dòng hồ sơ trong bản xuất'),
      dossierLine: count.describe('Dòng HoSos.csv đã nhập tới (đã ghi chắc chắn)'),
      dossierRows: count.describe('Số hồ sơ của bản xuất đã đọc tới (một hồ sơ có thể chiếm nhiều dòng)'),
      stagedLine: count.describe('Dòng quá trình xử lý đã nạp tới'),
      documentsLine: count,
      imported: count,
      updated: count,
      unchanged: count,
      history: count,
      inFlight: count,
      documents: count,
      results: count,
    }),
    reconciliation: z
      .object({
        source: z.object({ dossiers: count, history: count }),
        imported: z.object({
          dossiers: count,
          history: count,
          documents: count,
          results: count,
          inFlight: count,
          orphans: count,
        }),
        staysProvincial: count,
        refused: z.array(
          z.object({
            file: z.string(),
            row: count,
            key: z.string(),
            reason: z.string(),
            reasonText: z.string(),
          }),
        ),
        skipped: z.array(z.object({ reason: z.string(), count })),
        byStatus: z.array(z.object({ status: z.string(), source: count, valid: count, imported: count })),
        missingFiles: z.array(z.string()),
        defects: z.array(
          z.object({
            what: z.string(),
            source: count,
            imported: count,
            explained: count,
            because: z.array(z.string()),
          }),
        ),
      })
      .nullable()
      .describe('Đối soát của lần chạy (khi đã xong)'),
  })
  .meta({ id: 'MigrationRunView' });
export type MigrationRunView = z.infer<typeof MigrationRunView>;
