/**
 * Inter-agency exchange (liên thông) with systems outside motcua: a dossier of a chained procedure
 * sent on to another system (a birth registration's permanent residence and health-insurance card),
 * or a consultation asked of an agency that works in its own system (the tax authority asked for a
 * land transfer's financial obligation). Each request has its own status, which only moves forward.
 */
export const exchangeStatuses = ['queued', 'sent', 'received', 'processing', 'done', 'refused'] as const;
export type ExchangeStatus = (typeof exchangeStatuses)[number];

export const exchangeKinds = ['linked', 'consultation'] as const;
export type ExchangeKind = (typeof exchangeKinds)[number];

/** The other system's words (TrangThai) for what it reports. */
export const reportedStatus = {
  DaTiepNhan: 'received',
  DangXuLy: 'processing',
  DaCoKetQua: 'done',
  TuChoi: 'refused',
} as const satisfies Record<string, ExchangeStatus>;
export type ReportedStatus = keyof typeof reportedStatus;

const finished = (s: ExchangeStatus) => s === 'done' || s === 'refused';

/** Whether a report moves a request on: never back, never out of a final status. */
export function advances(from: ExchangeStatus, to: ExchangeStatus): boolean {
  if (finished(from)) return false;
  return exchangeStatuses.indexOf(to) > exchangeStatuses.indexOf(from);
}

/**
 * Where a group of chained dossiers stands for the citizen: done when the dossier received here is
 * finished and every linked one is done; needing attention when a linked one was refused.
 */
export function groupStatus(mainFinished: boolean, linked: readonly ExchangeStatus[]) {
  if (linked.some((s) => s === 'refused')) return 'attention' as const;
  return mainFinished && linked.every((s) => s === 'done') ? ('done' as const) : ('in_progress' as const);
}
