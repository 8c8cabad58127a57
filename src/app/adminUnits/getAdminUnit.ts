import { vietnamDate } from '../../domain/calendar/localDate.js';
import { vi } from '../../domain/i18n/vi.js';
import { inForceOn } from '../../store/inForceOn.js';
import { inTransaction, type AppContext } from '../context.js';
import { adminUnitColumns, toAdminUnitView, type AdminUnitView } from './adminUnitView.js';
import { problem } from '../problems.js';

export interface AdminUnitDetail extends AdminUnitView {
  parent: { code: string; name: string } | null;
  /** Communes of a province in force on the same day; null for a commune. */
  communeCount: number | null;
  /** The earlier units this one was formed from (lineage of the reorganization). */
  lineage: { code: string; name: string; mergeType: 'full' | 'partial' }[];
}

/** One unit as in force on a day (default today), with its parent and lineage; throws if none. */
export function getAdminUnit(ctx: AppContext, code: string, on?: string): Promise<AdminUnitDetail> {
  const day = on ?? vietnamDate(ctx.now());
  return inTransaction(ctx, async (tx) => {
    const unit = await tx
      .selectFrom('admin_unit')
      .select(adminUnitColumns)
      .where('code', '=', code)
      .where(inForceOn('admin_unit', day))
      .executeTakeFirst();
    if (!unit) throw problem('not-found', vi.detail.adminUnitNotFound(code));

    const parent = unit.parent_code
      ? await tx
          .selectFrom('admin_unit')
          .select(['code', 'name'])
          .where('code', '=', unit.parent_code)
          .where(inForceOn('admin_unit', day))
          .executeTakeFirst()
      : undefined;

    const communeCount =
      unit.level === 'province'
        ? (
            await tx
              .selectFrom('admin_unit')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('parent_code', '=', unit.code)
              .where(inForceOn('admin_unit', day))
              .executeTakeFirstOrThrow()
          ).n
        : null;

    const lineage = await tx
      .selectFrom('admin_unit_lineage')
      .select(['predecessor_code', 'predecessor_name', 'merge_type'])
      .where('unit_code', '=', unit.code)
      .where('unit_valid_from', '=', unit.valid_from)
      .orderBy('predecessor_code')
      .execute();

    return {
      ...toAdminUnitView(unit),
      parent: parent ?? null,
      communeCount,
      lineage: lineage.map((l) => ({
        code: l.predecessor_code,
        name: l.predecessor_name,
        mergeType: l.merge_type,
      })),
    };
  });
}
