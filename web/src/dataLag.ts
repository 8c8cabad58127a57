import { useSyncExternalStore } from 'react';

/**
 * How far behind the data of the last report answer is (X-Data-Lag-Seconds: reports are read
 * from a standby when the system has one); null until a report has said.
 */
let lagSeconds: number | null = null;
const listeners = new Set<() => void>();

export function noteDataLag(res: Response): void {
  const header = res.headers.get('x-data-lag-seconds');
  if (header === null) return;
  const next = Number(header);
  if (!Number.isFinite(next) || next === lagSeconds) return;
  lagSeconds = next;
  for (const l of listeners) l();
}

export function useDataLag(): number | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => lagSeconds,
  );
}
