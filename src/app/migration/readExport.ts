import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
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

/** Passes bytes through while checking they are UTF-8; counts lines to say where they are not. */
function utf8Guard(onInvalid: (line: number) => void): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        // The line of the first undecodable byte: count the newlines before it in this chunk.
        const at = firstInvalidByte(chunk);
        for (let i = 0; i < at; i++) if (chunk[i] === 0x0a) line++;
        onInvalid(line);
        done(new Error('not utf-8'));
        return;
      }
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) line++;
      done(null, chunk);
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
 * heading naming the columns. Rows are handed over one by one; problems are collected.
 */
export async function readSourceFile(
  path: string,
  file: string,
  required: readonly string[],
  onRow: (row: SourceRow) => void | Promise<void>,
): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  try {
    await access(path);
  } catch {
    return [{ file, row: 0, reason: 'missing_file', detail: vi.migration.noFile(file) }];
  }
  let badLine = 0;
  const source = createReadStream(path);
  const guard = utf8Guard((line) => (badLine = line));
  const parser = parse({ bom: true, relax_column_count: true, info: true });
  // A failure upstream (unreadable bytes) ends the parse with it, so the loop below sees it.
  source.on('error', (e) => parser.destroy(e));
  guard.on('error', (e) => parser.destroy(e));
  source.pipe(guard).pipe(parser);
  let heading: string[] | null = null;
  // A failure of the caller's work on a row is the caller's, not a problem of the file.
  let failed: { error: unknown } | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!heading) {
        heading = record.map((h) => h.trim());
        const missing = required.filter((c) => !heading?.includes(c));
        if (missing.length > 0) {
          problems.push({
            file,
            row: 1,
            reason: 'missing_column',
            detail: vi.migration.missingColumns(missing),
          });
          return problems;
        }
        continue;
      }
      if (record.length === 1 && record[0] === '') continue;
      if (record.length !== heading.length) {
        problems.push({
          file,
          row: info.lines,
          reason: 'column_count',
          detail: vi.migration.columnCount(record.length, heading.length),
        });
        continue;
      }
      const cells: Record<string, string> = {};
      heading.forEach((h, i) => (cells[h] = record[i] as string));
      try {
        const pending = onRow({ line: info.lines, cells });
        if (pending) await pending;
      } catch (error) {
        failed = { error };
        break;
      }
    }
  } catch (e) {
    problems.push(readProblem(file, e, badLine));
  }
  if (failed) {
    source.destroy();
    throw failed.error;
  }
  if (!heading && problems.length === 0)
    problems.push({ file, row: 1, reason: 'unreadable', detail: vi.migration.emptyFile });
  return problems;
}
