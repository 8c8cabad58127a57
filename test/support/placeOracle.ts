import type { Kysely } from 'kysely';
import type { Schema } from '../../src/store/schema.js';

interface AgencyRow {
  code: string;
  parent: string | null;
  kind: string;
  unit: string;
}

const localKinds = [
  'province_committee',
  'department',
  'province_service_center',
  'commune_committee',
  'commune_service_center',
];

/**
 * The facts of the map that scope oracles reason over, read as data (agencies with their parents
 * and kinds, units with theirs), and the relations DOMAIN.md §2–3 names, written here apart from the
 * SQL they check: an agency under another, an agency in an administrative area, a central body.
 */
export async function placeOracle(db: Kysely<Schema>) {
  const agencies = new Map(
    (await db.selectFrom('agency').select(['code', 'parent_code', 'kind', 'admin_unit_code']).execute()).map(
      (a) => [
        a.code,
        { code: a.code, parent: a.parent_code, kind: a.kind, unit: a.admin_unit_code } satisfies AgencyRow,
      ],
    ),
  );
  const unitParent = new Map(
    (await db.selectFrom('admin_unit').select(['code', 'parent_code']).execute()).map((u) => [
      u.code,
      u.parent_code,
    ]),
  );
  const agency = (code: string) => agencies.get(code) as AgencyRow;
  /** `target` is `top` or lies below it in the agency tree. */
  const under = (target: string, top: string) => {
    for (let c: string | null = target; c !== null; c = agencies.get(c)?.parent ?? null)
      if (c === top) return true;
    return false;
  };
  /** `target` is a local-government agency of `at`'s commune, or of its province and communes. */
  const inArea = (target: string, at: string) => {
    const t = agency(target);
    const g = agency(at);
    return localKinds.includes(t.kind) && (t.unit === g.unit || unitParent.get(t.unit) === g.unit);
  };
  /** A ministry or one of its units. */
  const central = (code: string) => ['ministry', 'ministry_unit'].includes(agencies.get(code)?.kind ?? '');
  /** The ministry an agency of a ministry belongs to. */
  const ministryOf = (code: string) =>
    agency(code).kind === 'ministry' ? code : (agency(code).parent ?? '');
  return { agencies, unitParent, agency, under, inArea, central, ministryOf };
}

export type PlaceOracle = Awaited<ReturnType<typeof placeOracle>>;
