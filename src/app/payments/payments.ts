import { vi } from '../../domain/i18n/vi.js';
import { sql } from 'kysely';
import { verifyCallback } from '../../integrations/http/signedCallback.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { actAsSystem } from '../dossiers/actOnDossier.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import { rolesAt } from '../access/rolesAt.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import type { PaymentView } from '../../contracts/payments.js';
import { markForCounting } from '../reports/countIndicators.js';
import { problem } from '../problems.js';
import { enqueue, queuePortalSync } from '../outbox/enqueue.js';
import type { ActorRef } from '../dossiers/dossierLog.js';

export const paymentView = (r: {
  id: string;
  amount: number;
  fee_lines: unknown;
  status: PaymentView['status'];
  pay_url: string | null;
  receipt_no: string | null;
  e_receipt_no: string | null;
  e_receipt_series: string | null;
  e_receipt_lookup: string | null;
  e_receipt_url: string | null;
  e_receipt_status: 'issued' | 'cancelled' | null;
  e_receipt_replaces: string | null;
  e_receipt_replacing: unknown;
  created_at: Date;
  updated_at: Date;
}): PaymentView => ({
  id: r.id,
  amount: Number(r.amount),
  feeLines: r.fee_lines as PaymentView['feeLines'],
  status: r.status,
  payUrl: r.pay_url,
  receiptNo: r.receipt_no,
  eReceipt:
    r.e_receipt_no && r.e_receipt_status
      ? {
          number: r.e_receipt_no,
          series: r.e_receipt_series ?? '',
          lookupCode: r.e_receipt_lookup ?? '',
          url: r.e_receipt_url ?? '',
          status: r.e_receipt_status,
          replaces: r.e_receipt_replaces,
          replacing: r.e_receipt_replacing !== null,
        }
      : null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** A dossier's payment requests, newest first, for an official who may see it. */
export function listPayments(ctx: AppContext, actor: Actor, code: string): Promise<PaymentView[]> {
  const staff = requireStaff(actor);
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, ctx.now());
    const rows = await tx
      .selectFrom('payment_request')
      .selectAll()
      .where('dossier_id', '=', d.id)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(paymentView);
  });
}

/** The payment the applicant should make now, if any (for the public status page). */
export async function openPayment(
  tx: Tx,
  dossierId: string,
): Promise<{ amount: number; payUrl: string } | null> {
  const r = await tx
    .selectFrom('payment_request')
    .select(['amount', 'pay_url'])
    .where('dossier_id', '=', dossierId)
    .where('status', '=', 'waiting')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return r?.pay_url ? { amount: Number(r.amount), payUrl: r.pay_url } : null;
}

export interface CallbackBody {
  MaThanhToan: string;
  MaHoSo: string;
  SoTien: number;
  TrangThai: 'paid' | 'cancelled' | 'refunded';
  MaBienLai: string | null;
}

const rejected = (detail: string) => problem('callback-rejected', detail);

/**
 * The payment platform's callback: refused unless signed with the shared secret, recent, and never
 * seen (its nonce is kept); then, in one transaction, the payment is settled and a paid dossier
 * waiting on its obligation goes back to processing (the clock resumes), recorded in the log as
 * done by the system on the platform's word. A repeated callback changes nothing.
 */
export async function receivePaymentCallback(
  ctx: AppContext,
  secret: string | undefined,
  headers: { signature?: string; timestamp?: string; nonce?: string },
  rawBody: string,
): Promise<{ status: string; dossierStatus: number | null }> {
  if (!secret) throw problem('not-configured');
  const verdict = verifyCallback(secret, headers, rawBody, ctx.now());
  if (verdict !== 'ok') throw rejected(verdict);
  let body: CallbackBody;
  try {
    body = JSON.parse(rawBody) as CallbackBody;
  } catch {
    throw problem('malformed-json');
  }
  if (!['paid', 'cancelled', 'refunded'].includes(body.TrangThai) || typeof body.MaThanhToan !== 'string')
    throw problem('validation', 'TrangThai, MaThanhToan');
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const fresh = await tx
      .insertInto('callback_nonce')
      .values({ source: 'payment', nonce: String(headers.nonce), received_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('nonce')
      .executeTakeFirst();
    if (!fresh) throw problem('callback-replayed');
    return settlePayment(ctx, tx, body, now, { source: 'payment' });
  });
}

/**
 * A payment the platform (or the portal's payment platform) reports settled, in the caller's
 * transaction: the request is updated, and a paid dossier waiting on its obligation goes back to
 * processing (the clock resumes), recorded as done on `by`'s word. `dossierId`, when given, is the
 * dossier the report names: a payment of another dossier is not found. A report the request's state
 * does not allow changes nothing.
 */
