/**
 * Where a procedure's dossiers from a province are handled (tuyến triển khai):
 * central: this system · provincial: the province's own system keeps receiving ·
 * pilot: configured and tested here, not yet official (dossiers still go to the province).
 */
export const routeModes = ['central', 'provincial', 'pilot'] as const;
export type RouteMode = (typeof routeModes)[number];

export interface RouteEntry {
  mode: RouteMode;
  effectiveFrom: Date;
}

/** A procedure has not moved until a route says so. */
export const defaultMode: RouteMode = 'provincial';

/** The entry in force at an instant: the latest one that had begun; null before any. */
export function routeAt<T extends RouteEntry>(history: readonly T[], at: Date): T | null {
  let found: T | null = null;
  for (const e of history) {
    if (e.effectiveFrom <= at && (found === null || e.effectiveFrom >= found.effectiveFrom)) found = e;
  }
  return found;
}

/** Whether this system receives the dossier (only the central route; a pilot does not take real dossiers). */
export function receivedCentrally(mode: RouteMode): boolean {
  return mode === 'central';
}
