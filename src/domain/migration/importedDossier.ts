import { toLocal, type LocalMinute } from '../calendar/localTime.js';
import type { WorkflowStep } from '../catalog/workflow.js';
import type { Applicant } from '../dossier/intakeRules.js';
import type { Action, DossierState } from '../dossier/lifecycle.js';
import { Channel, Status, type DossierStatus } from '../dossier/status.js';
import { idList, sourceStatus, valueOf, vietnamInstant, wallTime } from './sourceValues.js';

/**
 * A provincial dossier as motcua keeps it (DOMAIN §5, LAYOUT.md of the provincial export): its
 * processing log rebuilt from the source's history in time order, with the milestones the row
 * proves but the history lacks, and, for one still in flight, the entry that places it on a step
 * here. Pure: the caller reads the rows and the configuration and writes the result.
 */

/** A history row as staged: its time already read in Vietnam time. */
export interface SourceHistoryRow {
  sourceId: string;
  at: Date;
  /** `TrangThai` when it is a status (1–10); empty for recalls, supplements, edits. */
  status: number | null;
  label: string;
  actor: string;
  actorName: string;
  note: string;
  node: string;
}

/** Where an in-flight dossier continues here, decided by the caller from the mapping and the binding. */
export interface Placement {
  /** Whether it continues here (in flight, its procedure received centrally): else archived. */
  continues: boolean;
  /** The agency that held it in the source (its unit, mapped). */
  agency: string;
  /** The steps of the workflow bound for it here (empty for a finished dossier). */
  steps: readonly WorkflowStep[];
  /** The step the mapping names for the source's current node, if any. */
  mappedStep: string | null;
  /** The agency the binding puts on each step (null: the dossier's own). */
  stepAgency: (step: string) => string | null;
  /** The official who held it, mapped to an account, if they may act there. */
  assigneeId: string | null;
  run: string;
  now: Date;
}

export interface ImportedDossier {
  status: DossierStatus;
  channel: Channel;
  inFlight: boolean;
  applicant: Applicant;
  submittedAt: Date;
  receivedAt: Date | null;
  /** The log, in order; `seq` is the position + 1. */
  entries: Action[];
  state: DossierState;
}

const inFlightStatuses: readonly number[] = [1, 2, 4, 5, 6, 8, 9];
const receivedGroup: readonly number[] = [2, 4, 5, 6, 7, 8, 9, 10];

/** A source time cell in Vietnam time, or null (blank; an impossible one is refused by the check). */
export function sourceInstant(v: string | undefined): Date | null {
  const t = wallTime(v);
  return t && t !== 'invalid' ? vietnamInstant(t) : null;
}

const minute = (d: Date | null): LocalMinute | null => (d === null ? null : toLocal(d));

/** The status a history row leaves the dossier in: its own, else the one it was in. */
function statusAfter(row: SourceHistoryRow, before: DossierStatus): DossierStatus {
  // Completing a supplement is written with the status at the time (5) but ends the pause (LAYOUT §3).
  if (/^Hoàn thành bổ sung/i.test(row.label)) return Status.received;
  return row.status !== null && row.status >= 1 && row.status <= 10 ? (row.status as DossierStatus) : before;
}

const channelOf = (v: string | undefined): Channel =>
  v?.trim() === '2' ? Channel.online : v?.trim() === '3' ? Channel.postal : Channel.counter;

/** The step an in-flight dossier waits at: the mapped one, else the first of the kind its status implies. */
function stepFor(
  status: DossierStatus,
  cells: Readonly<Record<string, string>>,
  p: Placement,
): string | null {
  if (status === Status.submitted) return null;
  if (p.mappedStep && p.steps.some((s) => s.code === p.mappedStep)) return p.mappedStep;
  const kind = (k: WorkflowStep['kind']) => p.steps.find((s) => s.kind === k)?.code ?? null;
  const before = cells['TrangThaiTruoc']?.trim();
  if (status === Status.received || (status === Status.supplement && before !== '4')) return kind('receipt');
  if (status === Status.resolved) return kind('result');
  return kind('work') ?? kind('receipt');
}

/**
 * The dossier of a source row with its history (the rows of its code that pass the check,
 * duplicates removed, in any order).
 */
