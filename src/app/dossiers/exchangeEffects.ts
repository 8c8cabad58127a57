import { sql } from 'kysely';
import { fromLocal } from '../../domain/calendar/localTime.js';
import { vi } from '../../domain/i18n/vi.js';
import { enqueue } from '../outbox/enqueue.js';
import type { Tx } from '../context.js';
import type { Effect } from './transitionEffect.js';

/** Queues one request to another system: its row, and the outbox message that sends it. */
async function queueRequest(
  tx: Tx,
  dossierId: string,
  now: Date,
  values: {
    kind: 'linked' | 'consultation';
    system: string;
    procedure_code?: string;
    procedure_name?: string;
    consultation_id?: string;
    question?: string;
    due_at?: Date;
  },
): Promise<void> {
  // A system the platform does not know is skipped rather than failing the dossier's transaction.
  const { rows } = await sql<{ id: string }>`
    INSERT INTO exchange_request (dossier_id, kind, system, procedure_code, procedure_name, consultation_id,
      question, due_at, created_at, updated_at)
    SELECT ${dossierId}::uuid, ${values.kind}, s.code, ${values.procedure_code ?? null}, ${values.procedure_name ?? null},
      ${values.consultation_id ?? null}, ${values.question ?? null}, ${values.due_at ?? null}::timestamptz, ${now}, ${now}
    FROM exchange_system s WHERE s.code = ${values.system}
    ON CONFLICT DO NOTHING
    RETURNING id`.execute(tx);
  const row = rows[0];
  if (row)
    await enqueue(
      tx,
      dossierId,
      [{ kind: 'exchange.send', destination: 'exchange', payload: { requestId: row.id } }],
      now,
    );
}

/**
 * A dossier of a chained procedure, once received, starts each linked procedure in the system that
 * handles it (a birth registration: the child's permanent residence and health-insurance card):
 * each gets its own code and status there, and the citizen follows them as one group.
 */
export const sendLinkedDossiers: Effect = async (_ctx, tx, t) => {
  const linked = t.content.linkedProcedures;
  if (linked.length === 0 || !t.entries.some((a) => a.type === 'receive')) return;
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM exchange_request WHERE dossier_id = ${t.dossier.id}::uuid AND kind = 'linked'`.execute(
    tx,
  );
  if ((rows[0]?.n ?? 0) > 0) return;
  for (const l of linked)
    await queueRequest(tx, t.dossier.id, t.now, {
      kind: 'linked',
      system: l.system,
      procedure_code: l.procedureCode,
      procedure_name: l.name,
    });
};

/**
 * A consultation asked of an agency that works in its own system (the tax office for a land
 * transfer's financial obligation) goes there through the exchange; its answer comes back by
 * callback, against the consultation's own due time, as an answer from motcua's officials would.
 */
export const consultExternally: Effect = async (_ctx, tx, t) => {
  for (const a of t.entries) {
    if (a.type !== 'consult') continue;
    const external = await tx
      .selectFrom('external_agency')
      .select('system')
      .where('agency_code', '=', a.data.agencyCode)
      .executeTakeFirst();
    if (!external) continue;
    await queueRequest(tx, t.dossier.id, t.now, {
      kind: 'consultation',
      system: external.system,
      consultation_id: a.data.consultationId,
      question: vi.detail.externalQuestion(t.dossier.code, a.data.stepCode),
      due_at: fromLocal(a.data.due),
    });
  }
};
