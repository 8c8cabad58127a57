import { vietnamDate } from '../../domain/calendar/localDate.js';
import { inForceOn } from '../../store/inForceOn.js';
import { inTransaction, type AppContext } from '../context.js';
import { adminUnitColumns, toAdminUnitView, type AdminUnitView } from './adminUnitView.js';

/** Resolves many codes at once (e.g. the addresses on a batch of dossiers); reports the unknown ones. */
export function lookupAdminUnits(
  ctx: AppContext,
  codes: readonly string[],
  on?: string,
): Promise<{ items: AdminUnitView[]; missing: string[] }> {
  const day = on ?? vietnamDate(ctx.now());
  const wanted = [...new Set(codes)];
  return inTransaction(ctx, async (tx) => {
    const rows = await tx
      .selectFrom('admin_unit')
      .select(adminUnitColumns)
      .where('code', 'in', wanted)
      .where(inForceOn('admin_unit', day))
      .orderBy('code')
      .execute();
    const found = new Set(rows.map((r) => r.code));
    return {
      items: rows.map(toAdminUnitView),
      missing: wanted.filter((c) => !found.has(c)),
    };
  });
}
