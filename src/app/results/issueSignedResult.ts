import { vi } from '../../domain/i18n/vi.js';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ResultType, VersionContent } from '../../domain/catalog/procedureVersion.js';
import { vietnamDate } from '../../domain/calendar/localDate.js';
import { shortPlace, vnLongDate } from '../../domain/forms/forms.js';
import { applicantAddress } from '../forms/applicantAddress.js';
import {
  defaultResultTemplate,
  eformFacts,
  fillTemplate,
  registerNumber,
} from '../../domain/results/resultTemplate.js';
import type { Applicant } from '../../domain/dossier/intakeRules.js';
import type { Tx } from '../context.js';
import { addResultToWarehouse } from '../warehouse/warehouseItems.js';
import type { EResults } from '../signing/eResults.js';
import { renderResultPdf } from './resultDocument.js';

/** Crockford's base32 without look-alikes: a code people can read off paper and type. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function verificationCode(): string {
  return [...randomBytes(12)].map((b) => alphabet[b % 32]).join('');
}

/** The next number in the agency's register for the year, taken under the row's lock. */
async function nextNumber(tx: Tx, agency: string, year: number): Promise<number> {
  const row = await tx
    .insertInto('result_register')
    .values({ agency_code: agency, year, last_number: 1 })
    .onConflict((oc) =>
      oc
        .columns(['agency_code', 'year'])
        .doUpdateSet((eb) => ({ last_number: eb('result_register.last_number', '+', 1) })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

/** The dossier as a result is drafted from it. */
export interface ResultDossier {
  id: string;
  code: string;
  agency_code: string;
  procedure_code: string;
  applicant_id_number: string;
  applicant_name: string;
  applicant: unknown;
  eform: unknown;
  summary: string | null;
  received_at: Date | null;
}

/** Who issues a result and what it is about: the agency and its place, the procedure, the signer. */
async function issuingFacts(tx: Tx, dossier: ResultDossier, signerId: string) {
  const agency = await tx
    .selectFrom('agency as a')
    .leftJoin('admin_unit as u', (j) =>
      j.onRef('u.code', '=', 'a.admin_unit_code').on('u.valid_to', 'is', null),
    )
    .select(['a.name', 'u.name as place'])
    .where('a.code', '=', dossier.agency_code)
    .executeTakeFirstOrThrow();
  const procedure = await tx
    .selectFrom('procedure')
    .select('name')
    .where('code', '=', dossier.procedure_code)
    .executeTakeFirst();
  const signer = await tx
    .selectFrom('account')
    .select('full_name')
    .where('id', '=', signerId)
    .executeTakeFirstOrThrow();
  return { agency, procedure, signer };
}

/**
 * The leader issues the result: drafted from the result type's template with the dossier's facts
 * and e-form, numbered in the agency's register, signed with the leader's certificate, kept in the
 * file store and recorded — in the action's transaction, so an issued result always has its signed
 * file — and put in the holder's data warehouse.
 */
export async function issueSignedResult(
  tx: Tx,
  e: EResults,
  dossier: ResultDossier,
  content: VersionContent,
  signerId: string,
  now: Date,
): Promise<{ id: string; number: string }> {
  const type: ResultType = content.results[0] ?? {
    code: 'KQ',
    name: vi.result.defaultName,
    mustBeSigned: true,
  };
  const { agency, procedure, signer } = await issuingFacts(tx, dossier, signerId);
  const year = Number(vietnamDate(now).slice(0, 4));
  const number = registerNumber(await nextNumber(tx, dossier.agency_code, year), year, type.code);
  const code = verificationCode();
  const body = fillTemplate(type.template ?? defaultResultTemplate, {
    'dossier.code': dossier.code,
    'dossier.receivedOn': dossier.received_at
      ? vnLongDate(dossier.received_at).replace(vi.document.dayPrefix, '')
      : null,
    'dossier.summary': dossier.summary,
    'procedure.name': procedure?.name ?? dossier.procedure_code,
    'agency.name': agency.name,
    'holder.name': dossier.applicant_name,
    'holder.idNumber': dossier.applicant_id_number,
    'holder.address': await applicantAddress(tx, dossier.applicant as Applicant),
    'result.name': type.name,
    ...eformFacts(dossier.eform),
  });
  const draft = await renderResultPdf({
    agencyName: agency.name,
    number,
    placeDate: `${shortPlace(agency.place ?? '')}, ${vnLongDate(now)}`,
    title: type.name,
    body,
    signerTitle: vi.result.signerTitle,
    signerName: signer.full_name,
    verifyUrl: e.verifyUrl(code),
    verificationCode: code,
  });
  const signed = await e.signer.sign(
    draft,
    { accountId: signerId, name: signer.full_name, agency: agency.name },
    now,
  );
  // Content-addressed: kept before the row commits; if the transaction fails the file has no
  // record, which the storage check reports (never a record without its file).
  const staged = await e.files.stage(Readable.from(signed.pdf), 50 * 1024 * 1024);
  await e.files.keep(staged);
  const row = await tx
    .insertInto('dossier_result')
    .values({
      dossier_id: dossier.id,
      status: 'signed',
      title: vi.result.numbered(type.name, number),
      number,
      issued_on: vietnamDate(now),
      signer: signer.full_name,
      issuing_agency: dossier.agency_code,
      sha256: staged.sha256,
      size: staged.size,
      result_type: type.code,
      holder_id_number: dossier.applicant_id_number,
      holder_name: dossier.applicant_name,
      signed_at: now,
      certificate_issuer: signed.issuer,
      certificate_serial: signed.serial,
      verification_code: code,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addResultToWarehouse(tx, row.id, now);
  return { id: row.id, number };
}
