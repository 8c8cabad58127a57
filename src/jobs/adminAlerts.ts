import { alertOrphans, alertUpcomingSwitches } from '../app/alerts/adminAlerts.js';
import type { AppContext } from '../app/context.js';

/**
 * Pushes alerts to administrators: orphaned dossiers every `everyMs` (a minute: the orphan watch
 * flags them within one), the switches ahead with gaps every hour (each sent at most once a day).
 */
export function scheduleAdminAlerts(
  ctx: AppContext,
  everyMs = 60_000,
  onError: (e: unknown) => void = () => {},
): () => void {
  let running = false;
  let lastSwitchCheck = 0;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      await alertOrphans(ctx);
      if (Date.now() - lastSwitchCheck >= 3_600_000) {
        await alertUpcomingSwitches(ctx);
        lastSwitchCheck = Date.now();
      }
    })()
      .catch(onError)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
