/** A message of the outbox as a connector receives it. */
export interface OutboxMessage {
  /** Stable across redeliveries: the receiver uses it to drop a repeat. */
  id: string;
  dossierId: string | null;
  destination: string;
  kind: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
}

/**
 * What a delivery came to: `sent` (acknowledged; the receipt is kept), `retry` (a failure that may
 * pass: network, timeout, 5xx, an unreadable answer) or `reject` (the receiver refused the message
 * itself: parked at once, since sending it again cannot help).
 */
export type DeliveryOutcome =
  | { outcome: 'sent'; receipt?: unknown }
  | { outcome: 'retry'; error: string }
  | { outcome: 'reject'; error: string };

/** One external system: it delivers the messages of its destination. */
export interface Connector {
  readonly destination: string;
  deliver(message: OutboxMessage): Promise<DeliveryOutcome>;
  /** Several messages at once (each of its own dossier), outcomes in the same order. */
  deliverBatch?(messages: readonly OutboxMessage[]): Promise<DeliveryOutcome[]>;
}

/** A readable reason from whatever a failed call threw. */
export function failureText(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}${cause}`.slice(0, 500);
  }
  return String(e).slice(0, 500);
}
