import { vi } from '../../domain/i18n/vi.js';
import { fromLocal } from '../../domain/calendar/localTime.js';
import type { Action } from '../../domain/dossier/lifecycle.js';
import type { Applicant } from '../../domain/dossier/intakeRules.js';
import { composeNotice, noticeOfAction, smsParts } from '../../domain/notifications/applicantNotice.js';
import { statusPagePath } from '../../contracts/public.js';
import { recordAudit } from '../audit/auditLog.js';
import { enqueue, type OutboxMessage } from '../outbox/enqueue.js';
import { uncountDossiers } from '../reports/countIndicators.js';
import { noticeWords } from '../notices/noticeWords.js';
import { issueSignedResult } from '../results/issueSignedResult.js';
import { queueResultDraft } from '../results/resultDraft.js';
import type { Effect, Recorded } from './transitionEffect.js';
import { sendOriginalsByPost } from './transferOriginals.js';
import { consultExternally, sendLinkedDossiers } from './exchangeEffects.js';
import { terminalStatuses } from '../../domain/dossier/status.js';

export type { Effect, Recorded, TransitionDossier } from './transitionEffect.js';

const last = (t: Recorded) => t.entries[t.entries.length - 1] as Action;
const has = <T extends Action['type']>(t: Recorded, type: T) =>
  t.entries.find((a): a is Extract<Action, { type: T }> => a.type === type);

/**
 * The national portal learns of every entry in the log: a status change, a hand-over between steps,
 * a new due time (extension, pause, resume), a supplement request (DOMAIN §7, issue 22).
 */
const syncPortal: Effect = async (_ctx, tx, t) => {
  const a = last(t);
  const payload = {
    code: t.dossier.code,
    status: a.toStatus,
    action: a.type,
    seq: t.lastSeq,
    at: fromLocal(a.at).toISOString(),
  };
  await enqueue(tx, t.dossier.id, [{ kind: 'dossier.status', destination: 'dvcqg', payload }], t.now);
};

/** A financial obligation becomes a payment request at the national payment platform. */
const requestPayment: Effect = async (_ctx, tx, t) => {
  const a = has(t, 'request_payment');
  if (!a) return;
  const { amount } = a.data;
  const feeLines = [{ TenPhi: vi.detail.feeLine, SoTien: amount }];
  const { id } = await tx
    .insertInto('payment_request')
    .values({
      dossier_id: t.dossier.id,
      amount,
      fee_lines: JSON.stringify(feeLines),
      created_at: t.now,
      updated_at: t.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const message: OutboxMessage = {
    kind: 'payment.request',
    destination: 'payment',
    payload: { paymentId: id },
  };
  await enqueue(tx, t.dossier.id, [message], t.now);
};

/**
 * An issued result is signed here as the leader (see docs/decisions.md), or, where results are
 * numbered and signed by the document-management system, drafted and sent there.
 */
const issueResult: Effect = async (ctx, tx, t) => {
  if (!has(t, 'issue_result')) return;
  if (ctx.eResults && t.actor.kind === 'staff')
    await issueSignedResult(tx, ctx.eResults, t.dossier, t.content, t.actor.id, t.now);
  else await queueResultDraft(tx, t.dossier, t.now);
};

/** What the notice of an action says besides the dossier's code and due time. */
const actionFacts = (a: Action): { reason: string | null; amount: number | null } => {
  const data = a.data as { reason?: unknown; amount?: unknown };
  return {
    reason: typeof data.reason === 'string' ? data.reason : null,
    amount: typeof data.amount === 'number' ? data.amount : null,
  };
};

/**
 * The applicant hears (SMS, e-mail, whichever they gave) of each action they must learn of, in
 * the words in force for the procedure and province, from the province's brandname.
 */
const noticeApplicant: Effect = async (ctx, tx, t) => {
  const applicant = t.dossier.applicant as Applicant;
  if (!applicant.phone && !applicant.email) return;
  const due = t.state.due === null ? null : fromLocal(t.state.due);
  const publicUrl = ctx.settings.publicUrl;
  const statusUrl = publicUrl ? `${publicUrl}${statusPagePath(t.dossier.code)}` : null;
  for (const a of t.entries) {
    const event = noticeOfAction[a.type];
    if (!event) continue;
    const words = await noticeWords(tx, t.dossier, t.state.agencyCode, event);
    const notice = composeNotice(
      event,
      { code: t.dossier.code, due, statusUrl, ...actionFacts(a), ...words },
      words.template,
    );
    const kind = `applicant.${event}` as const;
    const brand = words.brandname ? { brandname: words.brandname } : {};
    await enqueue(
      tx,
      t.dossier.id,
      [
        ...(applicant.phone
          ? [
              {
                kind,
                destination: 'sms' as const,
                payload: { to: applicant.phone, text: notice.sms, ...smsParts(notice.sms), ...brand },
              },
            ]
          : []),
        ...(applicant.email
          ? [{ kind, destination: 'email' as const, payload: { to: applicant.email, ...notice.email } }]
          : []),
      ],
      t.now,
    );
  }
};

/**
 * A transfer names the competent agency: from then on the dossier is counted there, its rows taken
 * back from the agency that counted them (the receiving one keeps the credit for the receipt).
 */
const moveCompetence: Effect = async (_ctx, tx, t) => {
  const a = has(t, 'transfer');
  if (!a) return;
  await uncountDossiers(tx, [t.dossier.id]);
  await tx
    .updateTable('dossier')
    .set({ competent_agency: a.agencyCode })
    .where('id', '=', t.dossier.id)
    .execute();
};

/** Leaving the planned route is an administrative decision: on the audit trail of both agencies. */
const auditTransfer: Effect = async (_ctx, tx, t) => {
  const a = has(t, 'transfer');
  if (!a || t.actor.kind !== 'staff') return;
  await recordAudit(
    tx,
    {
      actorKind: 'staff',
      actorId: t.actor.id,
      action: 'dossier.transfer',
      targetKind: 'dossier',
      targetId: t.dossier.code,
      agencyCode: a.agencyCode,
      detail: { from: a.data.fromAgency, to: a.agencyCode, reason: a.data.reason },
    },
    t.now,
    t.meta ?? { ip: null, requestId: null },
  );
};

/**
 * A withdrawal the applicant asked for on the portal is answered once the dossier is finished
 * (withdrawn, or refused, stopped, returned before the request could be granted).
 */
const answerWithdrawalRequests: Effect = async (_ctx, tx, t) => {
  if (!terminalStatuses.includes(t.state.status)) return;
  await tx
    .updateTable('portal_event')
    .set({ handled_at: t.now, handled_by: t.actor.kind === 'staff' ? t.actor.id : null })
    .where('dossier_id', '=', t.dossier.id)
    .where('kind', '=', 'withdrawal')
    .where('attention', '=', true)
    .where('handled_at', 'is', null)
    .execute();
};

/**
 * What follows every transition, in this order, in the transition's transaction: a lifecycle
 * command that needs something more than the log and the row adds its effect here.
 */
export const afterTransition: readonly Effect[] = [
  syncPortal,
  requestPayment,
  issueResult,
  noticeApplicant,
  moveCompetence,
  auditTransfer,
  answerWithdrawalRequests,
  sendOriginalsByPost,
  sendLinkedDossiers,
  consultExternally,
];
