import type { Actor } from '../../app/access/actor.js';
import { addWorkingMinutes } from '../../domain/calendar/deadline.js';
import type { LocalMinute } from '../../domain/calendar/localTime.js';
import type { WorkCalendar } from '../../domain/calendar/workCalendar.js';
import type { DemoStory } from './story.js';

/** One staffed agency of the demo: who does what there, the procedures it receives, its calendar. */
export interface DemoDesk {
  agencyCode: string;
  province: string;
  /** Where its applicants live: its own commune, or for a province's centre the province's communes. */
  communes: string[];
  receiver: Actor;
  processor: Actor;
  leader: Actor;
  procedures: string[];
  calendar: WorkCalendar;
}

/** A dossier of the simulation as it goes: its code and the version its next action expects. */
export interface DemoDossier {
  code: string;
  version: number;
  /** The applicant's ID number: shown when the result is handed over, its last four digits on the status page. */
  idNumber: string;
  procedure: string;
  desk: DemoDesk;
  story: DemoStory;
}

export interface DemoActivitySummary {
  dossiers: number;
  actions: number;
  ratings: number;
  feedback: number;
  difficulties: number;
  /** Dossiers still being handled at the end. */
  open: number;
}

interface DemoEvent {
  at: LocalMinute;
  order: number;
  run: () => Promise<void>;
}

/**
 * The simulation's agenda: events run in time order (ties in the order they were planned), so the
 * system lives the weeks as they would have happened, one use case at a time at the clock's minute.
 * What falls after the end is never done: those dossiers are still in hand.
 */
export class Agenda {
  private events: DemoEvent[] = [];
  private order = 0;
  /** The minute of the event being run. */
  now: LocalMinute;
  constructor(
    readonly from: LocalMinute,
    readonly until: LocalMinute,
  ) {
    this.now = from;
  }

  at(at: LocalMinute, run: () => Promise<void>): void {
    if (at > this.until) return;
    const e = { at, order: this.order++, run };
    // Kept sorted latest first, so the next event is popped from the end.
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.events[mid] as DemoEvent;
      if (m.at > at || (m.at === at && m.order > e.order)) lo = mid + 1;
      else hi = mid;
    }
    this.events.splice(lo, 0, e);
  }

  next(): DemoEvent | undefined {
    const e = this.events.pop();
    if (e) this.now = e.at;
    return e;
  }
}

/** `minutes` of working time after `at` on the desk's calendar (at least one). */
export const workAfter = (desk: DemoDesk, at: LocalMinute, minutes: number): LocalMinute =>
  addWorkingMinutes(desk.calendar, at, Math.max(1, Math.round(minutes)));
