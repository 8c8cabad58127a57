import {
  dayOf,
  isBlank,
  nationalProcedureCode,
  pathList,
  sourceStatus,
  wallTime,
  type WallTime,
  detached,
} from './sourceValues.js';

/** A row of a source file: its line in the file (the heading is 1) and its cells by column. */
export interface SourceRow {
  line: number;
  cells: Readonly<Record<string, string>>;
}

/** The files of an export the check reads (the others are read when importing). */
export type SourceFile =
  | 'HoSos'
  | 'QuaTrinhXuLyHoSos'
  | 'ThanhPhanHoSos'
  | 'YeuCauThanhToans'
  | 'HoSoBoSungs'
  | 'KetQuaLienQuans'
  | 'ThuTucs';

/** Why a row is refused: a defect of the source, named so an operator can find and fix it. */
export type RefusalReason =
  | 'unknown_procedure'
  | 'orphan_history'
  | 'orphan_row'
  | 'impossible_date'
  | 'status_out_of_range'
  | 'duplicate_code'
  | 'missing_code'
  | 'unmapped_unit'
  | 'unmapped_procedure';

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
  /**
   * In-flight dossiers whose procedure is not received centrally in the province on the cut-over
   * day: they cannot continue here and stay in the provincial system (with a mapping only).
   */
  staysProvincial: { key: string; procedure: string; status: number }[];
}

/** The reviewed mapping as the dry run applies it: source unit → agency, local procedure → catalog. */
export interface CheckMapping {
  units: ReadonlyMap<string, string | null>;
  procedures: ReadonlyMap<string, string | null>;
  /** The catalog procedures received centrally in the province on the cut-over day. */
  central: ReadonlySet<string>;
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

/** A file's time and attachment columns, found once from its first row. */
interface Columns {
  times: string[];
  paths: string[];
}
const columnsOf = (r: SourceRow): Columns => {
  const names = Object.keys(r.cells);
  return { times: names.filter(isTimeColumn), paths: names.filter(isPathColumn) };
};

/** The first time cell of a row that does not hold a real time, if any. */
function impossibleTime(r: SourceRow, cols: Columns): { column: string; value: string } | null {
  for (const column of cols.times) {
    const value = r.cells[column];
    if (wallTime(value) === 'invalid') return { column, value: value as string };
  }
  return null;
}

const seconds = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) / 1000;

type Files = 'ThanhPhanHoSos' | 'YeuCauThanhToans' | 'HoSoBoSungs' | 'KetQuaLienQuans';
const codeColumnOf: Record<Files | 'QuaTrinhXuLyHoSos', string> = {
  QuaTrinhXuLyHoSos: 'MaHoSo',
  ThanhPhanHoSos: 'HoSo',
  YeuCauThanhToans: 'MaHoSo',
  HoSoBoSungs: 'MaHoSo',
  KetQuaLienQuans: 'MaHoSo',
};

/** What is kept of each dossier code while the other files stream past. */
interface CodeState {
  /** Live rows with the code (more than one: two units). */
  live: number;
  valid: boolean;
  deleted: boolean;
  /** Status as written, of the valid row (to take it back out of the valid counts). */
  written: string;
  line: number;
  unit: string;
}

/**
 * The dry run's findings over an export, row by row, writing nothing: which dossiers and history
 * rows would be imported, which are skipped (soft-deleted, duplicated) and which are refused and
 * why (unknown procedure, history for a missing dossier, an impossible date, a status out of
 * range, a code used by two units), with the counts a reconciliation compares. Files stream in
 * this order: ThuTucs, HoSos (then `endDossiers`), the history and the other files. Memory is a
 * few dozen bytes per dossier code and per history key, not the rows. `asOf` is the cut-over day.
 */
export class SourceChecker {
  private readonly refused: Refusal[] = [];
  private readonly procedures = new Set<string>();
  private readonly codes = new Map<string, CodeState>();
  private readonly byStatus = { source: {} as Record<string, number>, valid: {} as Record<string, number> };
  private readonly byProcedure: Record<string, number> = {};
  private readonly byChannel: Record<string, number> = {};
  private readonly skipped: SourceCheck['skipped'] = {
    soft_deleted: [],
    duplicate_history: [],
    of_refused_dossier: [],
    of_deleted_dossier: [],
  };
  private readonly source = { dossiers: 0, history: 0, components: 0, payments: 0, supplements: 0 };
  private readonly kept = { dossiers: 0, history: 0, components: 0, payments: 0 };
  private readonly counts = { inFlight: 0, paused: 0, overdue: 0, late: 0, softDeleted: 0 };
  private readonly history = { softDeleted: 0, orphans: 0, duplicates: [] as [string, string][] };
  private readonly seen = new Map<string, { id: string; at: number }[]>();
  private readonly attachments = new Set<string>();

