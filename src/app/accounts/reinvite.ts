import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import {
  activationPath,
  invitationMessages,
  issueActivation,
  withoutOwnPassword,
} from '../auth/activation.js';
import { inTransaction, type AppContext } from '../context.js';
import { enqueue } from '../outbox/enqueue.js';
import { problem } from '../problems.js';
import { managedAccount } from './accountCommands.js';

export interface Reinvitation {
  /** The new link, for an administrator to hand over when the account has no e-mail or phone. */
  link: string;
  expiresAt: string;
  sentTo: ('email' | 'sms')[];
}

/**
 * A new activation link for an official who has not activated their account yet (the link was
 * lost, went to an old address, or expired): earlier links stop working, the new one is sent to
 * the account's e-mail and phone and shown to the administrator (who, managing the account, could
 * set a temporary password anyway). An official who has chosen a password is refused: that password is reset instead.
 */
export async function resendActivation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  meta: RequestMeta,
): Promise<Reinvitation> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const a = await managedAccount(tx, staff, id, now);
    const account = await tx
      .selectFrom('account as a')
      .select(['a.full_name', 'a.email', 'a.phone', withoutOwnPassword('a').as('pending')])
      .where('a.id', '=', id)
      .executeTakeFirstOrThrow();
    if (!account.pending) throw problem('account-activated', vi.detail.accountActivated(a.username));
    const { token, expiresAt } = await issueActivation(tx, ctx, id, staff.accountId);
    const messages = invitationMessages(
      ctx,
      {
        fullName: account.full_name,
        username: a.username,
        agencyCode: a.agency_code,
        email: account.email,
        phone: account.phone,
      },
      token,
      expiresAt,
    );
    await enqueue(tx, null, messages, now);
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'account.activation_sent',
        targetKind: 'account',
        targetId: id,
        agencyCode: a.agency_code,
        detail: { sentTo: messages.map((m) => m.destination) },
      },
      now,
      meta,
    );
    return {
      link: `${ctx.settings.publicUrl ?? ''}${activationPath(token)}`,
      expiresAt: expiresAt.toISOString(),
      sentTo: messages.map((m) => m.destination as 'email' | 'sms'),
    };
  });
}
