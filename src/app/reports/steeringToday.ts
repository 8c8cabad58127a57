import { sql } from 'kysely';
import { dayOfIso, isoOfDay } from '../../domain/calendar/localTime.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext } from '../context.js';
import { localToday } from '../../domain/calendar/months.js';
import { scopeAgencies, type ScopeFilter } from './reportScope.js';

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
    const agencies = await scopeAgencies(tx, staff.accountId, now, q);
    const { rows: received } = await sql<{ channel: number; n: number }>`
      SELECT channel, count(*)::int AS n FROM dossier
      WHERE received_at >= ${from} AND received_at < ${to} AND received_by_agency = ANY(${agencies}::text[])
      GROUP BY channel`.execute(tx);
    const { rows: waiting } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM dossier
      WHERE status = 1 AND agency_code = ANY(${agencies}::text[])`.execute(tx);
    const { rows: finished } = await sql<{ total: number; late: number }>`
      SELECT count(DISTINCT a.dossier_id)::int AS total,
             count(DISTINCT a.dossier_id) FILTER (WHERE d.due_at IS NOT NULL AND a.at > d.due_at)::int AS late
      FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
      WHERE a.to_status IN (7, 9, 10) AND a.from_status NOT IN (7, 9, 10) AND a.at >= ${from} AND a.at < ${to}
        AND d.received_by_agency = ANY(${agencies}::text[])`.execute(tx);
    const { rows: returned } = await sql<{ n: number }>`
      SELECT count(DISTINCT a.dossier_id)::int AS n
      FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
      WHERE a.to_status = 10 AND a.from_status <> 10 AND a.at >= ${from} AND a.at < ${to}
        AND d.received_by_agency = ANY(${agencies}::text[])`.execute(tx);
    const byChannel = (c: number) => received.find((r) => r.channel === c)?.n ?? 0;
    return {
      day,
      received: {
        total: byChannel(1) + byChannel(2) + byChannel(3),
        counter: byChannel(1),
        online: byChannel(2),
        postal: byChannel(3),
      },
      awaitingReceipt: waiting[0]?.n ?? 0,
      finished: { total: finished[0]?.total ?? 0, late: finished[0]?.late ?? 0 },
      returned: returned[0]?.n ?? 0,
    };
  });
}
