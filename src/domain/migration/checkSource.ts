import {
  dayOf,
  isBlank,
  nationalProcedureCode,
  pathList,
  sourceStatus,
  wallTime,
  type WallTime,
} from './sourceValues.js';

/** A row of a source file: its line in the file (the heading is 1) and its cells by column. */
export interface SourceRow {
  line: number;
  cells: Readonly<Record<string, string>>;
}

/** The files of an export the check reads (the others are read when importing). */
export interface SourceTables {
  HoSos: readonly SourceRow[];
  QuaTrinhXuLyHoSos: readonly SourceRow[];
  ThanhPhanHoSos: readonly SourceRow[];
  YeuCauThanhToans: readonly SourceRow[];
  HoSoBoSungs: readonly SourceRow[];
  KetQuaLienQuans: readonly SourceRow[];
  ThuTucs: readonly SourceRow[];
}

export type SourceFile = keyof SourceTables;

/** Why a row is refused: a defect of the source, named so an operator can find and fix it. */
export type RefusalReason =
  | 'unknown_procedure'
  | 'orphan_history'
  | 'orphan_row'
  | 'impossible_date'
  | 'status_out_of_range'
  | 'duplicate_code'
  | 'missing_code';

export interface Refusal {
  file: string;
  row: number;
  key: string;
  reason: RefusalReason;
  /** The column and value at fault, where there is one. */
  column?: string;
  value?: string;
}

/** Why a row is left out without being a defect. */
export type SkipReason = 'soft_deleted' | 'duplicate_history' | 'of_refused_dossier' | 'of_deleted_dossier';

export interface SourceCheck {
  source: { dossiers: number; history: number; components: number; payments: number; supplements: number };
  /** Dossiers and history rows that pass: what an import would bring in. */
  valid: { dossiers: number; history: number; components: number; payments: number };
  refused: Refusal[];
  skipped: Record<SkipReason, { file: string; count: number }[]>;
  byStatus: {
    /** Live rows (not soft-deleted) by status as written. */
    source: Record<string, number>;
    /** The same without the refused rows. */
    valid: Record<string, number>;
  };
  byProcedure: Record<string, number>;
  byChannel: Record<string, number>;
  inFlight: number;
  inFlightPaused: number;
  /** In 2 or 4, due on a day before `asOf` (S1 compares days). */
  inFlightOverdue: number;
  /** In 9 or 10, finished on a day after the due day (S1's rule). */
  finishedLate: number;
  softDeleted: number;
  history: { softDeleted: number; duplicates: [string, string][]; orphans: number };
  /** Every attachment path the rows name (live or not), each once. */
  attachments: string[];
}

/** Columns that hold a time (the others named Ngay… hold text: a birth year, a date as prose). */
const textColumns = new Set(['NgaySinhChuHoSo', 'NgaySinhNguoiUyQuyen', 'NgayDangKyNhanKqQua']);
const timeColumns = new Set(['ThoiGian', 'HanTiepNhan', 'CreatedOn', 'LastModifiedOn', 'DeletedOn']);
const isTimeColumn = (c: string) => timeColumns.has(c) || (c.startsWith('Ngay') && !textColumns.has(c));

/** Attachment columns: the `DinhKem…` fields and the receipt link. */
const isPathColumn = (c: string) => c.startsWith('DinhKem') || c === 'DuongDanBienLai';

const inFlightStatuses = new Set([1, 2, 4, 5, 6, 8]);
const paused = new Set([5, 6, 8]);

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
const live = (r: SourceRow) => isBlank(r.cells['DeletedOn']);

/** The first time cell of a row that does not hold a real time, if any. */
function impossibleTime(r: SourceRow): { column: string; value: string } | null {
  for (const [column, value] of Object.entries(r.cells))
    if (isTimeColumn(column) && wallTime(value) === 'invalid') return { column, value };
  return null;
}

const seconds = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) / 1000;