export function importedDossier(
  cells: Readonly<Record<string, string>>,
  history: readonly SourceHistoryRow[],
  p: Placement,
): ImportedDossier {
  const status = sourceStatus(cells['TrangThaiHoSoId']) as DossierStatus;
  const channel = channelOf(cells['KenhThucHien']);
  const inFlight = p.continues && inFlightStatuses.includes(status);
  const submittedAt =
    sourceInstant(cells['NgayNopHoSo']) ??
    sourceInstant(cells['CreatedOn']) ??
    history.reduce<Date | null>((a, h) => (a === null || h.at < a ? h.at : a), null) ??
    p.now;
  const receivedAt = receivedGroup.includes(status) ? (sourceInstant(cells['NgayTiepNhan']) ?? null) : null;
  const due = minute(sourceInstant(cells['NgayHenTra']));
  const ended = sourceInstant(cells['NgayTra']) ?? sourceInstant(cells['NgayKetThucXuLy']);

  type Draft = { at: Date; toStatus: DossierStatus | null; data: Action['data']; order: number };
  const drafts: Draft[] = history.map((h, i) => ({
    at: h.at,
    toStatus: null,
    order: i,
    data: {
      label: valueOf(h.label),
      note: valueOf(h.note),
      by: valueOf(h.actorName) ?? valueOf(h.actor),
      sourceId: h.sourceId,
    },
  }));
  const sorted = history.map((h, i) => ({ h, d: drafts[i] as Draft })).sort((a, b) => +a.h.at - +b.h.at);
  // Each row's status, in time order.
  let current: DossierStatus = Status.submitted;
  for (const { h, d } of sorted) d.toStatus = current = statusAfter(h, current);
  const log: Draft[] = sorted.map((x) => x.d);
  const milestone = (at: Date, to: DossierStatus): Draft => ({
    at,
    toStatus: to,
    order: Number.MAX_SAFE_INTEGER,
    data: { label: null, note: null, by: null, sourceId: null },
  });
  // The row proves a reception the history does not show: counted as received on its day.
  if (receivedGroup.includes(status) && !log.some((d) => receivedGroup.includes(d.toStatus as number))) {
    const at = receivedAt ?? log[0]?.at ?? submittedAt;
    const i = log.findIndex((d) => d.at > at);
    log.splice(i < 0 ? log.length : i, 0, milestone(at, Status.received));
  }
  // The row's status is the truth (the last history row does not reliably give it: LAYOUT §9.5).
  const last = log.at(-1);
  if (!last || last.toStatus !== status) {
    const lastAt = last?.at ?? submittedAt;
    const at = !inFlight && ended && ended >= lastAt ? ended : lastAt;
    log.push(milestone(at, status));
  }

  const agency = p.agency;
  const entries: Action[] = [];
  let from: DossierStatus = Status.submitted;
  for (const d of log) {
    const to = d.toStatus as DossierStatus;
    entries.push({
      type: 'imported',
      at: toLocal(d.at),
      fromStatus: from,
      toStatus: to,
      fromStep: null,
      toStep: null,
      agencyCode: agency,
      assigneeId: null,
      due: receivedGroup.includes(to) ? due : null,
      stepDue: null,
      stepVerdict: null,
      data: d.data as Extract<Action, { type: 'imported' }>['data'],
    } as Action);
    from = to;
  }

  const stepCode = inFlight ? stepFor(status, cells, p) : null;
  const holder = (stepCode && p.stepAgency(stepCode)) ?? agency;
  const assigneeId = inFlight && stepCode ? p.assigneeId : null;
  const pausedSince = [5, 6, 8].includes(status)
    ? minute(sourceInstant(cells['NgayYeuCauBoSung']) ?? log.at(-1)?.at ?? null)
    : null;
  const stepDue = inFlight ? minute(sourceInstant(cells['NgayHenTraCaNhan'])) : null;
  if (inFlight)
    entries.push({
      type: 'taken_over',
      at: toLocal(p.now),
      fromStatus: status,
      toStatus: status,
      fromStep: null,
      toStep: stepCode,
      agencyCode: holder,
      assigneeId,
      due,
      stepDue,
      stepVerdict: null,
      data: { run: p.run, unit: cells['DonViId']?.trim().toUpperCase() ?? '' },
    });

  const state: DossierState = {
    status,
    version: entries.length,
    stepCode,
    agencyCode: inFlight ? holder : agency,
    assigneeId,
    due: receivedGroup.includes(status) ? due : null,
    stepDue,
    pausedSince,
    consultations: [],
    proposedDue: null,
    payment: status === Status.financial ? 'requested' : 'none',
    delivery:
      status === Status.returned ? (cells['HinhThucTra']?.trim() === '1' ? 'post' : 'counter') : 'none',
  };
  return {
    status,
    channel,
    inFlight,
    applicant: applicantOf(cells),
    submittedAt,
    receivedAt: receivedAt ?? (receivedGroup.includes(status) ? (log[0]?.at ?? submittedAt) : null),
    entries,
    state,
  };
}

/** The applicant as the row names them; the address as written (old place codes are not remapped). */
function applicantOf(cells: Readonly<Record<string, string>>): Applicant {
  return {
    kind: 'individual',
    idNumber: valueOf(cells['SoGiayToChuHoSo'])?.trim() ?? '',
    name: valueOf(cells['ChuHoSo'])?.trim() ?? '',
    phone: valueOf(cells['SoDienThoaiChuHoSo']),
    email: valueOf(cells['EmailChuHoSo']),
    address: {
      communeCode: valueOf(cells['XaPhuongChuHoSo']) ?? '',
      detail: valueOf(cells['DiaChiChuHoSo']) ?? '',
    },
  };
}

/** The first official the row says holds it now (`NguoiDangXuLy`, a `##` list). */
export const currentHandler = (cells: Readonly<Record<string, string>>): string | null =>
  idList(cells['NguoiDangXuLy'])[0] ?? null;

/** Whether a source row is still in flight: 1–8 but 3 and 7, or 9 (processed, not yet returned). */
export const isInFlight = (cells: Readonly<Record<string, string>>) =>
  inFlightStatuses.includes(sourceStatus(cells['TrangThaiHoSoId']) ?? 0);
