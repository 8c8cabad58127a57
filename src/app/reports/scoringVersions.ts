import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { checkScoring, type Scoring, type ScoringGroup } from '../../domain/reports/scoring.js';
import type { Actor } from '../access/actor.js';
import { hasNationalReach, requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { localToday } from '../../domain/calendar/months.js';
import { problem } from '../problems.js';

const selectScoring = (tx: Tx) =>
  tx
    .selectFrom('indicator_scoring')
    .select([
      'version',
      sql<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from'),
      'groups',
      'note',
    ]);

const toScoring = (r: { version: number; effective_from: string; groups: unknown }): Scoring => ({
  version: r.version,
  effectiveFrom: r.effective_from,
  groups: r.groups as ScoringGroup[],
});

/** The scoring in force on a day ('YYYY-MM-DD'): the latest version in effect by then. */
export async function scoringOn(tx: Tx, day: string): Promise<Scoring> {
  const r =
    (await selectScoring(tx)
      .where('effective_from', '<=', day)
      .orderBy('effective_from', 'desc')
      .limit(1)
      .executeTakeFirst()) ??
    // A period before the first version is scored by the first.
    (await selectScoring(tx).orderBy('effective_from').limit(1).executeTakeFirstOrThrow());
  return toScoring(r);
}

/** Every version, newest first, for the officials who read scores. */
export function listScorings(ctx: AppContext, actor: Actor): Promise<(Scoring & { note: string })[]> {
  requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const rows = await selectScoring(tx).orderBy('effective_from', 'desc').execute();
    return rows.map((r) => ({ ...toScoring(r), note: r.note }));
  });
}

/**
 * A new version of the weights and curves (system administrators), in force from a day not before
 * tomorrow and after every earlier version: a score already given is never changed.
 */
export function addScoring(
  ctx: AppContext,
  actor: Actor,
  body: { effectiveFrom: string; groups: ScoringGroup[]; note: string },
  meta: RequestMeta,
): Promise<Scoring> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    if (!(await hasNationalReach(tx, staff, 'catalog.manage', now)))
      throw problem('forbidden', vi.detail.onlySystemAdmin);
    const problems = checkScoring(body.groups).map((p) => ({ field: `body.${p.field}`, message: p.message }));
    const last = await selectScoring(tx).orderBy('effective_from', 'desc').limit(1).executeTakeFirstOrThrow();
    if (body.effectiveFrom <= localToday(now) || body.effectiveFrom <= last.effective_from)
      problems.push({
        field: 'body.effectiveFrom',
        message: vi.detail.scoringAfter(last.version, String(last.effective_from)),
      });
    if (problems.length > 0) throw problem('validation', undefined, problems);
    const version = last.version + 1;
    await tx
      .insertInto('indicator_scoring')
      .values({
        version,
        effective_from: body.effectiveFrom,
        groups: JSON.stringify(body.groups),
        note: body.note,
        created_by: staff.accountId,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'scoring.create',
        targetKind: 'indicator_scoring',
        targetId: String(version),
        detail: { effectiveFrom: body.effectiveFrom },
      },
      now,
      meta,
    );
    return { version, effectiveFrom: body.effectiveFrom, groups: body.groups };
  });
}
