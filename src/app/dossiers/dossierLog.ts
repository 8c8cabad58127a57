import type { Role } from '../../domain/access/roles.js';
import { fromLocal } from '../../domain/calendar/localTime.js';
import type { Action } from '../../domain/dossier/lifecycle.js';
import type { Tx } from '../context.js';

/** Who wrote a log entry: an official in a role, a connected system, or motcua itself. */
export type ActorRef =
  { kind: 'staff'; id: string; role: Role } | { kind: 'client'; id: string } | { kind: 'system' };

const iso = (m: number | null) => (m === null ? null : fromLocal(m));

/**
 * Appends actions to the processing log, numbered on from `firstSeq`, and marks the dossier for
 * the indicator count (the log is what the indicators read: `markForCounting`), in one statement.
 * The caller holds the dossier's row lock: it wrote the row.
 */
export async function appendActions(
  tx: Tx,
  dossierId: string,
  firstSeq: number,
  entries: readonly { action: Action; calendarVersion: string | null }[],
  actor: ActorRef,
): Promise<void> {
  await tx
    .with('marked', (db) =>
      db
        .insertInto('indicator_dirty')
        .values({ dossier_id: dossierId })
        .onConflict((oc) => oc.doNothing()),
    )
    .insertInto('dossier_action')
    .values(
      entries.map(({ action, calendarVersion }, i) => ({
        dossier_id: dossierId,
        seq: firstSeq + i,
        type: action.type,
        at: fromLocal(action.at),
        actor_kind: actor.kind,
        actor_id: actor.kind === 'system' ? null : actor.id,
        actor_role: actor.kind === 'staff' ? actor.role : null,
        agency_code: action.agencyCode,
        from_status: action.fromStatus,
        to_status: action.toStatus,
        from_step: action.fromStep,
        to_step: action.toStep,
        to_agency: action.agencyCode,
        assignee_id: action.assigneeId,
        due_at: iso(action.due),
        step_due_at: iso(action.stepDue),
        step_verdict: action.stepVerdict,
        calendar_version: calendarVersion,
        data: JSON.stringify(action.data),
      })),
    )
    .execute();
}
