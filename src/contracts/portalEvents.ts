import { z } from 'zod';

/** What a citizen did on the national portal, as an official sees it on the dossier. */
export const CitizenEventView = z
  .object({
    eventId: z.string(),
    seq: z.number().int(),
    kind: z.enum(['supplement', 'withdrawal', 'payment', 'rating', 'message']),
    occurredAt: z.string(),
    receivedAt: z.string(),
    state: z.enum(['pending', 'applied', 'refused']),
    /** Why it was refused, or how it was applied (late, after a missing one). */
    outcome: z.string().nullable(),
    /** The processing-log entry it made. */
    logSeq: z.number().int().nullable(),
    /** An official must answer it (a withdrawal request, a message) and has not yet. */
    awaitsAnswer: z.boolean(),
    handledAt: z.string().nullable(),
    /** What it said: the reason, the files, the amount, the rating, the message. */
    reason: z.string().nullable(),
    files: z.array(z.object({ component: z.string(), name: z.string() })),
    amount: z.number().nullable(),
    receiptNo: z.string().nullable(),
    rating: z.number().int().nullable(),
    text: z.string().nullable(),
    sender: z.string().nullable(),
  })
  .meta({ id: 'CitizenEvent' });
export type CitizenEventView = z.infer<typeof CitizenEventView>;

/** A message between the officials and the applicant on a dossier. */
export const DossierMessageView = z
  .object({
    id: z.string(),
    direction: z.enum(['from_applicant', 'to_applicant']),
    channels: z.array(z.enum(['portal', 'sms', 'email', 'counter'])),
    sender: z.string(),
    body: z.string(),
    at: z.string(),
  })
  .meta({ id: 'DossierMessage' });
export type DossierMessageView = z.infer<typeof DossierMessageView>;

/** motcua's answer to one event from the portal. */
export const PortalEventAnswer = z.object({
  eventId: z.string(),
  state: z.enum(['applied', 'pending', 'refused']),
  reason: z.string().nullable(),
  repeated: z.boolean(),
});
export type PortalEventAnswer = z.infer<typeof PortalEventAnswer>;
