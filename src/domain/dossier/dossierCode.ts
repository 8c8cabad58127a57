/**
 * The dossier code (mã hồ sơ) of Circular 03/2025/TT-VPCP Art. 13 cl. 3 as amended by Circular
 * 04/2025: `<agency e-ID code>-<YYMMDD>-<AA><XXXX>`, AA being two digits from the e-ID code of the
 * agency that owns the central system and XXXX the receiving agency's daily sequence (at least four
 * digits, more when needed). The separators and AA are configuration: the published punctuation is
 * to be checked against the gazette.
 */
export interface DossierCodeFormat {
  /** Two digits identifying the central system's owner. */
  ownerDigits: string;
  separator: string;
}

export const defaultDossierCodeFormat: DossierCodeFormat = { ownerDigits: '00', separator: '-' };

export function dossierCode(
  format: DossierCodeFormat,
  agencyCode: string,
  vietnamDay: string,
  sequence: number,
): string {
  if (!/^\d{2}$/.test(format.ownerDigits)) throw new RangeError('ownerDigits must be two digits');
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('sequence must be ≥ 1');
  const yymmdd = vietnamDay.slice(2, 4) + vietnamDay.slice(5, 7) + vietnamDay.slice(8, 10);
  const seq = String(sequence).padStart(4, '0');
  return [agencyCode, yymmdd, `${format.ownerDigits}${seq}`].join(format.separator);
}
