import type { AppContext } from '../app/context.js';
import { generateScheduledReports } from '../app/reports/monthly/monthlyReports.js';

/**
 * Generates the previous month's reports (the nation's and each province's) once that month's
 * numbers are closed: checked a minute after start, then every hour, and at once through `check`
 * when this node's folding closes a month (a month closed a second after a check would otherwise
 * wait an hour); a scope already reported is skipped, so a check costs one query once the month is
 * done.
 */
export function scheduleMonthlyReports(
  ctx: AppContext,
  everyMs = 3_600_000,
  onDone: (scopes: string[]) => void = () => {},
  onError: (e: unknown) => void = () => {},
): { check: () => void; stop: () => void } {
  let running = false;
  // A check asked for during one (a month closed while the start-up check read it open) runs after it.
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    generateScheduledReports(ctx)
      .then((scopes) => scopes.length > 0 && onDone(scopes))
      .catch(onError)
      .finally(() => {
        running = false;
        if (again) run();
      });
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return {
    check: run,
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
