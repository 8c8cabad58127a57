import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { AgencyKind } from '../../domain/agencies/agency.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { inForceOn } from '../../store/inForceOn.js';
import type { Schema } from '../../store/schema.js';
import { inTransaction, type AppContext } from '../context.js';
import { textMatch } from '../textMatch.js';
import { decodeCursor, toPage, type Page, type PageRequest } from '../pagination.js';

export interface AgencyView {
  code: string;
  name: string;
  kind: AgencyKind;
  parentCode: string | null;
  adminUnit: { code: string; name: string | null };
  validFrom: string;
  validTo: string | null;
}

export interface AgencyQuery extends PageRequest {
  kind?: AgencyKind | undefined;
  /** Code of the administrative unit the agency sits in. */
  unit?: string | undefined;
  /** Code of a province: agencies in it or in any of its communes. */
  province?: string | undefined;
  parent?: string | undefined;
  /** Name or code; accents and case are ignored. */
  q?: string | undefined;
  on?: string | undefined;
}

type Eb = ExpressionBuilder<Schema, 'agency'>;

/** Agencies in force on a day, filtered; ordered by code, keyset-paginated. */
export function listAgencies(ctx: AppContext, query: AgencyQuery): Promise<Page<AgencyView>> {
  const day = query.on ?? vietnamDate(ctx.now());
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const filter = (eb: Eb): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [inForceOn('agency', day)];
    if (query.kind) conds.push(eb('agency.kind', '=', query.kind));
    if (query.unit) conds.push(eb('agency.admin_unit_code', '=', query.unit));
    if (query.province) {
      const communes = eb
        .selectFrom('admin_unit')
        .select('admin_unit.code')
        .where('admin_unit.parent_code', '=', query.province);
      conds.push(
        eb.or([
          eb('agency.admin_unit_code', '=', query.province),
          eb('agency.admin_unit_code', 'in', communes),
        ]),
      );
    }
    if (query.parent) conds.push(eb('agency.parent_code', '=', query.parent));
    const text = textMatch('agency.search_name', 'agency.code', query.q);
    if (text) conds.push(text);
    return eb.and(conds);
  };

  return inTransaction(ctx, async (tx) => {
    const rows = await tx
      .selectFrom('agency')
      .leftJoin('admin_unit as u', (join) =>
        join.onRef('u.code', '=', 'agency.admin_unit_code').on(inForceOn('u', day)),
      )
      .select([
        'agency.code',
        'agency.name',
        'agency.kind',
        'agency.parent_code',
        'agency.admin_unit_code',
        'u.name as unit_name',
        'agency.valid_from',
        'agency.valid_to',
      ])
      .where(filter)
      .$if(after !== undefined, (qb) => qb.where('agency.code', '>', after as string))
      .orderBy('agency.code')
      .limit(query.limit + 1)
      .execute();
    const count = await tx
      .selectFrom('agency')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(filter)
      .executeTakeFirstOrThrow();
    const views = rows.map((r): AgencyView => ({
      code: r.code,
      name: r.name,
      kind: r.kind as AgencyKind,
      parentCode: r.parent_code,
      adminUnit: { code: r.admin_unit_code, name: r.unit_name },
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }));
    return toPage(views, query.limit, (v) => v.code, count.n);
  });
}
