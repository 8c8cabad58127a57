import { sql } from 'kysely';
import { dayOfIso, isoOfDay } from '../../domain/calendar/localTime.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import { localToday } from '../../domain/calendar/months.js';
import { onScope, reportScope, scopeRows, type ScopeFilter } from './reportScope.js';

export interface TodayFigures {
  day: string;
  received: { total: number; counter: number; online: number; postal: number };
  /** Online submissions not received yet (waiting at the one-stop counter). */
  awaitingReceipt: number;
  /** Finished today (resolved, returned or withdrawn); late: after their due minute. */
  finished: { total: number; late: number };
  /** Results handed back today. */
  returned: number;
}

const startOf = (iso: string) => new Date(`${iso}T00:00:00+07:00`);

/**
 * Today's intake and results of the dossiers received by the agencies in the official's scope:
 * what a leader looks at first in the morning and again before the counter closes.
 */
export function steeringToday(ctx: AppContext, actor: Actor, q: ScopeFilter): Promise<TodayFigures> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const day = localToday(now);
  const from = startOf(day);
  const to = startOf(isoOfDay(dayOfIso(day) + 1));
  return inTransaction(ctx, async (tx) => {
    const scope = await reportScope(tx, staff.accountId, now, q);
    // One statement: the scope (thousands of codes for a national view) is sent and hashed once.
    const { rows } = await sql<{
      counter: number;
      online: number;
      postal: number;
      waiting: number;
      finished: number;
      late: number;
      returned: number;
    }>`
      WITH scope AS ${scopeRows(scope)},
      received AS (
        SELECT count(*) FILTER (WHERE d.channel = 1)::int AS counter,
               count(*) FILTER (WHERE d.channel = 2)::int AS online,
               count(*) FILTER (WHERE d.channel = 3)::int AS postal
        FROM dossier d JOIN scope s ON ${onScope()}
        WHERE d.received_at >= ${from} AND d.received_at < ${to} AND NOT d.practice
      ), waiting AS (
        SELECT count(*)::int AS waiting FROM dossier d JOIN scope s ON ${onScope('d.agency_code')} WHERE d.status = 1 AND NOT d.practice
      ), finished AS (
        SELECT count(DISTINCT a.dossier_id)::int AS finished,
               count(DISTINCT a.dossier_id) FILTER (WHERE d.due_at IS NOT NULL AND a.at > d.due_at)::int AS late
        FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id JOIN scope s ON ${onScope()}
        WHERE a.to_status IN (7, 9, 10) AND a.from_status NOT IN (7, 9, 10) AND a.at >= ${from} AND a.at < ${to}
          AND NOT d.practice
      ), returned AS (
        SELECT count(DISTINCT a.dossier_id)::int AS returned
        FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id JOIN scope s ON ${onScope()}
        WHERE a.to_status = 10 AND a.from_status <> 10 AND a.at >= ${from} AND a.at < ${to} AND NOT d.practice
      )
      SELECT * FROM received, waiting, finished, returned`.execute(tx);
    const r = rows[0] ?? { counter: 0, online: 0, postal: 0, waiting: 0, finished: 0, late: 0, returned: 0 };
    return {
      day,
      received: {
        total: r.counter + r.online + r.postal,
        counter: r.counter,
        online: r.online,
        postal: r.postal,
      },
      awaitingReceipt: r.waiting,
      finished: { total: r.finished, late: r.late },
      returned: r.returned,
    };
  });
}
