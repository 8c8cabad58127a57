/**
 * Completion of central deployment (tỷ lệ hoàn thành): procedures deployed centrally ÷ procedures
 * that must be. Computed exactly, never capped: a numerator above its denominator is a data error
 * to flag (seed 004's appendix printed 239/209 as "100%"), and 0/0 has no rate at all.
 */
export interface CompletionRow {
  deployed: number;
  required: number;
}

export interface CompletionResult {
  /** Percentage rounded to 2 decimals, or null when nothing is required. */
  percent: number | null;
  /** deployed > required: the counts contradict each other. */
  flagged: boolean;
}

export function completion(row: CompletionRow): CompletionResult {
  if (
    !Number.isInteger(row.deployed) ||
    !Number.isInteger(row.required) ||
    row.deployed < 0 ||
    row.required < 0
  ) {
    throw new RangeError('counts must be whole numbers ≥ 0');
  }
  const flagged = row.deployed > row.required;
  if (row.required === 0) return { percent: null, flagged };
  // Integer arithmetic first, one rounding at the end: 1/224 is 0.45 %, not "0.004 %".
  return { percent: Math.round((row.deployed * 10000) / row.required) / 100, flagged };
}

/** "0,45 %" as written in Vietnamese reports; "—" when there is no rate. */
export function formatPercent(percent: number | null): string {
  return percent === null ? '—' : `${percent.toLocaleString('vi-VN', { maximumFractionDigits: 2 })} %`;
}
