import { openPayment } from '../payments/payments.js';
import { timingSafeEqual } from 'node:crypto';
import { componentsOf } from '../../domain/catalog/procedureVersion.js';
import { Status } from '../../domain/dossier/status.js';
import { isSatisfied } from '../../domain/reports/ratings.js';
import { vi } from '../../domain/i18n/vi.js';
import { inTransaction, type AppContext, type Tx } from '../context.js';
import { provinceOfAgency } from '../access/agencyProvince.js';
import { handlingConfig } from '../dossiers/handlingConfig.js';
import { exchangesOf } from '../dossiers/exchangeViews.js';
import { groupStatus } from '../../domain/exchange/exchange.js';
import type { PublicDossierStatus, RatingBody } from '../../contracts/public.js';
import { markForCounting } from '../reports/countIndicators.js';
import { problem } from '../problems.js';
import { queuePortalSync } from '../outbox/enqueue.js';

const notFound = () => problem('not-found', vi.detail.noPublicDossier);

const sameDigits = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The dossier an applicant proves is theirs by its code and the last four digits of their ID
 * number; a wrong code and a wrong second factor answer alike (404).
 */
export async function applicantDossier(tx: Tx, code: string, verify: string) {
  const d = await tx
    .selectFrom('dossier')
    .select(['id', 'code', 'status', 'applicant_id_number', 'applicant_name', 'received_by_agency'])
    .where('code', '=', code)
    // A practice dossier is the class's, never a citizen's.
    .where('practice', '=', false)
    .executeTakeFirst();
  if (!d || !sameDigits(d.applicant_id_number.slice(-4), verify)) throw notFound();
  return d;
}

/** A dossier the agency has finished with a result: its applicant may rate it. */
const ratable: number[] = [Status.resolved, Status.returned];

/**
 * The applicant rates their finished dossier (or changes the rating), proving who they are as for
 * the status page. A dossier not yet finished answers 409.
 */
export function rateDossier(ctx: AppContext, code: string, verify: string, body: RatingBody): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const d = await applicantDossier(tx, code, verify);
    await saveRating(tx, d, body, ctx.now());
  });
}

/**
 * Keeps the applicant's rating of a finished dossier (replacing an earlier one), whether given on
 * the status page or on the national portal; a dossier not yet finished answers 409.
 */
export async function saveRating(
  tx: Tx,
  d: { id: string; status: number },
  body: RatingBody,
  at: Date,
): Promise<void> {
  if (!ratable.includes(d.status)) throw problem('not-finished', vi.detail.notFinishedYet);
  const row = {
    level: body.level,
    reasons: isSatisfied(body.level) ? [] : body.reasons,
    comment: body.comment || null,
    rated_at: at,
  };
  await tx
    .insertInto('dossier_rating')
    .values({ dossier_id: d.id, ...row })
    .onConflict((oc) => oc.column('dossier_id').doUpdateSet(row))
    .execute();
  await queuePortalSync(tx, d.id, 'rating', row.rated_at);
  await markForCounting(tx, d.id);
}

/**
 * Every step the dossier went through, here and (taken over) on the provincial system before, by
 * agency, never by official; assignments inside an agency are its own affair.
 */
async function publicHistory(tx: Tx, dossierId: string): Promise<PublicDossierStatus['history']> {
  const log = await tx
    .selectFrom('dossier_action as x')
    .innerJoin('agency as g', 'g.code', 'x.agency_code')
    .select(['x.type', 'x.at', 'x.to_status', 'x.data', 'g.name'])
    .where('x.dossier_id', '=', dossierId)
    .where('x.type', '<>', 'assign')
    .orderBy('x.seq')
    .execute();
  return log.map((e) => ({
    at: e.at.toISOString(),
    action:
      (e.type === 'imported' ? (e.data as { label?: string | null }).label : null) ??
      vi.actionName[e.type] ??
      e.type,
    statusName: vi.dossierStatus[e.to_status] ?? String(e.to_status),
    agencyName: e.name,
  }));
}

/**
 * What an applicant may learn of their dossier from its code and the last four digits of their ID
 * number: the status in plain Vietnamese, the due date, the agency holding it (never an
 * official's name) and what is asked of them. A wrong code and a wrong second factor answer
 * alike, so the page cannot be used to learn which codes exist.
 */
