import { randomUUID } from 'node:crypto';
import { vi } from '../../domain/i18n/vi.js';
import type { PaymentView } from '../../contracts/payments.js';
import type { Actor } from '../access/actor.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import { requireStaff } from '../access/require.js';
import { rolesAt } from '../access/rolesAt.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { inTransaction, type AppContext } from '../context.js';
import { enqueue } from '../outbox/enqueue.js';
import { problem } from '../problems.js';
import { paymentView } from './payments.js';

/**
 * An official corrects an e-receipt (a wrong payer's name, say): the provider is asked, through the
 * outbox, for a replacement receipt, and marks the old one replaced. One request at a time, for a
 * receipt that stands; the receiver or the leader of the agency holding the dossier; audited.
 */
export async function replaceReceipt(
  ctx: AppContext,
  actor: Actor,
  code: string,
  paymentId: string,
  ask: { reason: string; payerName?: string | undefined },
  meta: RequestMeta,
): Promise<PaymentView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, now);
    const roles = await rolesAt(tx, staff.accountId, d.agency_code, now);
    if (!roles.includes('receiver') && !roles.includes('leader'))
      throw problem('role-cannot', vi.detail.onlyCollectorsReplace);
    const replacing = { requestId: randomUUID(), reason: ask.reason, payerName: ask.payerName ?? null };
    const p = await tx
      .updateTable('payment_request')
      .set({ e_receipt_replacing: JSON.stringify(replacing), updated_at: now })
      .where('id', '=', paymentId)
      .where('dossier_id', '=', d.id)
      .where('e_receipt_status', '=', 'issued')
      .where('e_receipt_replacing', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!p) throw problem('receipt-not-replaceable', vi.detail.replaceIssuedOnce);
    await enqueue(
      tx,
      d.id,
      [{ kind: 'receipt.replace', destination: 'ereceipt', payload: { paymentId } }],
      now,
    );
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'payment.receipt_replace_requested',
        targetKind: 'payment_request',
        targetId: paymentId,
        agencyCode: d.agency_code,
        detail: { code, receipt: `${p.e_receipt_series ?? ''}-${p.e_receipt_no ?? ''}`, ...ask },
      },
      now,
      meta,
    );
    return paymentView(p);
  });
}
