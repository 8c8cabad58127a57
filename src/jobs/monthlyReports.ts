import type { AppContext } from '../app/context.js';
import { generateScheduledReports } from '../app/reports/monthly/monthlyReports.js';

/**
 * Generates the previous month's reports (the nation's and each province's) once that month's
 * numbers are closed: checked a minute after start, then every hour; a scope already reported is
 * skipped, so the check costs one query once the month is done.
 */
export function scheduleMonthlyReports(
  ctx: AppContext,
  everyMs = 3_600_000,
  onDone: (scopes: string[]) => void = () => {},
  onError: (e: unknown) => void = () => {},
): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    generateScheduledReports(ctx)
      .then((scopes) => scopes.length > 0 && onDone(scopes))
      .catch(onError)
      .finally(() => (running = false));
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
