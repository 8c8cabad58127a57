import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCatalog } from '../app/catalog/importCatalog.js';
import type { AppContext } from '../app/context.js';
import { seedDir } from '../paths.js';

export const catalogFile = 'catalog.json';

/**
 * Loads the demo procedure catalog through the same import as the API (so it is validated the
 * same way); skipped when the file is the one already loaded. Throws if any record is rejected.
 */
export async function seedCatalog(
  ctx: AppContext,
  file = join(seedDir, catalogFile),
): Promise<{ skipped: boolean; procedures: number }> {
  const text = readFileSync(file, 'utf8');
  const checksum = createHash('sha256').update(text).digest('hex');
  const records = JSON.parse(text) as unknown[];
  const last = await ctx.db
    .selectFrom('seed_run')
    .select('checksum')
    .where('name', '=', 'catalog')
    .executeTakeFirst();
  if (last?.checksum === checksum) return { skipped: true, procedures: records.length };
  const outcomes = await importCatalog(ctx, { kind: 'system' }, records, { ip: null, requestId: 'seed' });
  const rejected = outcomes.filter((o) => o.outcome === 'rejected');
  if (rejected.length > 0) throw new Error(`${catalogFile}: ${JSON.stringify(rejected)}`);
  await ctx.db
    .insertInto('seed_run')
    .values({ name: 'catalog', checksum, rows: records.length })
    .onConflict((oc) => oc.column('name').doUpdateSet({ checksum, rows: records.length }))
    .execute();
  return { skipped: false, procedures: records.length };
}
