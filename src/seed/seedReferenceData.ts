import { sql, type Kysely } from 'kysely';
import { planAgencies } from '../domain/agencies/agencyPlan.js';
import { searchKey } from '../domain/text/searchKey.js';
import type { Schema } from '../store/schema.js';
import { mapValidFrom, readSeedFiles, seedFilesChecksum, type SeedFiles } from './readSeedFiles.js';

/** Skipped (the files are the ones loaded), or what was loaded. */
export type SeedResult =
  { skipped: true } | { skipped: false; units: number; lineage: number; agencies: number };

const seedName = 'reference-data';
/** Rows per statement: bounded batches keep the embedded database's memory (which never shrinks) low. */
const batchSize = 1000;

function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/**
 * Loads the administrative map, its lineage and the demo agencies, as one transaction of upserts:
 * running it twice changes nothing the second time. Unless forced, it is skipped when the seed
 * files are the ones already loaded, which keeps start-up fast.
 */
export async function seedReferenceData(
  db: Kysely<Schema>,
  opts: { force?: boolean; files?: SeedFiles } = {},
): Promise<SeedResult> {
  // The files are parsed only when they are to be loaded: a restart compares their digest.
  const checksum = opts.files?.checksum ?? seedFilesChecksum();
  return db.transaction().execute(async (tx): Promise<SeedResult> => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('motcua.seed'))`.execute(tx);
    const last = await tx
      .selectFrom('seed_run')
      .select('checksum')
      .where('name', '=', seedName)
      .executeTakeFirst();
    if (!opts.force && last?.checksum === checksum) return { skipped: true };
    const files = opts.files ?? readSeedFiles();
    const agencies = planAgencies(files.units, files.catalog);
    const counts = { units: files.units.length, lineage: files.lineage.length, agencies: agencies.length };

    const unitRows = files.units.map((u) => ({
      code: u.code,
      valid_from: u.validFrom,
      valid_to: u.validTo,
      name: u.name,
      search_name: searchKey(u.name),
      level: u.level,
      kind: u.kind,
      parent_code: u.parentCode,
    }));
    for (const batch of chunks(unitRows, batchSize)) {
      await sql`
        INSERT INTO admin_unit (code, valid_from, valid_to, name, search_name, level, kind, parent_code)
        SELECT code, valid_from, valid_to, name, search_name, level, kind, parent_code
        FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(
          code text, valid_from date, valid_to date, name text, search_name text,
          level text, kind text, parent_code text)
        ON CONFLICT (code, valid_from) DO UPDATE SET
          valid_to = EXCLUDED.valid_to, name = EXCLUDED.name, search_name = EXCLUDED.search_name,
          level = EXCLUDED.level, kind = EXCLUDED.kind, parent_code = EXCLUDED.parent_code
        WHERE (admin_unit.valid_to, admin_unit.name, admin_unit.level, admin_unit.kind, admin_unit.parent_code)
          IS DISTINCT FROM (EXCLUDED.valid_to, EXCLUDED.name, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.parent_code)
      `.execute(tx);
    }

    const lineageRows = files.lineage.map((l) => ({
      unit_code: l.unitCode,
      unit_valid_from: mapValidFrom,
      predecessor_code: l.predecessorCode,
      predecessor_name: l.predecessorName,
      merge_type: l.mergeType,
    }));
    for (const batch of chunks(lineageRows, batchSize)) {
      await sql`
        INSERT INTO admin_unit_lineage (unit_code, unit_valid_from, predecessor_code, predecessor_name, merge_type)
        SELECT unit_code, unit_valid_from, predecessor_code, predecessor_name, merge_type
        FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(
          unit_code text, unit_valid_from date, predecessor_code text, predecessor_name text, merge_type text)
        ON CONFLICT (unit_code, unit_valid_from, predecessor_code) DO UPDATE SET
          predecessor_name = EXCLUDED.predecessor_name, merge_type = EXCLUDED.merge_type
        WHERE (admin_unit_lineage.predecessor_name, admin_unit_lineage.merge_type)
          IS DISTINCT FROM (EXCLUDED.predecessor_name, EXCLUDED.merge_type)
      `.execute(tx);
    }

    const agencyRows = agencies.map((a) => ({
      code: a.code,
      name: a.name,
      search_name: searchKey(a.name),
      kind: a.kind,
      parent_code: a.parentCode,
      admin_unit_code: a.adminUnitCode,
      valid_from: a.validFrom,
      valid_to: a.validTo,
    }));
    for (const batch of chunks(agencyRows, batchSize)) {
      await sql`
        INSERT INTO agency (code, name, search_name, kind, parent_code, admin_unit_code, valid_from, valid_to)
        SELECT code, name, search_name, kind, parent_code, admin_unit_code, valid_from, valid_to
        FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(
          code text, name text, search_name text, kind text, parent_code text,
          admin_unit_code text, valid_from date, valid_to date)
        ON CONFLICT (code) DO UPDATE SET
          name = EXCLUDED.name, search_name = EXCLUDED.search_name, kind = EXCLUDED.kind,
          parent_code = EXCLUDED.parent_code, admin_unit_code = EXCLUDED.admin_unit_code,
          valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to
        WHERE (agency.name, agency.kind, agency.parent_code, agency.admin_unit_code, agency.valid_from, agency.valid_to)
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.parent_code, EXCLUDED.admin_unit_code,
            EXCLUDED.valid_from, EXCLUDED.valid_to)
      `.execute(tx);
    }

    // Each seeded agency's history starts at revision 0 (the register's later changes add to it).
    await sql`
      INSERT INTO agency_revision (code, revision, change, name, kind, parent_code, admin_unit_code,
                                   valid_from, valid_to, effective_on, changed_at, source)
      SELECT code, 0, 'created', name, kind, parent_code, admin_unit_code, valid_from, valid_to,
             valid_from, now(), 'seed'
      FROM agency WHERE revision = 0
      ON CONFLICT (code, revision) DO NOTHING`.execute(tx);

    // The indicator sums roll agencies up to their province through this.
    await sql`REFRESH MATERIALIZED VIEW agency_province`.execute(tx);

    const rows = counts.units + counts.lineage + counts.agencies;
    await tx
      .insertInto('seed_run')
      .values({ name: seedName, checksum: files.checksum, rows })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({ checksum: files.checksum, rows, applied_at: sql`now()` }),
      )
      .execute();
    return { skipped: false, ...counts };
  });
}