export function publicStatus(ctx: AppContext, code: string, verify: string): Promise<PublicDossierStatus> {
  return inTransaction(ctx, async (tx) => {
    const d = await tx
      .selectFrom('dossier as d')
      .innerJoin('agency as a', 'a.code', 'd.agency_code')
      .innerJoin('procedure as p', 'p.code', 'd.procedure_code')
      .select([
        'd.id',
        'd.code',
        'd.status',
        'd.applicant_id_number',
        'd.procedure_code',
        'd.version_no',
        'd.case_code',
        'd.submitted_at',
        'd.received_at',
        'd.due_at',
        'a.name as agency_name',
        'p.name as procedure_name',
        // The province of the agency holding it, when local government holds it.
        provinceOfAgency('a').as('province'),
      ])
      .where('d.code', '=', code)
      .where('d.practice', '=', false)
      .executeTakeFirst();
    if (!d || !sameDigits(d.applicant_id_number.slice(-4), verify)) throw notFound();

    const asked = await askedOf(ctx, tx, d);
    const rating = tx.selectFrom('dossier_rating').select('level').where('dossier_id', '=', d.id);
    return {
      receipts: await receiptsOf(tx, d.id),
      group: await groupOf(tx, d.id, d.status),
      canRate: ratable.includes(d.status),
      rating: (await rating.executeTakeFirst())?.level ?? null,
      code: d.code,
      procedureName: d.procedure_name,
      status: d.status,
      statusName: vi.dossierStatus[d.status] ?? String(d.status),
      explanation: vi.publicStatus[d.status] ?? '',
      submittedAt: d.submitted_at.toISOString(),
      receivedAt: d.received_at?.toISOString() ?? null,
      dueAt: d.due_at?.toISOString() ?? null,
      agencyName: d.agency_name,
      province: d.province,
      history: await publicHistory(tx, d.id),
      asked,
    };
  });
}

/**
 * The group of chained procedures a dossier started in other systems (a birth registration's
 * residence and health insurance), each with its own code and status: done when all are.
 */
async function groupOf(tx: Tx, dossierId: string, status: number): Promise<PublicDossierStatus['group']> {
  const linked = (await exchangesOf(tx, dossierId)).filter((x) => x.kind === 'linked');
  if (linked.length === 0) return null;
  const finished = status === Status.returned;
  const group = groupStatus(
    finished,
    linked.map((x) => x.status),
  );
  return {
    status: group,
    statusName: vi.exchangeGroup[group],
    linked: linked.map((x) => ({
      procedureName: x.procedure?.name ?? '',
      systemName: x.system.name,
      code: x.remoteCode,
      statusName: vi.exchangeStatus[x.status],
      result: x.status === 'done' ? x.answer : null,
    })),
  };
}

/** What the agency waits for the applicant to do: the papers to supplement, or the fee to pay. */
async function askedOf(
  ctx: AppContext,
  tx: Tx,
  d: { id: string; status: number; procedure_code: string; version_no: number; case_code: string },
): Promise<PublicDossierStatus['asked']> {
  let asked: PublicDossierStatus['asked'] = null;
  if (d.status === Status.supplement || d.status === Status.financial) {
    const request = await tx
      .selectFrom('dossier_action')
      .select(['type', 'data', 'at'])
      .where('dossier_id', '=', d.id)
      .where('type', 'in', ['request_supplement', 'request_payment'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const data = (request?.data ?? {}) as { reason?: string; components?: string[]; amount?: number };
    if (request?.type === 'request_supplement') {
      const all = componentsOf(
        await (await handlingConfig(ctx, tx)).versionContent(d.procedure_code, d.version_no),
        d.case_code,
      );
      asked = {
        kind: 'supplement',
        since: request.at.toISOString(),
        reason: data.reason ?? '',
        components: (data.components ?? []).map((c) => all.find((x) => x.code === c)?.name ?? c),
        amount: null,
        payUrl: null,
      };
    } else if (request) {
      asked = {
        kind: 'payment',
        since: request.at.toISOString(),
        reason: '',
        components: [],
        amount: data.amount ?? null,
        payUrl: (await openPayment(tx, d.id))?.payUrl ?? null,
      };
    }
  }
  return asked;
}

/** The e-receipts of the fees paid, as the provider issued (or cancelled) them. */
async function receiptsOf(tx: Tx, dossierId: string): Promise<PublicDossierStatus['receipts']> {
  const rows = await tx
    .selectFrom('payment_request')
    .select([
      'amount',
      'e_receipt_no',
      'e_receipt_series',
      'e_receipt_lookup',
      'e_receipt_url',
      'e_receipt_status',
    ])
    .where('dossier_id', '=', dossierId)
    .where('e_receipt_no', 'is not', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    number: `${r.e_receipt_series}-${r.e_receipt_no}`,
    amount: Number(r.amount),
    lookupCode: r.e_receipt_lookup ?? '',
    url: r.e_receipt_url ?? '',
    status: r.e_receipt_status ?? 'issued',
  }));
}
