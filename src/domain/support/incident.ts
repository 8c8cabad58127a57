import type { ProcessingTime } from '../catalog/procedureVersion.js';
import { dueAfter } from '../calendar/deadline.js';
import { fromLocal, toLocal } from '../calendar/localTime.js';
import type { WorkCalendar } from '../calendar/workCalendar.js';

/**
 * Incidents (sự cố) during the transition (seed 001: a temporary operating regulation for
 * incidents; technical focal points supporting each locality 24/7). Anyone opens one; support
 * acknowledges, works and closes it within target times set by its severity.
 */
export const severities = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof severities)[number];

export const incidentStatuses = ['open', 'acknowledged', 'in_progress', 'closed'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/**
 * Target times: the highest severity (the system down for a locality) counts every minute of every
 * day (24/7); the others count working time on the working calendar.
 */
export const targets: Record<
  Severity,
  { acknowledge: ProcessingTime | number; resolve: ProcessingTime | number }
> = {
  critical: { acknowledge: 15, resolve: 4 * 60 },
  high: { acknowledge: { unit: 'working_hours', amount: 1 }, resolve: { unit: 'working_days', amount: 1 } },
  medium: { acknowledge: { unit: 'working_hours', amount: 4 }, resolve: { unit: 'working_days', amount: 3 } },
  low: { acknowledge: { unit: 'working_days', amount: 1 }, resolve: { unit: 'working_days', amount: 5 } },
};

/** One target from an instant: minutes of wall-clock time, or working time on the calendar. */
function after(calendar: WorkCalendar, at: Date, t: ProcessingTime | number): Date {
  return typeof t === 'number'
    ? new Date(at.getTime() + t * 60_000)
    : fromLocal(dueAfter(calendar, toLocal(at), t));
}

/** When an incident opened at `openedAt` must be acknowledged and resolved. */
export function incidentDue(calendar: WorkCalendar, severity: Severity, openedAt: Date) {
  const t = targets[severity];
  return {
    acknowledgeBy: after(calendar, openedAt, t.acknowledge),
    resolveBy: after(calendar, openedAt, t.resolve),
  };
}

export type IncidentCommand =
  { type: 'acknowledge' } | { type: 'work'; note: string } | { type: 'close'; resolution: string };

/** The status a command leads to, or 'not_allowed' (closed is final; work follows acknowledgement). */
export function decideIncident(
  status: IncidentStatus,
  command: IncidentCommand,
): IncidentStatus | 'not_allowed' {
  if (status === 'closed') return 'not_allowed';
  switch (command.type) {
    case 'acknowledge':
      return status === 'open' ? 'acknowledged' : 'not_allowed';
    case 'work':
      return 'in_progress';
    case 'close':
      return 'closed';
  }
}
