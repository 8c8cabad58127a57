import type { Insertable } from 'kysely';
import type { VersionContent } from '../../domain/catalog/procedureVersion.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import type { Action, DossierState } from '../../domain/dossier/lifecycle.js';
import type { RequestMeta } from '../audit/auditLog.js';
import type { AppContext, Tx } from '../context.js';
import type { DossierTable } from '../../store/schema.js';
import { staleVersion } from '../problems.js';
import { afterTransition, type TransitionDossier } from './afterTransition.js';
import { appendActions, type ActorRef } from './dossierLog.js';
import { stateColumns } from './dossierRow.js';

/** The columns a new dossier is created with besides those its state decides. */
export type NewDossierColumns = Omit<
  Insertable<DossierTable>,
  keyof ReturnType<typeof stateColumns> | 'received_at' | 'calendar_version'
>;

/** How the row is written: created with the transition, or moved from the version the caller read. */
export type RowWrite =
  | { kind: 'create'; columns: NewDossierColumns; visibleTo: readonly string[] }
  | { kind: 'update'; id: string; expectedVersion: number; visibleTo: readonly string[] };

export interface Transition {
  write: RowWrite;
  /** The dossier as the effects see it (its id and receipt time come from the write). */
  dossier: Omit<TransitionDossier, 'id' | 'received_at'>;
  /** The log entries, each with the calendar version its times were computed on. */
  entries: readonly { action: Action; calendarVersion: string | null }[];
  /** The state the entries lead to. */
  state: DossierState;
  steps: readonly WorkflowStep[];
  actor: ActorRef;
  content: VersionContent;
  meta?: RequestMeta | undefined;
}

/**
 * Records a decided transition, the one way a dossier is written: the row (created, or moved only
 * from the version the decision was made on: a concurrent change answers 409 and writes nothing),
 * the processing log entries, then every declared after-transition effect, in the caller's
 * transaction. Answers the row's id and whether it now waits where nobody can take it.
 */
export async function recordTransition(
  ctx: AppContext,
  tx: Tx,
  t: Transition,
): Promise<{ id: string; orphan: boolean }> {
  const now = ctx.now();
  const receipt = t.entries.find((e) => e.action.type === 'receive');
  const received = receipt ? { received_at: now, calendar_version: receipt.calendarVersion } : {};
  const columns = stateColumns(t.state, t.steps, t.write.visibleTo, now);
  const row =
    t.write.kind === 'create'
      ? await tx
          .insertInto('dossier')
          .values({ received_at: null, calendar_version: null, ...t.write.columns, ...received, ...columns })
          .returning(['id', 'orphan', 'received_at'])
          .executeTakeFirstOrThrow()
      : await tx
          .updateTable('dossier')
          .set({
            ...columns,
            ...received,
            // A status change waits for the portal's acknowledgement again.
            ...(t.entries.some((e) => e.action.toStatus !== e.action.fromStatus) ? { sync: 'pending' } : {}),
          })
          .where('id', '=', t.write.id)
          .where('version', '=', t.write.expectedVersion)
          .returning(['id', 'orphan', 'received_at'])
          .executeTakeFirst();
  if (!row) throw staleVersion();
  const lastSeq = t.state.version + 1;
  await appendActions(tx, row.id, lastSeq - t.entries.length + 1, t.entries, t.actor);
  const recorded = {
    dossier: { ...t.dossier, id: row.id, received_at: row.received_at },
    entries: t.entries.map((e) => e.action),
    lastSeq,
    state: t.state,
    actor: t.actor,
    content: t.content,
    meta: t.meta,
    now,
  };
  for (const effect of afterTransition) await effect(ctx, tx, recorded);
  return { id: row.id, orphan: row.orphan };
}