  /** In flight, not received centrally: they stay, if the row passes (known once every row is read). */
  private readonly staysCandidates: SourceCheck['staysProvincial'] = [];

  constructor(
    private readonly asOf: string,
    private readonly mapping?: CheckMapping,
  ) {}

  private refuse(file: SourceFile, r: SourceRow, key: string, reason: RefusalReason, at?: object) {
    const kept = Object.fromEntries(
      Object.entries(at ?? {}).map(([k, v]) => [k, typeof v === 'string' ? detached(v) : v]),
    );
    this.refused.push({ file: `${file}.csv`, row: r.line, key: detached(key), reason, ...kept });
  }

  private skip(reason: SkipReason, file: SourceFile) {
    const list = this.skipped[reason];
    const entry = list.find((e) => e.file === `${file}.csv`);
    if (entry) entry.count++;
    else list.push({ file: `${file}.csv`, count: 1 });
  }

  private readonly columns = new Map<SourceFile, Columns>();
  private columnsOf(file: SourceFile, r: SourceRow): Columns {
    let c = this.columns.get(file);
    if (!c) this.columns.set(file, (c = columnsOf(r)));
    return c;
  }

  private paths(cols: Columns, r: SourceRow) {
    for (const column of cols.paths)
      for (const p of pathList(r.cells[column])) this.attachments.add(detached(p));
  }

  /** Whether the dossier of a code passes: one live row, nothing refused (the others are left out). */
  accepts(code: string): boolean {
    return this.codes.get(code.trim())?.valid === true;
  }

  /** A row of ThuTucs: the export's own procedure catalog. */
  procedure(r: SourceRow): void {
    if (live(r)) this.procedures.add(r.cells['MaTTHC']?.trim() ?? '');
  }

  /** A row of HoSos. */
  dossier(r: SourceRow): void {
    this.source.dossiers++;
    const cols = this.columnsOf('HoSos', r);
    this.paths(cols, r);
    const code = r.cells['MaHoSo']?.trim() ?? '';
    const isLive = live(r);
    const written = (r.cells['TrangThaiHoSoId'] ?? '').trim() || '(trống)';
    const status = sourceStatus(r.cells['TrangThaiHoSoId']);
    let state = this.codes.get(code);
    if (!state) {
      state = {
        live: 0,
        valid: false,
        deleted: false,
        written,
        line: r.line,
        unit: detached(r.cells['DonViId'] ?? ''),
      };
      this.codes.set(detached(code), state);
    }
    if (isLive) {
      state.live++;
      bump(this.byStatus.source, written);
      bump(this.byProcedure, r.cells['MaTTHC']?.trim() ?? '');
      bump(this.byChannel, r.cells['KenhThucHien']?.trim() ?? '');
      if (status !== null && inFlightStatuses.has(status)) {
        this.counts.inFlight++;
        if (paused.has(status)) this.counts.paused++;
      }
      const due = wallTime(r.cells['NgayHenTra']);
      const ended = wallTime(r.cells['NgayKetThucXuLy']);
      if ((status === 2 || status === 4) && due && due !== 'invalid' && dayOf(due) < this.asOf)
        this.counts.overdue++;
      if ((status === 9 || status === 10) && due && due !== 'invalid' && ended && ended !== 'invalid')
        if (dayOf(ended) > dayOf(due)) this.counts.late++;
    } else {
      this.counts.softDeleted++;
      state.deleted = true;
    }

    // Deleted rows are carried (flagged), so they are checked like the others.
    const before = this.refused.length;
    if (code === '') this.refuse('HoSos', r, '', 'missing_code');
    const procedure = r.cells['MaTTHC']?.trim() ?? '';
    if (!this.procedures.has(procedure) || nationalProcedureCode(procedure) === null)
      this.refuse('HoSos', r, code, 'unknown_procedure', { column: 'MaTTHC', value: procedure });
    const bad = impossibleTime(r, cols);
    if (bad) this.refuse('HoSos', r, code, 'impossible_date', bad);
    if (status === null)
      this.refuse('HoSos', r, code, 'status_out_of_range', {
        column: 'TrangThaiHoSoId',
        value: r.cells['TrangThaiHoSoId'] ?? '',
      });
    const m = this.mapping;
    if (m) {
      const unit = (r.cells['DonViId'] ?? '').trim().toUpperCase();
      if (!m.units.get(unit))
        this.refuse('HoSos', r, code, 'unmapped_unit', { column: 'DonViId', value: unit });
      const target = m.procedures.get(procedure);
      if (this.procedures.has(procedure) && !target)
        this.refuse('HoSos', r, code, 'unmapped_procedure', { column: 'MaTTHC', value: procedure });
      if (isLive && target && status !== null && inFlightStatuses.has(status) && !m.central.has(target))
        this.staysCandidates.push({ key: detached(code), procedure: target, status });
    }
    if (isLive && this.refused.length === before) {
      if (state.live === 1) {
        state.valid = true;
        state.written = written;
        state.line = r.line;
        state.unit = r.cells['DonViId'] ?? '';
        bump(this.byStatus.valid, written);
      } else {
        // A code held by two live rows (two units): history joins by code alone, so neither can be trusted.
        if (state.valid) {
          this.byStatus.valid[state.written] = (this.byStatus.valid[state.written] ?? 1) - 1;
          this.refused.push({
            file: 'HoSos.csv',
            row: state.line,
            key: code,
            reason: 'duplicate_code',
            column: 'DonViId',
            value: state.unit,
          });
          state.valid = false;
        }
        this.refuse('HoSos', r, code, 'duplicate_code', {
          column: 'DonViId',
          value: r.cells['DonViId'] ?? '',
        });
      }
    }
  }

