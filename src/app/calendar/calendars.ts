import { sql } from 'kysely';
import type { ProcessingTime } from '../../domain/catalog/procedureVersion.js';
import { clockStart, dueAfter } from '../../domain/calendar/deadline.js';
import {
  checkYearTable,
  suggestedYear,
  type CalendarDay,
  type YearTable,
} from '../../domain/calendar/holidays.js';
import { fromLocal, toLocal } from '../../domain/calendar/localTime.js';
import { defaultOfficeHours, WorkCalendar, type OfficeHours } from '../../domain/calendar/workCalendar.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { agencyInReach, hasNationalReach, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { invalidFields, problem } from '../problems.js';
import type { YearView } from '../../contracts/calendar.js';

/** The latest confirmed table of each year. */
async function confirmedYears(tx: Tx): Promise<Map<number, YearTable>> {
  const { rows } = await sql<{
    year: number;
    revision: number;
    days_off: CalendarDay[];
    working_days: CalendarDay[];
  }>`SELECT DISTINCT ON (year) year, revision, days_off, working_days FROM calendar_year
     ORDER BY year, revision DESC`.execute(tx);
  return new Map(
    rows.map((r) => [
      r.year,
      { year: r.year, daysOff: r.days_off, workingDays: r.working_days, version: `r${r.revision}` },
    ]),
  );
}

/**
 * The working calendar of an agency as the database holds it now: confirmed years, the rules'
 * suggestion for the others, the agency's own office hours or the default. The one way use cases
 * obtain a calendar.
 */
export async function loadCalendar(tx: Tx, agencyCode?: string): Promise<WorkCalendar> {
  return calendarFrom(await calendarSource(tx, agencyCode));
}

/** What a calendar is built from: the confirmed years and the agency's office hours. */
export interface CalendarSource {
  years: Map<number, YearTable>;
  hours: OfficeHours;
}

export async function calendarSource(tx: Tx, agencyCode?: string): Promise<CalendarSource> {
  const years = await confirmedYears(tx);
  let hours: OfficeHours = defaultOfficeHours;
  if (agencyCode) {
    const row = await tx
      .selectFrom('agency_office_hours')
      .select('segments')
      .where('agency_code', '=', agencyCode)
      .executeTakeFirst();
    if (row) hours = row.segments as OfficeHours;
  }
  return { years, hours };
}

/** A fresh calendar (it records the years it consults, so each command gets its own). */
export function calendarFrom({ years, hours }: CalendarSource): WorkCalendar {
  return new WorkCalendar((y) => years.get(y) ?? suggestedYear(y), hours);
}

/** When a dossier received at `from` with this processing time is due, and by which calendar. */
export function computeDue(
  ctx: AppContext,
  input: { from: Date; time: ProcessingTime; sameDayCutoff: boolean; agency?: string | undefined },
): Promise<{ start: string; due: string; calendarVersion: string }> {
  return inTransaction(ctx, async (tx) => {
    if (input.agency) {
      const a = await tx
        .selectFrom('agency')
        .select('code')
        .where('code', '=', input.agency)
        .executeTakeFirst();
      if (!a) throw problem('not-found', vi.detail.agencyNotFound(input.agency));
    }
    const cal = await loadCalendar(tx, input.agency);
    const start = clockStart(cal, toLocal(input.from), input.sameDayCutoff);
    const due = dueAfter(cal, start, input.time);
    return {
      start: fromLocal(start).toISOString(),
      due: fromLocal(due).toISOString(),
      calendarVersion: cal.version,
    };
  });
}

/** A year's days off: what the rules suggest, what was confirmed, what is in force. */
export function yearCalendar(ctx: AppContext, year: number): Promise<YearView> {
  return inTransaction(ctx, (tx) => readYear(tx, year));
}