export async function settlePayment(
  ctx: AppContext,
  tx: Tx,
  body: CallbackBody,
  now: Date,
  from: { source: string; by?: ActorRef; dossierId?: string },
): Promise<{ status: string; dossierStatus: number | null }> {
  const { rows } = await sql<{ id: string; status: string; dossier_id: string; amount: number }>`
    SELECT id, status, dossier_id, amount FROM payment_request WHERE provider_ref = ${body.MaThanhToan} FOR UPDATE`.execute(
    tx,
  );
  const payment = rows[0];
  if (!payment || (from.dossierId !== undefined && payment.dossier_id !== from.dossierId))
    throw problem('not-found', vi.detail.noPayment(body.MaThanhToan));
  const allowed: Record<string, string[]> = {
    paid: ['waiting', 'creating'],
    cancelled: ['waiting', 'creating'],
    refunded: ['paid', 'refunding'],
  };
  if (!allowed[body.TrangThai]?.includes(payment.status))
    return { status: payment.status, dossierStatus: null };
  if (body.TrangThai === 'paid' && Number(body.SoTien) !== Number(payment.amount))
    throw problem('amount-mismatch', vi.detail.amountMismatch);
  await tx
    .updateTable('payment_request')
    .set({ status: body.TrangThai, receipt_no: body.MaBienLai ?? null, updated_at: now })
    .where('id', '=', payment.id)
    .execute();
  await queuePortalSync(tx, payment.dossier_id, 'payment', now);
  // A paid fee gets its e-receipt; a refunded one has it cancelled.
  if (body.TrangThai === 'paid' || body.TrangThai === 'refunded')
    await enqueue(
      tx,
      payment.dossier_id,
      [
        {
          kind: body.TrangThai === 'paid' ? 'receipt.issue' : 'receipt.cancel',
          destination: 'ereceipt',
          payload: { paymentId: payment.id },
        },
      ],
      now,
    );
  // The facts read by the indicators changed; the action below counts again when it runs.
  if (body.TrangThai !== 'paid') {
    await markForCounting(tx, payment.dossier_id);
    return { status: body.TrangThai, dossierStatus: null };
  }
  const d = await tx
    .selectFrom('dossier')
    .select(['code', 'status', 'version'])
    .where('id', '=', payment.dossier_id)
    .executeTakeFirstOrThrow();
  if (d.status !== 6) {
    await markForCounting(tx, payment.dossier_id);
    return { status: 'paid', dossierStatus: d.status };
  }
  const moved = await actAsSystem(
    ctx,
    tx,
    d.code,
    { type: 'record_payment', expectedVersion: d.version },
    { role: 'receiver', source: from.source, ...(from.by ? { by: from.by } : {}) },
  );
  return { status: 'paid', dossierStatus: moved.status };
}

/**
 * A leader of the agency holding the dossier asks the platform to refund a paid request (the
 * applicant paid twice, or the dossier was refused after payment): queued through the outbox,
 * audited; the platform's "refunded" callback settles it.
 */
export async function requestRefund(
  ctx: AppContext,
  actor: Actor,
  code: string,
  paymentId: string,
  reason: string,
  meta: RequestMeta,
): Promise<PaymentView> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDossier(tx, staff.accountId, code, now);
    if (!(await rolesAt(tx, staff.accountId, d.agency_code, now)).includes('leader'))
      throw problem('role-cannot', vi.detail.onlyLeaderRefunds);
    const p = await tx
      .updateTable('payment_request')
      .set({ status: 'refunding', updated_at: now })
      .where('id', '=', paymentId)
      .where('dossier_id', '=', d.id)
      .where('status', '=', 'paid')
      .returningAll()
      .executeTakeFirst();
    if (!p) throw problem('not-refundable', vi.detail.refundOnce);
    await queuePortalSync(tx, d.id, 'payment', now);
    await tx
      .insertInto('outbox_message')
      .values({
        dossier_id: d.id,
        destination: 'payment',
        kind: 'payment.refund',
        payload: JSON.stringify({ paymentId, reason }),
        created_at: now,
      })
      .execute();
    await recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'payment.refund_requested',
        targetKind: 'payment_request',
        targetId: paymentId,
        agencyCode: d.agency_code,
        detail: { code, amount: Number(p.amount), reason },
      },
      now,
      meta,
    );
    return paymentView(p);
  });
}