  /** A row keyed by dossier code (history, components, payments, supplements, related results). */
  private place(file: Files | 'QuaTrinhXuLyHoSos', r: SourceRow): boolean {
    const cols = this.columnsOf(file, r);
    this.paths(cols, r);
    const codeColumn = codeColumnOf[file];
    const code = r.cells[codeColumn]?.trim() ?? '';
    if (!live(r)) return (this.skip('soft_deleted', file), false);
    const id = r.cells['Id'] ?? '';
    const state = this.codes.get(code);
    const reason = file === 'QuaTrinhXuLyHoSos' ? 'orphan_history' : 'orphan_row';
    if (!state) return (this.refuse(file, r, id, reason, { column: codeColumn, value: code }), false);
    const bad = impossibleTime(r, cols);
    if (bad) return (this.refuse(file, r, id, 'impossible_date', bad), false);
    if (!state.valid)
      return (this.skip(state.deleted ? 'of_deleted_dossier' : 'of_refused_dossier', file), false);
    return true;
  }

  /**
   * A row of the processing history. Duplicates are the same action written twice (same dossier,
   * status, label and actor, the same second or the next): the first is kept. Answers whether the
   * row is kept (an import brings it in).
   */
  historyRow(r: SourceRow): boolean {
    this.source.history++;
    if (!live(r)) this.history.softDeleted++;
    else if (!this.codes.has(r.cells['MaHoSo']?.trim() ?? '')) this.history.orphans++;
    if (!this.place('QuaTrinhXuLyHoSos', r)) return false;
    const at = wallTime(r.cells['ThoiGian']);
    const key = [
      r.cells['MaHoSo']?.trim() ?? '',
      r.cells['TrangThai'] ?? '',
      r.cells['ThaoTac'] ?? '',
      (r.cells['NguoiGui'] ?? '').toLowerCase(),
    ].join('\u0000');
    const s = at && at !== 'invalid' ? seconds(at) : Number.NaN;
    const list = this.seen.get(key);
    const earlier = list?.find((e) => s - e.at >= 0 && s - e.at <= 1);
    if (earlier) {
      this.history.duplicates.push([earlier.id, detached(r.cells['Id'] ?? '')]);
      this.skip('duplicate_history', 'QuaTrinhXuLyHoSos');
      return false;
    }
    const entry = { id: detached(r.cells['Id'] ?? ''), at: s };
    if (list) list.push(entry);
    else this.seen.set(detached(key), [entry]);
    this.kept.history++;
    return true;
  }

  /** A row of the components, payments, supplements or related results. */
  related(file: Files, r: SourceRow): void {
    if (file === 'ThanhPhanHoSos') this.source.components++;
    if (file === 'YeuCauThanhToans') this.source.payments++;
    if (file === 'HoSoBoSungs') this.source.supplements++;
    if (!this.place(file, r)) return;
    if (file === 'ThanhPhanHoSos') this.kept.components++;
    if (file === 'YeuCauThanhToans') this.kept.payments++;
  }

  result(): SourceCheck {
    // The history keys seen (millions in a large export) only find duplicates while the file is
    // read; an import keeps the checker for its codes, and should not carry them to the end.
    this.seen.clear();
    let valid = 0;
    for (const s of this.codes.values()) if (s.valid) valid++;
    return {
      source: this.source,
      valid: { ...this.kept, dossiers: valid },
      refused: this.refused,
      skipped: this.skipped,
      byStatus: this.byStatus,
      byProcedure: this.byProcedure,
      byChannel: this.byChannel,
      inFlight: this.counts.inFlight,
      inFlightPaused: this.counts.paused,
      inFlightOverdue: this.counts.overdue,
      finishedLate: this.counts.late,
      softDeleted: this.counts.softDeleted,
      history: this.history,
      attachments: [...this.attachments].sort(),
      staysProvincial: this.staysCandidates.filter((c) => this.codes.get(c.key)?.valid === true),
    };
  }
}
