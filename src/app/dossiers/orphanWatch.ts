import { sql } from 'kysely';
import { inTransaction, type AppContext } from '../context.js';
import { refreshOrphans } from './dossierRow.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';

/**
 * Grants start and end by the clock, not only by an administrator's action, and so do accounts
 * (valid from and to a day): every minute the server re-evaluates the orphans of the agencies
 * where a grant, or the validity of an account holding one, began or ended since the last pass,
 * so a dossier left without anyone when a delegation lapses is flagged within a minute.
 */
export function refreshOrphansSince(ctx: AppContext, since: Date): Promise<string[]> {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const { rows } = await sql<{ agency_code: string }>`
      SELECT DISTINCT agency_code FROM role_grant
      WHERE (valid_to > ${since} AND valid_to <= ${now}) OR (valid_from > ${since} AND valid_from <= ${now})
      UNION
      SELECT DISTINCT g.agency_code FROM role_grant g JOIN account a ON a.id = g.account_id
      WHERE ${vietnamDate(since)}::date < ${vietnamDate(now)}::date AND (
        (a.valid_to > ${vietnamDate(since)}::date AND a.valid_to <= ${vietnamDate(now)}::date)
        OR (a.valid_from > ${vietnamDate(since)}::date AND a.valid_from <= ${vietnamDate(now)}::date))`.execute(
      tx,
    );
    const agencies = rows.map((r) => r.agency_code);
    await refreshOrphans(tx, agencies, now);
    return agencies;
  });
}

/** Runs `refreshOrphansSince` every `everyMs` in the server process; stops with the returned function. */
export function watchOrphans(
  ctx: AppContext,
  everyMs = 60_000,
  onError: (e: unknown) => void = () => {},
): () => void {
  let since = ctx.now();
  const timer = setInterval(() => {
    const until = ctx.now();
    refreshOrphansSince(ctx, since)
      .then(() => (since = until))
      .catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
