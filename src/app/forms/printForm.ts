import { applicantAddress } from './applicantAddress.js';
import { sql } from 'kysely';
import { componentsOf } from '../../domain/catalog/procedureVersion.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { fromLocal } from '../../domain/calendar/localTime.js';
import type { Applicant, ReceivedComponent } from '../../domain/dossier/intakeRules.js';
import {
  composeForm,
  FormNotApplicable,
  legalBasisOn,
  shortPlace,
  type FormFacts,
  type FormKind,
} from '../../domain/forms/forms.js';
import { vi } from '../../domain/i18n/vi.js';
import type { Actor } from '../access/actor.js';
import { requireStaff } from '../access/require.js';
import { recordAudit, type RequestMeta } from '../audit/auditLog.js';
import { brandOf, inTransaction, type AppContext, type Tx } from '../context.js';
import { visibleDossier } from '../access/dossierVisibility.js';
import { handlingConfig } from '../dossiers/handlingConfig.js';
import { renderFormPdf } from './formPdf.js';
import { problem } from '../problems.js';

/** The action whose actor signs, and whose data carries the reason, for each form. */
const sourceAction: Record<FormKind, string | null> = {
  receipt: 'receive',
  supplement: 'request_supplement',
  refusal: 'refuse',
  apology: 'propose_extension',
  stop: 'stop',
  tracking: null,
};

/** "Thành phố Hà Nội" → "Hà Nội", for the date line of a form. */

/** Names and places of the agencies a form mentions, by code. */
async function agencyLookup(tx: Tx, codes: string[]) {
  const agencies = await tx
    .selectFrom('agency as a')
    .innerJoin('admin_unit as u', 'u.code', 'a.admin_unit_code')
    .select(['a.code', 'a.name', 'u.name as unit_name'])
    .where('a.code', 'in', [...new Set(codes)])
    .execute();
  return (c: string) => agencies.find((a) => a.code === c);
}

/** Everything a form of a dossier states, read in one transaction. */
async function formFacts(
  ctx: AppContext,
  tx: Tx,
  accountId: string,
  code: string,
  kind: FormKind,
  statusUrl: string,
): Promise<FormFacts> {
  const now = ctx.now();
  const d = await visibleDossier(tx, accountId, code, now);
  const config = await handlingConfig(ctx, tx);
  const content = await config.versionContent(d.procedure_code, d.version_no);
  const steps = await config.templateSteps(d);
  const log = await tx
    .selectFrom('dossier_action as l')
    .leftJoin('account as a', (j) => j.on(sql<boolean>`a.id::text = l.actor_id`))
    .select(['l.type', 'l.at', 'l.data', 'l.from_step', 'l.to_step', 'l.agency_code', 'l.to_agency'])
    .select(['l.step_due_at', 'l.step_verdict', 'a.full_name'])
    .where('l.dossier_id', '=', d.id)
    .orderBy('l.seq')
    .execute();
  const agency = await agencyLookup(tx, [
    d.received_by_agency,
    ...log.flatMap((l) => [l.agency_code, l.to_agency]),
  ]);
  const applicant = d.applicant as Applicant;
  const address = await applicantAddress(tx, applicant);
  const procedure = await tx
    .selectFrom('procedure')
    .select('name')
    .where('code', '=', d.procedure_code)
    .executeTakeFirstOrThrow();
  const source = sourceAction[kind];
  const signed = source ? log.filter((l) => l.type === source).at(-1) : undefined;
  const data = (signed?.data ?? {}) as { reason?: string; components?: string[]; newDue?: number };
  const all = componentsOf(content, d.case_code);
  const nameOf = (c: string) => all.find((x) => x.code === c)?.name ?? c;
  const stepName = (s: string | null) => (s ? (steps.find((x) => x.code === s)?.name ?? s) : '');
  return {
    kind,
    basis: legalBasisOn(vietnamDate(d.received_at ?? d.submitted_at)),
    agencyName: agency(d.received_by_agency)?.name ?? d.received_by_agency,
    placeName: shortPlace(agency(d.received_by_agency)?.unit_name ?? ''),
    code: d.code,
    procedureName: procedure.name,
    applicant: {
      name: applicant.name,
      idNumber: applicant.idNumber,
      address,
      phone: applicant.phone ?? null,
    },
    components: (d.components as ReceivedComponent[]).map((c) => ({
      name: nameOf(c.code),
      copies: c.copies,
    })),
    receivedAt: d.received_at,
    dueAt: d.due_at,
    printedAt: now,
    officialName: signed?.full_name ?? null,
    reason: source && signed ? (data.reason ?? null) : null,
    requested: kind === 'supplement' && signed ? (data.components ?? []).map(nameOf) : [],
    newDueAt: kind === 'apology' && signed && typeof data.newDue === 'number' ? fromLocal(data.newDue) : null,
    log: log
      .filter((l) => l.type !== 'submit')
      .map((l) => ({
        step: `${vi.actionName[l.type] ?? l.type}${l.to_step ? ` — ${stepName(l.to_step)}` : ''}`,
        from: agency(l.agency_code)?.name ?? l.agency_code,
        to: agency(l.to_agency)?.name ?? l.to_agency,
        at: l.at,
        due: l.step_due_at,
        verdict: l.step_verdict,
        by: l.full_name ?? '',
      })),
    statusUrl,
    practice: d.practice,
  };
}

/**
 * A printable form of a dossier as PDF, for an official who may see the dossier; the print is
 * recorded like a read. 409 when the dossier never called for that form (no refusal, say).
 */
export async function printForm(
  ctx: AppContext,
  actor: Actor,
  code: string,
  kind: FormKind,
  statusUrl: string,
  meta: RequestMeta,
): Promise<Buffer> {
  const staff = requireStaff(actor);
  const now = ctx.now();
  const facts = await inTransaction(ctx, (tx) => formFacts(ctx, tx, staff.accountId, code, kind, statusUrl));
  let form;
  try {
    form = composeForm(facts);
  } catch (e) {
    if (e instanceof FormNotApplicable) throw problem('form-not-applicable');
    throw e;
  }
  const pdf = await renderFormPdf(form, brandOf(ctx.settings));
  await inTransaction(ctx, (tx) =>
    recordAudit(
      tx,
      {
        actorKind: 'staff',
        actorId: staff.accountId,
        action: 'dossier.print',
        targetKind: 'dossier',
        targetId: code,
        detail: { form: kind, number: form.number, basis: form.basis },
      },
      now,
      meta,
    ),
  );
  return pdf;
}
