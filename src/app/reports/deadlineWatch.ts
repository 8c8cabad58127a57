import { sql } from 'kysely';
import { dayOfIso, isoOfDay } from '../../domain/calendar/localTime.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { loadCalendar } from '../calendar/calendars.js';
import { inSnapshot, type AppContext } from '../context.js';
import { agencyProvinces, sumKeys } from './agencyProvinces.js';
import { localToday } from '../../domain/calendar/months.js';
import { reportScope, scopeAgencyList, scopeTest, sumsIn, type ScopeFilter } from './reportScope.js';
import { queuedChanges } from './countIndicators.js';

export interface DeadlineCounts {
  /** In progress, due on a day already past. */
  overdue: number;
  /** In progress, due today. */
  dueToday: number;
  /** In progress, due on the next working day. */
  dueNext: number;
}

export interface DeadlineRow extends DeadlineCounts {
  /** A receiving agency's code, or a province's ('01') when the scope spans provinces. */
  code: string;
  name: string;
}

export interface DeadlineWatch {
  today: string;
  nextWorkingDay: string;
  group: 'agency' | 'province';
  total: DeadlineCounts;
  rows: DeadlineRow[];
}

const empty = (): DeadlineCounts => ({ overdue: 0, dueToday: 0, dueNext: 0 });

/**
 * Dossiers in progress that are past due, due today or due on the next working day (paused ones
 * are not: their clock is stopped), by receiving agency, or by province when the scope spans
 * several. Read from the open stock of the running sums plus the changes still queued, so it
 * answers in milliseconds nationally and is exact to the last committed action.
 */
export function deadlineWatch(ctx: AppContext, actor: Actor, q: ScopeFilter): Promise<DeadlineWatch> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const today = localToday(now);
  return inSnapshot(ctx, async (tx) => {
    const calendar = await loadCalendar(tx);
    let next = dayOfIso(today) + 1;
    while (!calendar.isWorkingDay(next)) next++;
    const nextDay = isoOfDay(next);

    const scope = await reportScope(tx, staff.accountId, now, q);
    const geo = await agencyProvinces(tx, ctx.db);
    const provinces = new Set(scopeAgencyList(scope).flatMap((a) => geo.provinceOf.get(a) ?? []));
    const group = provinces.size > 1 ? 'province' : 'agency';
    const inSums = sumsIn(scope, (s) => (group === 'province' ? sumKeys(geo, s.agencies) : s.agencies));
    const groupOf = (code: string) =>
      group === 'agency' ? code : code.startsWith('*') ? code.slice(1) : (geo.provinceOf.get(code) ?? code);

    const out = new Map<string, DeadlineCounts>();
    const add = (code: string, due: string, n: number) => {
      const key = groupOf(code);
      let c = out.get(key);
      if (!c) out.set(key, (c = empty()));
      if (due < today) c.overdue += n;
      else if (due === today) c.dueToday += n;
      else c.dueNext += n;
    };
    const { rows: stock } = await sql<{ agency_code: string; due: string; n: number }>`
      SELECT agency_code, to_char(due_day, 'YYYY-MM-DD') AS due, sum(n)::bigint AS n FROM indicator_open
      WHERE ${inSums} AND measure = 'in_progress' AND due_day <= ${nextDay}::date
      GROUP BY 1, 2`.execute(tx);
    for (const r of stock) add(r.agency_code, r.due, Number(r.n));
    const inScope = scopeTest(scope);
    const { rows: queued } = await sql<{
      agency_code: string;
      procedure_code: string;
      due: string;
      n: number;
    }>`
      SELECT agency_code, procedure_code, to_char(ref_day, 'YYYY-MM-DD') AS due, n FROM ${await queuedChanges(tx)}
      WHERE measure = 'in_progress' AND ref_day <= ${nextDay}::date`.execute(tx);
    for (const r of queued) if (inScope(r.agency_code, r.procedure_code)) add(r.agency_code, r.due, r.n);

    const codes = [...out.keys()];
    const { rows: names } =
      group === 'agency'
        ? await sql<{ code: string; name: string }>`
            SELECT code, name FROM agency WHERE code = ANY(${codes}::text[])`.execute(tx)
        : await sql<{ code: string; name: string }>`
            SELECT code, name FROM admin_unit WHERE code = ANY(${codes}::text[]) AND valid_to IS NULL`.execute(
            tx,
          );
    const nameOf = new Map(names.map((r) => [r.code, r.name]));
    const rows = [...out]
      .map(([code, c]) => ({ code, name: nameOf.get(code) ?? code, ...c }))
      .filter((r) => r.overdue + r.dueToday + r.dueNext > 0)
      .sort(
        (a, b) =>
          b.overdue - a.overdue ||
          b.dueToday + b.dueNext - (a.dueToday + a.dueNext) ||
          a.name.localeCompare(b.name, 'vi'),
      );
    const total = empty();
    for (const r of rows) {
      total.overdue += r.overdue;
      total.dueToday += r.dueToday;
      total.dueNext += r.dueNext;
    }
    return { today, nextWorkingDay: nextDay, group, total, rows };
  });
}
