import type { AppContext } from '../app/context.js';
import { releaseWaitingEvents } from '../app/portalEvents/citizenEvents.js';

/**
 * Every minute (or half the wait, when shorter), applies the portal events that have waited
 * `waitMs` for a predecessor that never came. Stops with the returned function.
 */
export function scheduleEventRelease(
  ctx: AppContext,
  waitMs: number,
  onError: (e: unknown) => void = () => {},
): () => void {
  let running = false;
  const timer = setInterval(
    () => {
      if (running) return;
      running = true;
      releaseWaitingEvents(ctx, waitMs)
        .catch(onError)
        .finally(() => (running = false));
    },
    Math.min(60_000, Math.max(1_000, waitMs / 2)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
