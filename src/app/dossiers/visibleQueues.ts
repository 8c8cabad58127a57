import { sql, type SqlBool } from 'kysely';
import type { Tx } from '../context.js';
import { summaryColumns, type After, type ListQuery, type Selection } from './worklistRows.js';

/** The queues over everything an official sees, not only what their own agencies hold. */
export type VisibleQueue = 'overdue' | 'due_soon' | 'supplement' | 'all';

/** A visibility-wide queue's filters, with the instants its deadlines compare with. */
export type VisibleFilters = Omit<ListQuery, 'queue' | 'limit' | 'cursor' | 'withinHours'> & {
  queue: VisibleQueue;
  now: Date;
  /** due_soon: the end of the window. */
  dueUntil?: Date | undefined;
};

/**
 * A visibility-wide queue, read from `dossier_visibility` (one row per dossier and agency that
 * sees it, with the queue keys): counted and paged off its b-tree indexes without visiting each
 * dossier, then only the page's dossiers are read. The same rule as `visibleTo`: a dossier whose
 * `visible_to` meets the reach. A dossier seen by two reached agencies is one row of the list.
 */
export function visibleQueue(tx: Tx, reach: string[], f: VisibleFilters): Selection {
  const one = reach.length === 1;
  let rows = tx
    .selectFrom('dossier_visibility as v')
    .where(
      one ? sql<SqlBool>`v.agency_code = ${reach[0]}` : sql<SqlBool>`v.agency_code = ANY(${reach}::text[])`,
    );
  switch (f.queue) {
    case 'overdue':
      rows = rows.where('v.status', 'in', [2, 4]).where('v.due_at', '<', f.now);
      break;
    case 'due_soon':
      rows = rows
        .where('v.status', 'in', [2, 4])
        .where('v.due_at', '>=', f.now)
        .where('v.due_at', '<=', f.dueUntil ?? f.now);
      break;
    case 'supplement':
      rows = rows.where('v.status', '=', 5);
      break;
    case 'all':
      break;
  }
  if (f.status) rows = rows.where('v.status', '=', f.status);
  if (f.from) rows = rows.where('v.submitted_at', '>=', new Date(f.from));
  if (f.to) rows = rows.where('v.submitted_at', '<', new Date(f.to));
  if (f.procedure || f.channel || f.applicant) {
    rows = rows.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('dossier as d')
          .select(sql`1`.as('one'))
          .whereRef('d.id', '=', 'v.dossier_id')
          .$if(!!f.procedure, (b) => b.where('d.procedure_code', '=', f.procedure ?? ''))
          .$if(!!f.channel, (b) => b.where('d.channel', '=', f.channel ?? 0))
          .$if(!!f.applicant, (b) => b.where('d.applicant_id_number', '=', f.applicant ?? '')),
      ),
    );
  }
  return {
    count: async () => {
      const n = one
        ? rows.select((eb) => eb.fn.countAll<number>().as('n'))
        : rows.select((eb) => eb.fn.count<number>('v.dossier_id').distinct().as('n'));
      return Number((await n.executeTakeFirstOrThrow()).n);
    },
    page: (limit: number, after?: After) => {
      let ids = (
        after
          ? rows.where(sql<SqlBool>`(v.submitted_at, v.dossier_id) < (${after.at}, ${after.id}::uuid)`)
          : rows
      )
        .select('v.dossier_id')
        .orderBy('v.submitted_at', 'desc')
        .orderBy('v.dossier_id', 'desc')
        .limit(limit);
      // Several reached agencies may see one dossier: it takes one place on the page.
      if (!one) ids = ids.groupBy(['v.dossier_id', 'v.submitted_at']);
      return tx
        .selectFrom('dossier as d')
        .select(summaryColumns)
        .where('d.id', 'in', ids)
        .orderBy('d.submitted_at', 'desc')
        .orderBy('d.id', 'desc')
        .execute();
    },
  };
}
