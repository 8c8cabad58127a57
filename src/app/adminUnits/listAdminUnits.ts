import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import type { AdminUnitLevel } from '../../domain/places/adminUnit.js';
import { inForceOn } from '../../store/inForceOn.js';
import type { Schema } from '../../store/schema.js';
import { inTransaction, type AppContext } from '../context.js';
import { textMatch } from '../textMatch.js';
import { decodeCursor, toPage, type Page, type PageRequest } from '../pagination.js';
import { adminUnitColumns, toAdminUnitView, type AdminUnitView } from './adminUnitView.js';

export interface AdminUnitQuery extends PageRequest {
  level?: AdminUnitLevel | undefined;
  parent?: string | undefined;
  /** Name or code; accents and case are ignored. */
  q?: string | undefined;
  /** The day whose map to show (default: today in Vietnam). */
  on?: string | undefined;
}

type Eb = ExpressionBuilder<Schema, 'admin_unit'>;

/** The units in force on a day, filtered; ordered by code, keyset-paginated. */
export function listAdminUnits(ctx: AppContext, query: AdminUnitQuery): Promise<Page<AdminUnitView>> {
  const day = query.on ?? vietnamDate(ctx.now());
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const filter = (eb: Eb): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [inForceOn('admin_unit', day)];
    if (query.level) conds.push(eb('level', '=', query.level));
    if (query.parent) conds.push(eb('parent_code', '=', query.parent));
    const text = textMatch('admin_unit.search_name', 'admin_unit.code', query.q);
    if (text) conds.push(text);
    return eb.and(conds);
  };

  return inTransaction(ctx, async (tx) => {
    const rows = await tx
      .selectFrom('admin_unit')
      .select(adminUnitColumns)
      .where(filter)
      .$if(after !== undefined, (qb) => qb.where('code', '>', after as string))
      .orderBy('code')
      .limit(query.limit + 1)
      .execute();
    const count = await tx
      .selectFrom('admin_unit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(filter)
      .executeTakeFirstOrThrow();
    return toPage(rows.map(toAdminUnitView), query.limit, (v) => v.code, count.n);
  });
}
