import { sql, type RawBuilder } from 'kysely';
import { fromLocal } from '../../domain/calendar/localTime.js';
import type { WorkflowStep } from '../../domain/catalog/workflow.js';
import type { DossierState } from '../../domain/dossier/lifecycle.js';
import { neededRole } from '../../domain/dossier/plan.js';
import { accountInForce, grantInForce } from '../access/grantsInForce.js';
import type { Tx } from '../context.js';

/** Whether someone active holds `role` at `agency` now, as SQL. */
export const someoneHolds = (agency: RawBuilder<string>, role: RawBuilder<string | null>, now: Date) =>
  sql<boolean>`EXISTS (
  SELECT 1 FROM role_grant g JOIN account a ON a.id = g.account_id
  WHERE g.agency_code = ${agency} AND g.role = ${role} AND ${grantInForce('g', now)} AND ${accountInForce('a', now)})`;

/**
 * Orphan (mồ côi): a dossier waiting at an agency where nobody active holds the role its step
 * needs. The SQL of it, for a dossier in `status` needing `role` at `agency`.
 */
const orphanWhen = (
  status: RawBuilder<number>,
  agency: RawBuilder<string>,
  role: RawBuilder<string | null>,
  now: Date,
) =>
  sql<boolean>`(${status} IN (1, 2, 4) AND ${role} IS NOT NULL AND NOT ${someoneHolds(agency, role, now)})`;

/** Whether a stored dossier (alias `d`) is an orphan now. */
const nobodyHolds = (now: Date) => orphanWhen(sql`d.status`, sql`d.agency_code`, sql`d.step_role`, now);

/**
 * Re-evaluates the orphan flag of the dossiers at some agencies after a grant or an account
 * changed, writing only the rows whose flag changes: a grant clears its agency's orphans at once.
 */
export async function refreshOrphans(tx: Tx, agencyCodes: readonly string[], now: Date): Promise<void> {
  if (agencyCodes.length === 0) return;
  await sql`
    UPDATE dossier d SET orphan = ${nobodyHolds(now)}
    WHERE d.agency_code = ANY(${[...agencyCodes]}::text[]) AND (d.orphan OR d.status IN (1, 2, 4))
      AND d.orphan IS DISTINCT FROM ${nobodyHolds(now)}`.execute(tx);
}

/** The same for some dossiers by id (a migration's batch, placed where it was held). */
export async function refreshOrphansOf(tx: Tx, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE dossier d SET orphan = ${nobodyHolds(now)}
    WHERE d.id = ANY(${[...ids]}::uuid[]) AND d.orphan IS DISTINCT FROM ${nobodyHolds(now)}`.execute(tx);
}

const iso = (m: number | null) => (m === null ? null : fromLocal(m));

/**
 * The columns that mirror the derived state, for lists and filters. `visibleTo` only grows: an
 * agency that received, held or was consulted on a dossier keeps seeing it.
 */
export function stateColumns(
  state: DossierState,
  steps: readonly WorkflowStep[],
  visibleBefore: readonly string[],
  now: Date,
) {
  return {
    status: state.status,
    step_code: state.stepCode,
    step_role: neededRole(state, steps),
    agency_code: state.agencyCode,
    assignee_id: state.assigneeId,
    version: state.version,
    due_at: iso(state.due),
    step_due_at: iso(state.stepDue),
    payment: state.payment,
    delivery: state.delivery,
    state: JSON.stringify(state),
    visible_to: [
      ...new Set([...visibleBefore, state.agencyCode, ...state.consultations.map((c) => c.agencyCode)]),
    ],
    updated_at: now,
    // Decided in the same statement that moves the dossier: an orphan is visible at once.
    orphan: orphanWhen(
      sql`${state.status}::int`,
      sql`${state.agencyCode}::text`,
      sql`${neededRole(state, steps)}::text`,
      now,
    ),
  };
}
