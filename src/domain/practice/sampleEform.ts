/**
 * A filled-in e-form for a practice dossier, from the component's JSON Schema: the applicant's
 * name and ID number where the form asks for them, a plausible value of the declared type
 * elsewhere. Only what the schema requires is filled (and what it lists with a default). The
 * caller validates the result like any intake; a schema this cannot satisfy is refused there.
 */
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  pattern?: string;
  items?: Schema;
  minItems?: number;
};

export interface SampleFacts {
  name: string;
  idNumber: string;
  day: string;
}

const nameKeys = /^(hoten|hovaten|ten|tennguoinop|name|fullname)$/i;
const idKeys = /(sodinhdanh|cccd|cmnd|idnumber|sogiayto)/i;

function sampleString(key: string, s: Schema, facts: SampleFacts): string {
  if (s.format === 'date') return facts.day;
  if (s.format === 'date-time') return `${facts.day}T08:00:00+07:00`;
  if (s.format === 'email') return 'hocvien@example.vn';
  if (idKeys.test(key)) return facts.idNumber;
  if (nameKeys.test(key)) return facts.name;
  if (s.pattern && /^\^?\\d\{(\d+)\}\$?$/.test(s.pattern)) {
    const n = Number(/\{(\d+)\}/.exec(s.pattern)?.[1]);
    return '1'.repeat(n);
  }
  const text = 'Nội dung thử nghiệm';
  const min = s.minLength ?? 0;
  const padded = text.length >= min ? text : text.padEnd(min, '.');
  return s.maxLength !== undefined ? padded.slice(0, s.maxLength) : padded;
}

export function sampleValue(key: string, s: Schema, facts: SampleFacts): unknown {
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type ?? (s.properties ? 'object' : 'string')) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = sampleValue(k, s.properties?.[k] ?? {}, facts);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sampleValue(key, s.items ?? {}, facts));
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return true;
    default:
      return sampleString(key, s, facts);
  }
}

/** The e-form of one component, filled for practice. */
export function sampleEform(schema: Record<string, unknown>, facts: SampleFacts): unknown {
  return sampleValue('', schema as Schema, facts);
}