async function readYear(tx: Tx, year: number): Promise<YearView> {
  const row = await tx
    .selectFrom('calendar_year as c')
    .leftJoin('account as a', 'a.id', 'c.confirmed_by')
    .select(['c.revision', 'c.days_off', 'c.working_days', 'c.note', 'c.confirmed_at', 'a.username'])
    .where('c.year', '=', year)
    .orderBy('c.revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  const suggested = suggestedYear(year);
  return {
    year,
    suggested,
    effective: row
      ? {
          year,
          daysOff: row.days_off as CalendarDay[],
          workingDays: row.working_days as CalendarDay[],
          version: `r${row.revision}`,
        }
      : suggested,
    confirmed: row
      ? {
          revision: row.revision,
          note: row.note,
          confirmedAt: row.confirmed_at.toISOString(),
          confirmedBy: row.username,
        }
      : null,
  };
}

/**
 * Confirms a year's table after the Prime Minister's decision: a new revision, audited. Due dates
 * already computed keep the revision they were computed with.
 */
export function confirmYear(
  ctx: AppContext,
  actor: Actor,
  year: number,
  input: { daysOff: CalendarDay[]; workingDays: CalendarDay[]; note?: string | undefined },
  meta: RequestMeta,
): Promise<YearView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    if (!(await hasNationalReach(tx, staff, 'calendar.manage', now)))
      throw problem('forbidden', vi.detail.onlySystemAdminConfirmsCalendar);
    const problems = checkYearTable(year, input);
    if (problems.length > 0) throw invalidFields('calendar-invalid', problems, vi.calendarProblem);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`calendar:${year}`}))`.execute(tx);
    const last = await tx
      .selectFrom('calendar_year')
      .select((eb) => eb.fn.max('revision').as('r'))
      .where('year', '=', year)
      .executeTakeFirst();
    const revision = (last?.r ?? 0) + 1;
    const byDate = (a: CalendarDay, b: CalendarDay) => a.date.localeCompare(b.date);
    await tx
      .insertInto('calendar_year')
      .values({
        year,
        revision,
        days_off: JSON.stringify([...input.daysOff].sort(byDate)),
        working_days: JSON.stringify([...input.workingDays].sort(byDate)),
        note: input.note ?? null,
        confirmed_at: now,
        confirmed_by: staff.accountId,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'calendar.confirmed',
        targetKind: 'calendar_year',
        targetId: String(year),
        agencyCode: null,
        detail: { revision, daysOff: input.daysOff.length, workingDays: input.workingDays.length },
      },
      now,
      meta,
    );
    return readYear(tx, year);
  });
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/**
 * An agency's own office hours (e.g. a centre open 07:30–11:30 and 13:00–17:00), set by an
 * administrator of its area. Segments must be ordered and not overlap; deadlines computed from then
 * on use them.
 */
export function setOfficeHours(
  ctx: AppContext,
  actor: Actor,
  agencyCode: string,
  segments: [string, string][],
  meta: RequestMeta,
): Promise<{ agencyCode: string; segments: [string, string][] }> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    if (!(await agencyInReach(tx, staff, 'binding.manage', agencyCode, now)))
      throw problem('outside-reach', vi.grantProblem.outside_reach);
    const hours = segments.map(([a, b]) => [minutesOf(a), minutesOf(b)] as [number, number]);
    try {
      new WorkCalendar(suggestedYear, hours);
    } catch {
      throw problem('validation', undefined, [
        {
          field: 'body.segments',
          message: vi.detail.officeHoursOrder,
        },
      ]);
    }
    await tx
      .insertInto('agency_office_hours')
      .values({
        agency_code: agencyCode,
        segments: JSON.stringify(hours),
        updated_at: now,
        updated_by: staff.accountId,
      })
      .onConflict((oc) =>
        oc
          .column('agency_code')
          .doUpdateSet({ segments: JSON.stringify(hours), updated_at: now, updated_by: staff.accountId }),
      )
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'calendar.office_hours',
        targetKind: 'agency',
        targetId: agencyCode,
        agencyCode,
        detail: { segments },
      },
      now,
      meta,
    );
    return { agencyCode, segments: hours.map(([a, b]) => [hhmm(a), hhmm(b)] as [string, string]) };
  });
}
