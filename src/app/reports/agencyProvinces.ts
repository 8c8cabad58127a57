import { sql } from 'kysely';
import type { Tx } from '../context.js';

/** Each local agency's province, and how many local agencies each province has. */
export interface AgencyProvinces {
  provinceOf: Map<string, string>;
  agencies: Map<string, number>;
}

const cache = new WeakMap<object, { version: string; value: AgencyProvinces }>();

/**
 * The agency → province map (the `agency_province` view), read once per load of the reference
 * data: it changes only when the agencies are loaded again, which the seed run records.
 */
export async function agencyProvinces(tx: Tx, db: object): Promise<AgencyProvinces> {
  const { rows } = await sql<{ version: string | null }>`
    SELECT checksum || applied_at::text AS version FROM seed_run WHERE name = 'reference-data'`.execute(tx);
  const version = rows[0]?.version ?? '';
  const cached = cache.get(db);
  if (cached?.version === version) return cached.value;
  const { rows: all } = await sql<{
    code: string;
    province: string;
  }>`SELECT code, province FROM agency_province`.execute(tx);
  const value: AgencyProvinces = { provinceOf: new Map(), agencies: new Map() };
  for (const r of all) {
    value.provinceOf.set(r.code, r.province);
    value.agencies.set(r.province, (value.agencies.get(r.province) ?? 0) + 1);
  }
  cache.set(db, { version, value });
  return value;
}

/**
 * The keys of the sums that cover exactly `codes`: '*PP' for each province whose every local agency
 * is among them, and the codes of the others.
 */
export function sumKeys(geo: AgencyProvinces, codes: readonly string[]): string[] {
  const inScope = new Map<string, number>();
  for (const c of new Set(codes)) {
    const p = geo.provinceOf.get(c);
    if (p) inScope.set(p, (inScope.get(p) ?? 0) + 1);
  }
  const covered = new Set([...inScope].filter(([p, n]) => geo.agencies.get(p) === n).map(([p]) => p));
  return [
    ...[...covered].map((p) => `*${p}`),
    ...codes.filter((c) => !covered.has(geo.provinceOf.get(c) ?? '')),
  ];
}
