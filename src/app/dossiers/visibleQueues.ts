import { sql, type SqlBool } from 'kysely';
import type { Tx } from '../context.js';
import { inProgress } from '../../store/literals.js';
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
 * Up to this many dossiers in a deadline window, its page is read from the window itself: reading
 * and sorting 5,000 index entries costs 1-2 ms, while walking the list for a sparse window can
 * read the agency's whole list.
 */
const narrowWindow = 5000;

/**
 * A visibility-wide queue, read from `dossier_visibility` (one row per dossier and agency that
 * sees it, with the queue keys): counted and paged off its b-tree indexes without visiting each
 * dossier, then only the page's dossiers are read. The same rule as `visibleTo`: a dossier whose
 * `visible_to` meets the reach. A dossier seen by two reached agencies is one row of the list.
 */
export function visibleQueue(tx: Tx, reach: string[], f: VisibleFilters): Selection {
  const one = reach.length === 1;
  const rows = queueRows(tx, reach, f);
  const count = async () => {
    const n = one
      ? rows.select((eb) => eb.fn.countAll<number>().as('n'))
      : rows.select((eb) => eb.fn.count<number>('v.dossier_id').distinct().as('n'));
    return Number((await n.executeTakeFirstOrThrow()).n);
  };
  // A later page (no count made) asks only whether the window holds more than the bound: it reads
  // at most that many index entries, where counting a national monitor's window would read them all.
  const countUpTo = async (bound: number) => {
    const { n } = await tx
      .selectFrom(
        rows
          .select(sql`1`.as('one'))
          .limit(bound)
          .as('w'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  const dueWindow = f.queue === 'overdue' || f.queue === 'due_soon';
  return {
    count,
    page: async (limit: number, after?: After, counted?: number) => {
      const from = after
        ? rows.where(sql<SqlBool>`(v.submitted_at, v.dossier_id) < (${after.at}, ${after.id}::uuid)`)
        : rows;
      // A deadline window with few dossiers is read whole off the open-dossier index and sorted; a
      // wide one by walking the list newest first until the page is full. PostgreSQL guesses the
      // window's size from its statistics and walks the list even for an empty window (the agency's
      // whole list, 32,466 rows and 16 ms at the bench's Hà Nội centre); the count is exact.
      const narrow = dueWindow && (counted ?? (await countUpTo(narrowWindow + 1))) <= narrowWindow;
      let ids = narrow
        ? tx
            .with(
              (cte) => cte('w').materialized(),
              () => from.select(['v.dossier_id', 'v.submitted_at']),
            )
            .selectFrom('w as v')
            .select('v.dossier_id')
        : from.select('v.dossier_id');
      ids = ids.orderBy('v.submitted_at', 'desc').orderBy('v.dossier_id', 'desc').limit(limit);
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

/** The rows of `dossier_visibility` in a queue, for the reach and the filters. */
function queueRows(tx: Tx, reach: string[], f: VisibleFilters) {
  const one = reach.length === 1;
  let rows = tx
    .selectFrom('dossier_visibility as v')
    .where(
      one ? sql<SqlBool>`v.agency_code = ${reach[0]}` : sql<SqlBool>`v.agency_code = ANY(${reach}::text[])`,
    );
  switch (f.queue) {
    case 'overdue':
      rows = rows.where('v.status', 'in', inProgress).where('v.due_at', '<', f.now);
      break;
    case 'due_soon':
      rows = rows
        .where('v.status', 'in', inProgress)
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
  return rows;
}
