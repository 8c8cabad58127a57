import type { Role } from '../access/roles.js';
import type { AgencyKind } from '../agencies/agency.js';
import { dayOf, fromLocal, minutesPerDay, toLocal } from '../calendar/localTime.js';
import type { WorkCalendar } from '../calendar/workCalendar.js';

/**
 * Announcements (thông báo) to the people who run motcua: official notices to localities, and
 * planned maintenance announced ahead with its window. The system administrator publishes to
 * anyone, a ministry to the localities handling its procedures (anyone), a province only inside
 * its own province (seed 001: "thông báo chính thức đến các địa phương").
 */
export const announcementKinds = ['notice', 'maintenance'] as const;
export type AnnouncementKind = (typeof announcementKinds)[number];

export const importances = ['info', 'important', 'urgent'] as const;
export type Importance = (typeof importances)[number];

/** Who reads it: every condition set must hold (none set: everyone). */
export interface Audience {
  province: string | null;
  agencyKind: AgencyKind | null;
  role: Role | null;
}

/** On whose authority it is published, from the publisher's administrative grant. */
export type Publisher =
  { level: 'system' } | { level: 'ministry'; agencyCode: string } | { level: 'province'; province: string };

/** Maintenance is announced at least this many working days ahead. */
export const maintenanceNoticeWorkingDays = 5;

/**
 * The earliest start of a maintenance window announced at `now`: midnight after the fifth working
 * day that follows the day of the announcement, so that five whole working days lie between.
 */
export function earliestMaintenanceStart(calendar: WorkCalendar, now: Date): Date {
  let day = dayOf(toLocal(now));
  for (let worked = 0; worked < maintenanceNoticeWorkingDays;) if (calendar.isWorkingDay(++day)) worked++;
  return fromLocal((day + 1) * minutesPerDay);
}

export type AnnouncementProblem = 'outside_province' | 'maintenance_too_soon' | 'bad_window' | 'bad_validity';

export interface AnnouncementDraft {
  kind: AnnouncementKind;
  audience: Audience;
  validFrom: Date;
  validTo: Date;
  window: { from: Date; to: Date } | null;
}

/** Why a publisher may not publish a draft at `now`, or null when it may. */
export function announcementProblem(
  publisher: Publisher,
  draft: AnnouncementDraft,
  earliestWindow: Date,
): AnnouncementProblem | null {
  if (publisher.level === 'province' && draft.audience.province !== publisher.province)
    return 'outside_province';
  if (draft.validTo.getTime() <= draft.validFrom.getTime()) return 'bad_validity';
  if (draft.kind === 'maintenance') {
    const w = draft.window;
    if (!w || w.to.getTime() <= w.from.getTime()) return 'bad_window';
    if (w.from.getTime() < earliestWindow.getTime()) return 'maintenance_too_soon';
  }
  return null;
}

/** What an official is, for the audience rule: each grant's role, agency kind and province. */
export interface Reader {
  grants: readonly { role: Role; agencyKind: AgencyKind; province: string | null }[];
}

/** Whether an audience includes a reader: one grant meeting every condition set. */
export function reaches(audience: Audience, reader: Reader): boolean {
  return reader.grants.some(
    (g) =>
      (audience.province === null || audience.province === g.province) &&
      (audience.agencyKind === null || audience.agencyKind === g.agencyKind) &&
      (audience.role === null || audience.role === g.role),
  );
}

/** Whether a maintenance window is on at `now`, or starts within `soonMs`. */
export const windowState = (w: { from: Date; to: Date }, now: Date, soonMs = 24 * 3_600_000) =>
  now >= w.to ? 'over' : now >= w.from ? 'on' : w.from.getTime() - now.getTime() <= soonMs ? 'soon' : 'later';
