import { vi } from '../../domain/i18n/vi.js';
import type {
  ImplementingLevel,
  OnlineLevel,
  VersionContent,
} from '../../domain/catalog/procedureVersion.js';
import type { CatalogRecord } from '../../contracts/catalog.js';
import { inTransaction, type AppContext } from '../context.js';
import { decodeCursor, toPage, type Page, type PageRequest } from '../pagination.js';
import { textMatch } from '../textMatch.js';
import { problem } from '../problems.js';

export interface ProcedureSummary {
  code: string;
  name: string;
  ministry: { code: string; name: string };
  sector: { code: string; name: string };
  example: boolean;
  /** The published version in force, if any. */
  current: {
    version: number;
    levels: ImplementingLevel[];
    onlineLevel: OnlineLevel;
    effectiveFrom: string | null;
  } | null;
}

export interface ProcedureQuery extends PageRequest {
  q?: string | undefined;
  ministry?: string | undefined;
  sector?: string | undefined;
  level?: ImplementingLevel | undefined;
  online?: OnlineLevel | undefined;
}

/** The public catalog: procedures with their published version, searchable without accents. */
export function listProcedures(ctx: AppContext, query: ProcedureQuery): Promise<Page<ProcedureSummary>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  return inTransaction(ctx, async (tx) => {
    const base = tx
      .selectFrom('procedure as p')
      .innerJoin('agency as m', 'm.code', 'p.ministry_code')
      .innerJoin('sector as s', 's.code', 'p.sector_code')
      .leftJoin('procedure_version as v', (j) =>
        j.onRef('v.procedure_code', '=', 'p.code').on('v.status', '=', 'published'),
      )
      .$if(query.ministry !== undefined, (qb) => qb.where('p.ministry_code', '=', query.ministry as string))
      .$if(query.sector !== undefined, (qb) => qb.where('p.sector_code', '=', query.sector as string))
      .$if(query.level !== undefined, (qb) =>
        qb.where((eb) => eb(eb.val(query.level as string), '=', eb.fn.any('v.levels'))),
      )
      .$if(query.online !== undefined, (qb) => qb.where('v.online_level', '=', query.online as string))
      .$call((qb) => {
        const text = textMatch('p.search_name', 'p.code', query.q);
        return text ? qb.where(text) : qb;
      });
    const rows = await base
      .select([
        'p.code',
        'p.name',
        'p.ministry_code',
        'm.name as ministry_name',
        'p.sector_code',
        's.name as sector_name',
        'p.example',
        'v.version_no',
        'v.levels',
        'v.online_level',
        'v.effective_from',
      ])
      .$if(after !== undefined, (qb) => qb.where('p.code', '>', after as string))
      .orderBy('p.code')
      .limit(query.limit + 1)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = rows.map((r): ProcedureSummary => ({
      code: r.code,
      name: r.name,
      ministry: { code: r.ministry_code, name: r.ministry_name },
      sector: { code: r.sector_code, name: r.sector_name },
      example: r.example,
      current:
        r.version_no === null
          ? null
          : {
              version: r.version_no,
              levels: (r.levels ?? []) as ImplementingLevel[],
              onlineLevel: r.online_level as OnlineLevel,
              effectiveFrom: r.effective_from,
            },
    }));
    return toPage(items, query.limit, (p) => p.code, count.n);
  });
}

export interface VersionView {
  version: number;
  status: 'draft' | 'published' | 'superseded';
  decision: { number: string; date: string } | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  content: VersionContent;
}

export interface ProcedureDetail extends Omit<ProcedureSummary, 'current'> {
  versions: VersionView[];
}

/** One procedure with its published and superseded versions (drafts are not public). */
export function getProcedure(ctx: AppContext, code: string): Promise<ProcedureDetail> {
  return inTransaction(ctx, async (tx) => {
    const p = await tx
      .selectFrom('procedure as p')
      .innerJoin('agency as m', 'm.code', 'p.ministry_code')
      .innerJoin('sector as s', 's.code', 'p.sector_code')
      .select([
        'p.code',
        'p.name',
        'p.ministry_code',
        'm.name as ministry_name',
        'p.sector_code',
        's.name as sector_name',
        'p.example',
      ])
      .where('p.code', '=', code)
      .executeTakeFirst();
    if (!p) throw problem('not-found', vi.detail.noProcedure(code));
    const versions = await tx
      .selectFrom('procedure_version')
      .selectAll()
      .where('procedure_code', '=', code)
      .where('status', '!=', 'draft')
      .orderBy('version_no', 'desc')
      .execute();
    return {
      code: p.code,
      name: p.name,
      ministry: { code: p.ministry_code, name: p.ministry_name },
      sector: { code: p.sector_code, name: p.sector_name },
      example: p.example,
      versions: versions.map((v) => ({
        version: v.version_no,
        status: v.status,
        decision: v.decision_no && v.decision_date ? { number: v.decision_no, date: v.decision_date } : null,
        effectiveFrom: v.effective_from,
        effectiveTo: v.effective_to,
        content: v.content as VersionContent,
      })),
    };
  });
}

/** The published catalog in the import format: export, edit, import round-trips. */
export async function exportCatalog(ctx: AppContext): Promise<CatalogRecord[]> {
  const codes = await ctx.db.selectFrom('procedure').select('code').orderBy('code').execute();
  const out: CatalogRecord[] = [];
  for (const { code } of codes) {
    const d = await getProcedure(ctx, code);
    out.push({
      code: d.code,
      name: d.name,
      ministry: d.ministry.code,
      sector: d.sector,
      example: d.example,
      versions: d.versions.map((v) => ({
        ...v.content,
        version: v.version,
        status: v.status,
        decision: v.decision,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo,
      })),
    });
  }
  return out;
}
