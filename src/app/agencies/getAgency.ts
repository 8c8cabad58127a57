import type { AgencyKind } from '../../domain/agencies/agency.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { vi } from '../../domain/i18n/vi.js';
import { inForceOn } from '../../store/inForceOn.js';
import { inTransaction, type AppContext } from '../context.js';
import type { AgencyView } from './listAgencies.js';
import { problem } from '../problems.js';

export interface AgencyDetail extends AgencyView {
  parent: { code: string; name: string } | null;
  /** Agencies directly under this one, in force today. */
  childCount: number;
}

/** One agency by its electronic ID code, with its parent and unit; throws if unknown. */
export function getAgency(ctx: AppContext, code: string): Promise<AgencyDetail> {
  const day = vietnamDate(ctx.now());
  return inTransaction(ctx, async (tx) => {
    const a = await tx
      .selectFrom('agency')
      .leftJoin('admin_unit as u', (join) =>
        join.onRef('u.code', '=', 'agency.admin_unit_code').on(inForceOn('u', day)),
      )
      .leftJoin('agency as p', 'p.code', 'agency.parent_code')
      .select([
        'agency.code',
        'agency.name',
        'agency.kind',
        'agency.parent_code',
        'p.name as parent_name',
        'agency.admin_unit_code',
        'u.name as unit_name',
        'agency.valid_from',
        'agency.valid_to',
      ])
      .where('agency.code', '=', code)
      .executeTakeFirst();
    if (!a) throw problem('not-found', vi.detail.agencyNotFound(code));
    const children = await tx
      .selectFrom('agency')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_code', '=', code)
      .where(inForceOn('agency', day))
      .executeTakeFirstOrThrow();
    return {
      code: a.code,
      name: a.name,
      kind: a.kind as AgencyKind,
      parentCode: a.parent_code,
      parent: a.parent_code && a.parent_name ? { code: a.parent_code, name: a.parent_name } : null,
      adminUnit: { code: a.admin_unit_code, name: a.unit_name },
      validFrom: a.valid_from,
      validTo: a.valid_to,
      childCount: children.n,
    };
  });
}
