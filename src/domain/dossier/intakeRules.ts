import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Component } from '../catalog/procedureVersion.js';
import { isCitizenId, isTaxCode } from './idNumbers.js';

/** Người nộp: a person (12-digit citizen ID), a business (tax code) or an agency (e-ID or tax code). */
export interface Applicant {
  kind: 'individual' | 'business' | 'agency';
  idNumber: string;
  name: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  address: { communeCode: string; detail: string };
}

/** A component handed in (or uploaded): how many copies, and the stored files once there are any. */
export interface ReceivedComponent {
  code: string;
  copies: number;
  files?: string[] | undefined;
}

/** Why an intake is refused: each code has its Vietnamese text in `vi.dossierProblem`. */
export type IntakeProblemCode =
  | 'required'
  | 'citizen_id'
  | 'tax_code'
  | 'commune_code'
  | 'unknown_commune'
  | 'unknown_component'
  | 'unknown_case'
  | 'eform_missing'
  | 'eform_invalid';

export interface IntakeProblem {
  field: string;
  code: IntakeProblemCode;
}

export function checkApplicant(a: Applicant, at = 'applicant'): IntakeProblem[] {
  const out: IntakeProblem[] = [];
  if (a.name.trim() === '') out.push({ field: `${at}.name`, code: 'required' });
  const idOk =
    a.kind === 'individual'
      ? isCitizenId(a.idNumber)
      : a.kind === 'business'
        ? isTaxCode(a.idNumber)
        : isTaxCode(a.idNumber) || /^[0-9A-Z.]{5,20}$/.test(a.idNumber);
  if (!idOk) out.push({ field: `${at}.idNumber`, code: a.kind === 'individual' ? 'citizen_id' : 'tax_code' });
  if (!/^\d{5}$/.test(a.address.communeCode))
    out.push({ field: `${at}.address.communeCode`, code: 'commune_code' });
  return out;
}

/**
 * A dossier is complete when every required component is handed in, except those a national
 * database supplies (the official must not ask for them). Incomplete means Form 02, not receipt.
 */
export function missingComponents(
  required: readonly Component[],
  received: readonly ReceivedComponent[],
): string[] {
  const got = new Set(received.filter((r) => r.copies > 0).map((r) => r.code));
  return required.filter((c) => c.required && !c.suppliedByNationalDb && !got.has(c.code)).map((c) => c.code);
}

export function unknownComponents(
  all: readonly Component[],
  received: readonly ReceivedComponent[],
): string[] {
  const known = new Set(all.map((c) => c.code));
  return received.filter((r) => !known.has(r.code)).map((r) => r.code);
}

// Draft 2020-12, the dialect the catalog's e-forms declare.
const ajv = new Ajv2020({ allErrors: true, strict: false });
// Compiled validators by schema text: a version's e-form is compiled once, not per dossier.
const compiled = new Map<string, ValidateFunction>();

/**
 * E-form data checked against each component's JSON Schema (Ajv): problems name the component and
 * the JSON pointer of the field, e.g. `eform.TK/hoTen`.
 */
export function checkEforms(
  components: readonly Component[],
  eform: Record<string, unknown>,
): IntakeProblem[] {
  const out: IntakeProblem[] = [];
  // E-form data is kept only for components the version has, and that carry an e-form.
  const withForm = new Set(components.filter((c) => c.eformSchema).map((c) => c.code));
  for (const code of Object.keys(eform))
    if (!withForm.has(code)) out.push({ field: `eform.${code}`, code: 'unknown_component' });
  for (const c of components) {
    if (!c.eformSchema) continue;
    const data = eform[c.code];
    if (data === undefined) {
      if (c.required) out.push({ field: `eform.${c.code}`, code: 'eform_missing' });
      continue;
    }
    const key = JSON.stringify(c.eformSchema);
    let validate = compiled.get(key);
    if (!validate) {
      if (compiled.size > 1000) compiled.clear();
      validate = ajv.compile(c.eformSchema);
      compiled.set(key, validate);
    }
    if (!validate(data)) {
      for (const e of validate.errors ?? []) {
        const missing = e.keyword === 'required' ? `/${String(e.params['missingProperty'])}` : '';
        out.push({ field: `eform.${c.code}${e.instancePath}${missing}`, code: 'eform_invalid' });
      }
    }
  }
  return out;
}
