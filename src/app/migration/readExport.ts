import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { vi } from '../../domain/i18n/vi.js';
import type { SourceFile, SourceRow } from '../../domain/migration/checkSource.js';

/** A problem with a whole file or a row's shape: the file cannot be trusted as read. */
export interface FileProblem {
  file: string;
  row: number;
  reason: 'missing_file' | 'not_utf8' | 'missing_column' | 'unreadable' | 'column_count';
  detail: string;
}

/** The columns the importer reads from each file; a file without one of them is refused. */
export const requiredColumns: Record<SourceFile, string[]> = {
  HoSos: [
    'Id',
    'DonViId',
    'MaHoSo',
    'MaTTHC',
    'TrangThaiHoSoId',
    'KenhThucHien',
    'NgayHenTra',
    'NgayKetThucXuLy',
    'DeletedOn',
  ],
  QuaTrinhXuLyHoSos: ['Id', 'MaHoSo', 'ThoiGian', 'TrangThai', 'ThaoTac', 'NguoiGui', 'DeletedOn'],
  ThanhPhanHoSos: ['Id', 'HoSo', 'Ten', 'DinhKem', 'DeletedOn'],
  YeuCauThanhToans: ['Id', 'MaHoSo', 'SoTien', 'TrangThai', 'DeletedOn'],
  HoSoBoSungs: ['Id', 'MaHoSo', 'DeletedOn'],
  KetQuaLienQuans: ['Id', 'MaHoSo', 'DeletedOn'],
  ThuTucs: ['MaTTHC', 'TenTTHC', 'DeletedOn'],
};

/** Where a buffer stops being UTF-8 (a sequence cut at its end counts as valid: the next chunk ends it). */
function firstInvalidByte(b: Buffer): number {
  for (let i = 0; i < b.length;) {
    const c = b[i] as number;
    const n =
      c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (i + k < b.length && ((b[i + k] as number) & 0xc0) !== 0x80) return i;
    i += n;
  }
  return b.length;
}

/**
 * Decodes the bytes as UTF-8 (a byte-order mark dropped), handing text on; stops at the first byte
 * that is not UTF-8, counting lines to say where.
 */
function utf8Text(onInvalid: (line: number) => void): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  const fail = (chunk: Buffer, done: (e: Error) => void) => {
    // The line of the first undecodable byte: count the newlines before it in this chunk.
    const at = firstInvalidByte(chunk);
    for (let i = 0; i < at; i++) if (chunk[i] === 0x0a) line++;
    onInvalid(line);
    done(new Error('not utf-8'));
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        fail(chunk, done);
        return;
      }
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) line++;
      done(null, text === '' ? undefined : text);
    },
    flush(done) {
      try {
        const rest = decoder.decode();
        done(null, rest === '' ? undefined : rest);
      } catch {
        fail(Buffer.alloc(0), done);
      }
    },
  });
}

/** What stopped a file's read: bytes that are not UTF-8 (at their line), or a CSV that does not parse. */
function readProblem(file: string, e: unknown, badLine: number): FileProblem {
  if (badLine > 0) return { file, row: badLine, reason: 'not_utf8', detail: vi.migration.notUtf8 };
  return {
    file,
    row: (e as { lines?: number }).lines ?? 0,
    reason: 'unreadable',
    detail: vi.migration.unreadable((e as Error).message),
  };
}

/**
 * One file of the export, streamed: UTF-8 (a byte-order mark is allowed), RFC 4180 quoting, the
 * heading naming the columns. Rows are handed over one by one, each with its row number as a
 * spreadsheet counts them (the heading is row 1; a quoted value may span lines); problems are
 * collected. Broken quoting makes the file unreadable from that row on.
 */
export async function readSourceFile(
  path: string,
  file: string,
  required: readonly string[],
  onRow: (row: SourceRow) => void | Promise<void>,
): Promise<FileProblem[]> {
  try {
    await access(path);
  } catch {
    return [{ file, row: 0, reason: 'missing_file', detail: vi.migration.noFile(file) }];
  }
  let badLine = 0;
  const source = createReadStream(path);
  const text = source.pipe(utf8Text((line) => (badLine = line)));
  source.on('error', (e) => text.destroy(e));
  const rows = sourceRows(file, required, onRow);
  try {
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(text, {
        delimiter: ',',
        quoteChar: '"',
        escapeChar: '"',
        chunk: (results, parser) => {
          parser.pause();
          rows.take(results.data, results.errors).then(
            (more) => (more ? parser.resume() : (parser.abort(), resolve())),
            (e: unknown) => reject(new CallerFailure(e)),
          );
        },
        complete: () => resolve(),
        error: (e: Error) => reject(e),
      });
    });
  } catch (e) {
    source.destroy();
    if (e instanceof CallerFailure) throw e.error;
    rows.problems.push(readProblem(file, e, badLine));
  }
  if (!rows.heading() && rows.problems.length === 0)
    rows.problems.push({ file, row: 1, reason: 'unreadable', detail: vi.migration.emptyFile });
  return rows.problems;
}

/** A failure of the caller's work on a row: the caller's, not a problem of the file. */
class CallerFailure {
  constructor(readonly error: unknown) {}
}

/** The rows of a file as they are parsed, chunk by chunk: the heading first, then each data row. */
function sourceRows(
  file: string,
  required: readonly string[],
  onRow: (row: SourceRow) => void | Promise<void>,
) {
  const problems: FileProblem[] = [];
  let heading: string[] | null = null;
  let row = 0;
  /** Takes a parsed chunk; answers whether to read on. */
  const take = async (records: string[][], errors: Papa.ParseError[]): Promise<boolean> => {
    const broken = errors.find((e) => e.type === 'Quotes');
    const base = row;
    for (const [i, record] of records.entries()) {
      if (broken && i >= (broken.row ?? 0)) {
        problems.push({
          file,
          row: base + i + 1,
          reason: 'unreadable',
          detail: vi.migration.unreadable(broken.message),
        });
        return false;
      }
      row++;
      if (!heading) {
        heading = record.map((h) => h.trim());
        const missing = required.filter((c) => !heading?.includes(c));
        if (missing.length === 0) continue;
        problems.push({
          file,
          row: 1,
          reason: 'missing_column',
          detail: vi.migration.missingColumns(missing),
        });
        return false;
      }
      if (record.length === 1 && record[0] === '') continue;
      if (record.length !== heading.length) {
        const detail = vi.migration.columnCount(record.length, heading.length);
        problems.push({ file, row, reason: 'column_count', detail });
        continue;
      }
      const cells: Record<string, string> = {};
      for (let c = 0; c < heading.length; c++) cells[heading[c] as string] = record[c] as string;
      const pending = onRow({ line: row, cells });
      if (pending) await pending;
    }
    return true;
  };
  return { problems, take, heading: () => heading };
}