/**
 * The dry run's findings over an export, writing nothing: which dossiers and history rows would be
 * imported, which are skipped (soft-deleted, duplicated) and which are refused and why (unknown
 * procedure, history for a missing dossier, an impossible date, a status out of range, a code
 * used by two units), with the counts a reconciliation compares. `asOf` is the cut-over day.
 */
export function checkSource(t: SourceTables, asOf: string): SourceCheck {
  const refused: Refusal[] = [];
  const refuse = (file: SourceFile, r: SourceRow, key: string, reason: RefusalReason, at?: object) =>
    refused.push({ file: `${file}.csv`, row: r.line, key, reason, ...at });

  const procedures = new Set(t.ThuTucs.filter(live).map((r) => r.cells['MaTTHC']?.trim() ?? ''));
  const allCodes = new Set(t.HoSos.map((r) => r.cells['MaHoSo']?.trim() ?? ''));

  // A code held by two live rows (two units): history joins by code alone, so neither can be trusted.
  const unitsOf = new Map<string, number>();
  for (const r of t.HoSos.filter(live)) {
    const code = r.cells['MaHoSo']?.trim() ?? '';
    unitsOf.set(code, (unitsOf.get(code) ?? 0) + 1);
  }

  const byStatus = { source: {} as Record<string, number>, valid: {} as Record<string, number> };
  const byProcedure: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const validCodes = new Set<string>();
  const deletedCodes = new Set<string>();
  let inFlight = 0;
  let inFlightPaused = 0;
  let inFlightOverdue = 0;
  let finishedLate = 0;
  let softDeleted = 0;

  for (const r of t.HoSos) {
    const code = r.cells['MaHoSo']?.trim() ?? '';
    const isLive = live(r);
    const written = (r.cells['TrangThaiHoSoId'] ?? '').trim() || '(trống)';
    const status = sourceStatus(r.cells['TrangThaiHoSoId']);
    if (isLive) {
      bump(byStatus.source, written);
      bump(byProcedure, r.cells['MaTTHC']?.trim() ?? '');
      bump(byChannel, r.cells['KenhThucHien']?.trim() ?? '');
      if (status !== null && inFlightStatuses.has(status)) {
        inFlight++;
        if (paused.has(status)) inFlightPaused++;
      }
      const due = wallTime(r.cells['NgayHenTra']);
      const ended = wallTime(r.cells['NgayKetThucXuLy']);
      if ((status === 2 || status === 4) && due && due !== 'invalid' && dayOf(due) < asOf) inFlightOverdue++;
      if ((status === 9 || status === 10) && due && due !== 'invalid' && ended && ended !== 'invalid')
        if (dayOf(ended) > dayOf(due)) finishedLate++;
    } else {
      softDeleted++;
      deletedCodes.add(code);
    }

    // Deleted rows are carried (flagged), so they are checked like the others.
    const before = refused.length;
    if (code === '') refuse('HoSos', r, '', 'missing_code');
    else if (isLive && (unitsOf.get(code) ?? 0) > 1)
      refuse('HoSos', r, code, 'duplicate_code', { column: 'DonViId', value: r.cells['DonViId'] ?? '' });
    const procedure = r.cells['MaTTHC']?.trim() ?? '';
    if (!procedures.has(procedure) || nationalProcedureCode(procedure) === null)
      refuse('HoSos', r, code, 'unknown_procedure', { column: 'MaTTHC', value: procedure });
    const bad = impossibleTime(r);
    if (bad) refuse('HoSos', r, code, 'impossible_date', bad);
    if (status === null)
      refuse('HoSos', r, code, 'status_out_of_range', {
        column: 'TrangThaiHoSoId',
        value: r.cells['TrangThaiHoSoId'] ?? '',
      });
    if (refused.length === before && isLive) {
      validCodes.add(code);
      bump(byStatus.valid, written);
    }
  }

  const skipped: SourceCheck['skipped'] = {
    soft_deleted: [],
    duplicate_history: [],
    of_refused_dossier: [],
    of_deleted_dossier: [],
  };
  const skip = (reason: SkipReason, file: SourceFile) => {
    const list = skipped[reason];
    const entry = list.find((e) => e.file === `${file}.csv`);
    if (entry) entry.count++;
    else list.push({ file: `${file}.csv`, count: 1 });
  };

  /** A row of a file keyed by dossier code: refused, skipped, or kept. */
  const place = (file: SourceFile, r: SourceRow, codeColumn: string): boolean => {
    const code = r.cells[codeColumn]?.trim() ?? '';
    if (!live(r)) return (skip('soft_deleted', file), false);
    const id = r.cells['Id'] ?? '';
    const reason = file === 'QuaTrinhXuLyHoSos' ? 'orphan_history' : 'orphan_row';
    if (!allCodes.has(code)) return (refuse(file, r, id, reason, { column: codeColumn, value: code }), false);
    const bad = impossibleTime(r);
    if (bad) return (refuse(file, r, id, 'impossible_date', bad), false);
    if (!validCodes.has(code)) {
      skip(
        deletedCodes.has(code) && !validCodes.has(code) ? 'of_deleted_dossier' : 'of_refused_dossier',
        file,
      );
      return false;
    }
    return true;
  };

  // History: duplicates are the same action written twice (same dossier, status, label and
  // actor, the same second or the next): the first is kept.
  let historySoftDeleted = 0;
  let orphans = 0;
  const duplicates: [string, string][] = [];
  const seen = new Map<string, { id: string; at: number }[]>();
  let history = 0;
  for (const r of t.QuaTrinhXuLyHoSos) {
    if (!live(r)) historySoftDeleted++;
    const code = r.cells['MaHoSo']?.trim() ?? '';
    if (live(r) && !allCodes.has(code)) orphans++;
    if (!place('QuaTrinhXuLyHoSos', r, 'MaHoSo')) continue;
    const at = wallTime(r.cells['ThoiGian']);
    const key = [
      code,
      r.cells['TrangThai'] ?? '',
      r.cells['ThaoTac'] ?? '',
      (r.cells['NguoiGui'] ?? '').toLowerCase(),
    ].join('\u0000');
    const s = at && at !== 'invalid' ? seconds(at) : Number.NaN;
    const earlier = (seen.get(key) ?? []).find((e) => s - e.at >= 0 && s - e.at <= 1);
    if (earlier) {
      duplicates.push([earlier.id, r.cells['Id'] ?? '']);
      skip('duplicate_history', 'QuaTrinhXuLyHoSos');
      continue;
    }
    const list = seen.get(key);
    const entry = { id: r.cells['Id'] ?? '', at: s };
    if (list) list.push(entry);
    else seen.set(key, [entry]);
    history++;
  }

  const kept = (file: SourceFile) =>
    t[file].filter((r) => place(file, r, file === 'ThanhPhanHoSos' ? 'HoSo' : 'MaHoSo')).length;
  const components = kept('ThanhPhanHoSos');
  const payments = kept('YeuCauThanhToans');
  kept('HoSoBoSungs');
  kept('KetQuaLienQuans');

  const attachments = new Set<string>();
  for (const file of [
    'HoSos',
    'QuaTrinhXuLyHoSos',
    'ThanhPhanHoSos',
    'YeuCauThanhToans',
    'HoSoBoSungs',
    'KetQuaLienQuans',
  ] as const)
    for (const r of t[file])
      for (const [column, value] of Object.entries(r.cells))
        if (isPathColumn(column)) for (const p of pathList(value)) attachments.add(p);

  return {
    source: {
      dossiers: t.HoSos.length,
      history: t.QuaTrinhXuLyHoSos.length,
      components: t.ThanhPhanHoSos.length,
      payments: t.YeuCauThanhToans.length,
      supplements: t.HoSoBoSungs.length,
    },
    valid: { dossiers: validCodes.size, history, components, payments },
    refused,
    skipped,
    byStatus,
    byProcedure,
    byChannel,
    inFlight,
    inFlightPaused,
    inFlightOverdue,
    finishedLate,
    softDeleted,
    history: { softDeleted: historySoftDeleted, duplicates, orphans },
    attachments: [...attachments].sort(),
  };
}
