/** Identity numbers of applicants, checked alike at the counter screen and by the server. */

/**
 * The 12-digit citizen ID (CCCD): 3 digits of the province of birth registration (001–096), a
 * digit for gender and century, 2 digits of the birth year, 6 random digits.
 */
export function isCitizenId(id: string): boolean {
  if (!/^\d{12}$/.test(id)) return false;
  const province = Number(id.slice(0, 3));
  return province >= 1 && province <= 96;
}

/** A tax code: 10 digits, or 13 for a branch written 10-3 (0101234567-001). */
export const isTaxCode = (id: string): boolean => /^\d{10}(-\d{3})?$/.test(id);
