import type { AppContext } from '../app/context.js';
import { countDirty } from '../app/reports/countIndicators.js';
import { foldIndicators } from '../app/reports/foldIndicators.js';

/**
 * Counts the dossiers changed since they were last counted, and folds the queued indicator changes,
 * every `everyMs` (and closes each month as it ends): the aggregates lag the actions by about that
 * much, and the live views add what is still queued or not counted.
 * `onClosed` hears of each month closed here (the monthly reports wait for it).
 */
export function scheduleIndicatorFolding(
  ctx: AppContext,
  everyMs = 1000,
  onError: (e: unknown) => void = () => {},
  onClosed: (months: string[]) => void = () => {},
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      // A large backlog folds in several passes without waiting for the next tick.
      for (;;) {
        const counted = await countDirty(ctx);
        const { folded, closed } = await foldIndicators(ctx);
        if (closed.length > 0) onClosed(closed);
        if (folded === 0 && counted === 0) break;
      }
    })()
      .catch(onError)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
