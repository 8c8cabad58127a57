import { searchKey } from './searchKey.js';

/** A heading as compared: accents, case, punctuation and spacing ignored. */
const headingKey = (h: string) =>
  searchKey(h)
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Which column holds each field of an imported table, from its heading row (each field known by
 * several names, Vietnamese or English); the required fields missing, and the headings not known.
 */
export function tableHeading<F extends string>(
  names: Record<F, readonly string[]>,
  required: readonly F[],
  heading: readonly string[],
): { at: Partial<Record<F, number>>; missing: F[]; unknown: string[] } {
  const at: Partial<Record<F, number>> = {};
  const unknown: string[] = [];
  const fields = Object.keys(names) as F[];
  heading.forEach((h, i) => {
    const key = headingKey(h);
    const field = fields.find((f) => names[f].includes(key));
    if (field && at[field] === undefined) at[field] = i;
    else if (key !== '') unknown.push(h);
  });
  return { at, missing: required.filter((f) => at[f] === undefined), unknown };
}
