import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { inTransaction, type AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { problem } from '../problems.js';

/** Wrong digits allowed for one dossier code, from any address, in the window. */
export const failuresPerCode = 10;
/** Wrong codes or digits allowed from one address, for any code, in the window. */
export const failuresPerAddress = 30;
const windowMs = 60 * 60_000;

/**
 * Runs a public check of a dossier code and its last four digits (status page, rating, feedback)
 * under one shared count of failures, per code and per address, kept in the database so that
 * every route and every node counts together: 10,000 combinations cannot be walked at 10 an hour.
 */
export async function withDigitCheck<T>(
  ctx: AppContext,
  code: string,
  ip: string | null,
  run: () => Promise<T>,
): Promise<T> {
  const now = ctx.now();
  const since = new Date(now.getTime() - windowMs);
  const { rows } = await sql<{ byCode: number; byAddress: number }>`SELECT
    (SELECT count(*)::int FROM public_check_failure WHERE code = ${code} AND at > ${since}) AS "byCode",
    (SELECT count(*)::int FROM public_check_failure WHERE ip = ${ip} AND at > ${since}) AS "byAddress"`.execute(
    ctx.db,
  );
  const counts = rows[0];
  if (counts && (counts.byCode >= failuresPerCode || counts.byAddress >= failuresPerAddress))
    throw problem('too-many-code-checks', vi.detail.retryInAnHour);
  try {
    return await run();
  } catch (e) {
    if (e instanceof AppError && e.kind === 'not_found')
      await inTransaction(ctx, async (tx) => {
        await tx.insertInto('public_check_failure').values({ at: now, code, ip }).execute();
        await tx
          .deleteFrom('public_check_failure')
          .where('at', '<', since)
          .where('code', '=', code)
          .execute();
      });
    throw e;
  }
}
