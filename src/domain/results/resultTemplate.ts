/**
 * A result document's text from its result type's template (mẫu kết quả): `{{name}}` placeholders
 * filled from the dossier's facts and its e-form. Pure.
 */

/** The facts a template can use: `holder.name`, `dossier.code`, `eform.TK.noiDung`, … */
export type TemplateFacts = Record<string, string | number | null | undefined>;

const placeholder = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** Fills a template; a fact that is missing shows as dots to be noticed, never as "undefined". */
export function fillTemplate(template: string, facts: TemplateFacts): string {
  return template.replace(placeholder, (_, key: string) => {
    const value = facts[key];
    return value === null || value === undefined || value === '' ? '…………' : String(value);
  });
}

/** The placeholders a template uses, to check a template against the facts a procedure offers. */
export function templateFields(template: string): string[] {
  return [...new Set([...template.matchAll(placeholder)].map((m) => m[1] ?? ''))];
}

/** Used when a result type has no template of its own. */
export const defaultResultTemplate =
  'Căn cứ hồ sơ số {{dossier.code}} tiếp nhận ngày {{dossier.receivedOn}} về thủ tục {{procedure.name}},\n' +
  '{{agency.name}} cấp cho ông/bà {{holder.name}}, số định danh {{holder.idNumber}}, ' +
  'địa chỉ {{holder.address}}: {{result.name}}.\n' +
  'Nội dung đề nghị: {{dossier.summary}}.';

/** Flattens an e-form's answers into `eform.<component>.<field>` facts. */
export function eformFacts(eform: unknown): TemplateFacts {
  const facts: TemplateFacts = {};
  if (typeof eform !== 'object' || eform === null) return facts;
  for (const [component, answers] of Object.entries(eform as Record<string, unknown>)) {
    if (typeof answers !== 'object' || answers === null) continue;
    for (const [field, value] of Object.entries(answers as Record<string, unknown>))
      if (typeof value === 'string' || typeof value === 'number')
        facts[`eform.${component}.${field}`] = value;
  }
  return facts;
}

/** Số ký hiệu from the local register: `12/2026/PLLTP`. */
export function registerNumber(n: number, year: number, resultType: string): string {
  return `${n}/${year}/${resultType}`;
}

/** A holder's name as a stranger may see it: initials of the family and middle names, the given name whole. */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return parts[0] ? `${[...parts[0]][0] ?? ''}***` : '';
  return [...parts.slice(0, -1).map((p) => `${[...p][0] ?? ''}.`), parts[parts.length - 1]].join(' ');
}

/**
 * An ID number for strangers: its first 3 digits (the province of birth registration) and nothing
 * of its end, because the last 4 digits are what the public status page asks as proof of holding
 * the dossier (issue 17: the page showed 3 of them).
 */
export function maskIdNumber(id: string): string {
  return id.length <= 7 ? '*'.repeat(id.length) : id.slice(0, 3) + '*'.repeat(id.length - 3);
}
