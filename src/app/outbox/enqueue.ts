import { sql } from 'kysely';
import type { Tx } from '../context.js';

/**
 * Every message the system promises to deliver to another system, by kind: where it goes and what
 * it carries. A message is written in the transaction of the change it reports (the transactional
 * outbox) and delivered by the integration hub (`integrations/outbox`).
 */
export type OutboxMessage =
  | {
      kind: 'dossier.status';
      destination: 'dvcqg';
      payload: { code: string; status: number; action: string; seq: number; at: string };
    }
  | { kind: 'dossier.resync'; destination: 'dvcqg'; payload: { code: string; reason: 'reconciliation' } }
  | { kind: 'dossier.changed'; destination: 'dvcqg'; payload: { change: PortalChange } }
  | { kind: `applicant.${string}`; destination: 'sms'; payload: { to: string; text: string } & object }
  | { kind: `applicant.${string}`; destination: 'email'; payload: { to: string } & object }
  | { kind: 'payment.request'; destination: 'payment'; payload: { paymentId: string } }
  | { kind: 'payment.refund'; destination: 'payment'; payload: { paymentId: string; reason: string } }
  | { kind: 'postal.delivery' | 'postal.originals'; destination: 'postal'; payload: { orderId: string } }
  | { kind: 'result.draft'; destination: 'docmgmt'; payload: { resultId: string } }
  | { kind: 'exchange.send'; destination: 'exchange'; payload: { requestId: string } }
  | {
      kind: 'receipt.issue' | 'receipt.cancel' | 'receipt.replace';
      destination: 'ereceipt';
      payload: { paymentId: string; reason?: string };
    }
  | {
      kind: 'account.invitation';
      destination: 'email';
      payload: { to: string; subject: string; body: string };
    }
  | { kind: 'account.invitation'; destination: 'sms'; payload: { to: string; text: string } }
  | { kind: 'admin.alert'; destination: 'email'; payload: { to: string; subject: string; body: string } }
  | { kind: 'admin.alert'; destination: 'sms'; payload: { to: string; text: string } };

/** What changed in what the national portal shows of a dossier, besides its log. */
export type PortalChange = 'document' | 'result' | 'payment' | 'rating' | 'message';

/**
 * The national portal must learn of a change to what it shows of the dossier (issue 22): queued in
 * the change's transaction, delivered as the dossier stands then (several changes, one message).
 */
export function queuePortalSync(tx: Tx, dossierId: string, change: PortalChange, now: Date): Promise<void> {
  return enqueue(
    tx,
    dossierId,
    [{ kind: 'dossier.changed', destination: 'dvcqg', payload: { change } }],
    now,
  );
}

/**
 * Queues messages about one dossier (or about none: an invitation), in the caller's transaction:
 * one statement. Messages of one dossier are delivered in order; those of none, each on its own.
 * Nothing about a practice dossier ever leaves the system (no portal, no SMS or e-mail to the
 * applicant, no payment, post or partner): this is the one gate, so no caller has to remember.
 */
export async function enqueue(
  tx: Tx,
  dossierId: string | null,
  messages: readonly OutboxMessage[],
  now: Date,
): Promise<void> {
  if (messages.length === 0) return;
  if (dossierId !== null) {
    await sql`
      INSERT INTO outbox_message (dossier_id, destination, kind, payload, created_at)
      SELECT ${dossierId}::uuid, m.destination, m.kind, m.payload, ${now}
      FROM unnest(${messages.map((m) => m.destination)}::text[], ${messages.map((m) => m.kind)}::text[],
                  ${messages.map((m) => JSON.stringify(m.payload))}::jsonb[])
           WITH ORDINALITY AS m(destination, kind, payload, n)
      WHERE NOT EXISTS (SELECT 1 FROM dossier WHERE id = ${dossierId}::uuid AND practice)
      ORDER BY m.n`.execute(tx);
    return;
  }
  await tx
    .insertInto('outbox_message')
    .values(
      messages.map((m) => ({
        dossier_id: dossierId,
        destination: m.destination,
        kind: m.kind,
        payload: JSON.stringify(m.payload),
        created_at: now,
      })),
    )
    .execute();
}
