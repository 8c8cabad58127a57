import { roleDefinitions } from '../../domain/access/roles.js';
import type { Applicant } from '../../domain/dossier/intakeRules.js';
import { vi } from '../../domain/i18n/vi.js';
import { smsParts, toGsm7 } from '../../domain/notifications/applicantNotice.js';
import type { DossierMessageView } from '../../contracts/portalEvents.js';
import type { Actor } from '../access/actor.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import { requireStaff, type StaffActor } from '../access/require.js';
import { rolesAt } from '../access/rolesAt.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { enqueue, queuePortalSync, type OutboxMessage } from '../outbox/enqueue.js';
import { problem } from '../problems.js';
import { noticeWords } from './noticeWords.js';

/** The dossier, for an official who may work on it where it is (a monitor reads, never writes). */
export async function dossierToWorkOn(tx: Tx, staff: StaffActor, code: string, now: Date) {
  const d = await visibleDossier(tx, staff.accountId, code, now);
  const held = await rolesAt(tx, staff.accountId, d.agency_code, now);
  if (!held.some((r) => roleDefinitions[r].permissions.includes('dossier.write')))
    throw problem('forbidden', vi.detail.onlyHolderWrites);
  return d;
}

/** An official's message as SMS and e-mail, to whichever the applicant gave. */
function deliveries(
  applicant: Applicant,
  code: string,
  sender: string,
  body: string,
  brandname: string | null,
): OutboxMessage[] {
  const sms = toGsm7(`Ho so ${code}: ${body}`);
  const email = {
    subject: vi.portalEvent.messageSubject(code),
    body: vi.portalEvent.messageBody(sender, body),
  };
  return [
    ...(applicant.phone
      ? [
          {
            kind: 'applicant.message' as const,
            destination: 'sms' as const,
            payload: {
              to: applicant.phone,
              text: sms,
              ...smsParts(sms),
              ...(brandname ? { brandname } : {}),
            },
          },
        ]
      : []),
    ...(applicant.email
      ? [
          {
            kind: 'applicant.message' as const,
            destination: 'email' as const,
            payload: { to: applicant.email, ...email },
          },
        ]
      : []),
  ];
}

/**
 * An official writes to the applicant about their dossier: kept in the dossier, shown on the
 * national portal (the dossier's exchange), and sent by SMS and e-mail when the applicant gave
 * them, from the province's brandname. The applicant's messages waiting for an answer are answered.
 */
export function sendMessage(
  ctx: AppContext,
  actor: Actor,
  code: string,
  body: string,
): Promise<DossierMessageView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await dossierToWorkOn(tx, staff, code, now);
    const applicant = d.applicant as Applicant;
    const words = await noticeWords(tx, d, d.agency_code, 'received');
    const channels = [
      'portal' as const,
      ...(applicant.phone ? (['sms'] as const) : []),
      ...(applicant.email ? (['email'] as const) : []),
    ];
    const sender = words.agencyName ?? d.agency_code;
    const row = await tx
      .insertInto('dossier_message')
      .values({
        dossier_id: d.id,
        direction: 'to_applicant',
        channels,
        sender,
        body,
        at: now,
        account_id: staff.accountId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueue(tx, d.id, deliveries(applicant, code, sender, body, words.brandname), now);
    await queuePortalSync(tx, d.id, 'message', now);
    await tx
      .updateTable('portal_event')
      .set({ handled_at: now, handled_by: staff.accountId })
      .where('dossier_id', '=', d.id)
      .where('kind', '=', 'message')
      .where('attention', '=', true)
      .where('handled_at', 'is', null)
      .execute();
    return {
      id: row.id,
      direction: row.direction,
      channels: row.channels,
      sender: row.sender,
      body: row.body,
      at: row.at.toISOString(),
    };
  });
}
