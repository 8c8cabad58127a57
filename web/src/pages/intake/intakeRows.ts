import type { FormInstance } from 'antd';
import type { WarehouseOffer } from '../../../../src/contracts/warehouse.js';
import type { Component } from '../../../../src/domain/catalog/procedureVersion.js';

/** One component on the intake list: handed in or not, how many copies, its scans or a reused item. */
export interface IntakeRow {
  component: Component;
  received: boolean;
  copies: number;
  files: File[];
  /** A warehouse item taken instead of a scan. */
  reuse?: WarehouseOffer | undefined;
}

/** What the intake form holds: the applicant's fields, and each e-form's answers by component. */
export type IntakeValues = {
  kind: 'individual' | 'business' | 'agency';
  idNumber: string;
  name: string;
  phone?: string;
  communeCode: string;
  addressDetail: string;
  summary?: string;
  returnAt?: 'here' | 'competent';
  [field: string]: unknown;
};

type Field = { title?: string; type?: string };

/** The e-form fields of a component's JSON Schema: one text box per property. */
export function eformFields(c: Component): { key: string; title: string; required: boolean }[] {
  const schema = c.eformSchema as { properties?: Record<string, Field>; required?: string[] } | null;
  return Object.entries(schema?.properties ?? {}).map(([key, f]) => ({
    key,
    title: f.title ?? key,
    required: schema?.required?.includes(key) ?? false,
  }));
}

/** The form field holding one e-form answer. */
export const eformField = (component: string, key: string) => `eform.${component}.${key}`;

/** The list's rows: each component as published, changed by what the clerk did. */
export function intakeRows(components: Component[], edits: Record<string, Partial<IntakeRow>>): IntakeRow[] {
  return components.map((c) => ({
    component: c,
    received: edits[c.code]?.received ?? c.required,
    copies: edits[c.code]?.copies ?? c.copies,
    files: edits[c.code]?.files ?? [],
    reuse: edits[c.code]?.reuse,
  }));
}

/**
 * Where a scan dropped on the whole list goes: the component whose code starts its name (a scanner
 * profile per component names files "TK_001.pdf"), else the first required component still without
 * a scan, else the first component.
 */
export function componentFor(rows: IntakeRow[], file: File): string | undefined {
  const name = file.name.toUpperCase();
  const named = rows.find((r) => {
    const code = r.component.code.toUpperCase();
    return name.startsWith(code) && /^([_\-. ]|$)/.test(name.slice(code.length));
  });
  const empty = rows.find((r) => r.component.required && r.files.length === 0);
  return (named ?? empty ?? rows[0])?.component.code;
}

/** The applicant's name and ID fill the e-form's matching fields the clerk left empty. */
export function fillKnownAnswers(form: FormInstance, rows: IntakeRow[]): void {
  const known: Record<string, unknown> = {
    hoTen: form.getFieldValue('name'),
    soDinhDanh: form.getFieldValue('idNumber'),
  };
  for (const r of rows.filter((x) => x.received))
    for (const f of eformFields(r.component)) {
      const name = eformField(r.component.code, f.key);
      if (!form.getFieldValue(name) && known[f.key]) form.setFieldValue(name, known[f.key]);
    }
}

/** Each received component's e-form answers, by component (components without an e-form left out). */
export function eformAnswers(
  rows: IntakeRow[],
  values: IntakeValues,
): Record<string, Record<string, unknown>> {
  const eform: Record<string, Record<string, unknown>> = {};
  for (const r of rows.filter((x) => x.received)) {
    const fields = eformFields(r.component);
    if (fields.length > 0)
      eform[r.component.code] = Object.fromEntries(
        fields.map((f) => [f.key, values[eformField(r.component.code, f.key)] ?? '']),
      );
  }
  return eform;
}
