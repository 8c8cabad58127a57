import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { AgencyCatalog } from '../domain/agencies/agencyPlan.js';
import {
  adminUnitKinds,
  adminUnitLevels,
  checkAdminUnit,
  type AdminUnit,
} from '../domain/places/adminUnit.js';
import { seedDir } from '../paths.js';

export const unitsFile = 'admin-units-2025-07-01.csv';
export const lineageFile = 'admin-units-lineage-2025-07-01.csv';
export const agenciesFile = 'agencies.json';
/** The day the 2025 map took effect (Resolution 202/2025/QH15 and the commune resolutions). */
export const mapValidFrom = '2025-07-01';
/** Bump when the way seed files become rows changes (e.g. src/domain/agencies/agencyPlan.ts). */
const seedFormatVersion = 1;

export interface Lineage {
  unitCode: string;
  predecessorCode: string;
  predecessorName: string;
  mergeType: 'full' | 'partial';
}

export interface SeedFiles {
  units: AdminUnit[];
  lineage: Lineage[];
  catalog: AgencyCatalog;
  /** Digest of every input, so an unchanged seed is skipped at start-up. */
  checksum: string;
}

const UnitRow = z.object({
  code: z.string(),
  name: z.string().min(1),
  level: z.enum(adminUnitLevels),
  kind: z.enum(adminUnitKinds),
  parent_code: z.string(),
});
const LineageRow = z.object({
  new_code: z.string(),
  level: z.enum(adminUnitLevels),
  old_code: z.string().min(1),
  old_name: z.string().min(1),
  merge_type: z.enum(['full', 'partial']),
});
const Catalog = z.object({
  ministriesValidFrom: z.iso.date(),
  localValidFrom: z.iso.date(),
  ministries: z.array(
    z.object({ l1: z.string().regex(/^G\d{2}$/), name: z.string(), units: z.array(z.string()) }),
  ),
  departments: z.array(z.string()),
  verticals: z.array(z.object({ ministry: z.string(), unit: z.string().optional(), prefix: z.string() })),
  demoProvinces: z.array(z.string()),
});

function csvRows<T>(file: string, text: string, schema: z.ZodType<T>): T[] {
  const records: unknown[] = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  return records.map((r, i) => {
    const parsed = schema.safeParse(r);
    if (!parsed.success) throw new Error(`${file} line ${i + 2}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

const seedTexts = (dir: string) =>
  [unitsFile, lineageFile, agenciesFile].map((f) => readFileSync(join(dir, f), 'utf8')) as [
    string,
    string,
    string,
  ];

const checksumOf = (texts: readonly string[]) =>
  createHash('sha256')
    .update(`format ${seedFormatVersion}\u0000` + texts.join('\u0000'))
    .digest('hex');

/** The digest `readSeedFiles` gives, without parsing the files (a restart only compares it). */
export function seedFilesChecksum(dir: string = seedDir): string {
  return checksumOf(seedTexts(dir));
}

/** Reads and checks the reference data in seed/; throws naming the file and line of a bad row. */
export function readSeedFiles(dir: string = seedDir): SeedFiles {
  const texts = seedTexts(dir);
  const [unitsText, lineageText, catalogText] = texts;

  const units = csvRows(unitsFile, unitsText, UnitRow).map((r, i): AdminUnit => {
    const unit: AdminUnit = {
      code: r.code,
      name: r.name,
      level: r.level,
      kind: r.kind,
      parentCode: r.parent_code === '' ? null : r.parent_code,
      validFrom: mapValidFrom,
      validTo: null,
    };
    const problems = checkAdminUnit(unit);
    if (problems.length > 0) throw new Error(`${unitsFile} line ${i + 2}: ${JSON.stringify(problems)}`);
    return unit;
  });
  const known = new Set(units.map((u) => u.code));
  units.forEach((u, i) => {
    if (u.parentCode !== null && !known.has(u.parentCode)) {
      throw new Error(`${unitsFile} line ${i + 2}: unknown parent ${u.parentCode}`);
    }
  });

  const lineage = csvRows(lineageFile, lineageText, LineageRow).map((r, i): Lineage => {
    if (!known.has(r.new_code)) throw new Error(`${lineageFile} line ${i + 2}: unknown unit ${r.new_code}`);
    return {
      unitCode: r.new_code,
      predecessorCode: r.old_code,
      predecessorName: r.old_name,
      mergeType: r.merge_type,
    };
  });

  const catalog = Catalog.parse(JSON.parse(catalogText));
  return { units, lineage, catalog, checksum: checksumOf(texts) };
}
