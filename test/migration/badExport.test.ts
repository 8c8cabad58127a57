import assert from 'node:assert/strict';
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { checkExport } from '../../src/app/migration/checkExport.js';

const sample = join(import.meta.dirname, '../../../shared/data/provincial-export/sample');

/**
 * Bad exports (issue 20): each refused with the file, the row and the reason. A file problem makes
 * the whole export unusable (nothing may be written); a row problem refuses that row.
 */
describe('migrate-in check: bad exports', { skip: !existsSync(sample) }, () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  /** A copy of the sample's CSV files (not its attachments), with one file changed. */
  async function exportWith(file: string, change: (text: string) => string | Buffer): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-export-'));
    dirs.push(dir);
    await cp(sample, dir, { recursive: true, filter: (src) => !src.includes('/files') });
    for (const f of ['HoSos.csv', file]) await chmod(join(dir, f), 0o644);
    const text = (await readFile(join(dir, file))).toString('utf8');
    await writeFile(join(dir, file), change(text));
    return dir;
  }

  it('names the line of a CSV cut in the middle of a row', async () => {
    const dir = await exportWith('QuaTrinhXuLyHoSos.csv', (t) => t.slice(0, Math.floor(t.length / 2)));
    const r = await checkExport(dir, { asOf: '2025-06-30' });
    const p = r.problems.filter((x) => x.file === 'QuaTrinhXuLyHoSos.csv');
    assert.equal(p.length, 1, JSON.stringify(r.problems));
    assert.ok(['column_count', 'unreadable'].includes(p[0]?.reason ?? ''));
    assert.ok((p[0]?.row ?? 0) > 1, 'a line is named');
  });

  it('refuses a file written in Windows-1258, at the first line that is not UTF-8', async () => {
    const dir = await exportWith('ThuTucs.csv', (t) =>
      iconv.encode(t.replace(/^\uFEFF/, ''), 'windows-1258'),
    );
    const r = await checkExport(dir, { asOf: '2025-06-30' });
    assert.deepEqual(
      r.problems.map((p) => [p.file, p.reason]),
      [['ThuTucs.csv', 'not_utf8']],
    );
    assert.ok((r.problems[0]?.row ?? 0) >= 1);
    assert.match(r.problems[0]?.detail ?? '', /UTF-8/);
  });

  it('refuses a file whose heading lacks a column the import reads', async () => {
    const dir = await exportWith('HoSos.csv', (t) => t.replace('TrangThaiHoSoId', 'TrangThai_HoSo'));
    const r = await checkExport(dir, { asOf: '2025-06-30' });
    assert.deepEqual(
      r.problems.map((p) => [p.file, p.row, p.reason, p.detail]),
      [['HoSos.csv', 1, 'missing_column', 'Thiếu cột TrangThaiHoSoId']],
    );
  });

  it('refuses both rows when two units hold the same dossier code', async () => {
    // The second data row takes the first row's code: history joins by code, so neither is safe.
    const dir = await exportWith('HoSos.csv', (t) => t);
    const rows = (await readFile(join(dir, 'HoSos.csv'), 'utf8')).split('\r\n');
    const code = (line: string) => line.split(',')[2] as string;
    const first = rows.findIndex((l, i) => i > 0 && /^[0-9a-f-]{36},/.test(l));
    const second = rows.findIndex((l, i) => i > first && /^[0-9a-f-]{36},/.test(l));
    rows[second] = (rows[second] as string).replace(
      code(rows[second] as string),
      code(rows[first] as string),
    );
    await writeFile(join(dir, 'HoSos.csv'), rows.join('\r\n'));
    const r = await checkExport(dir, { asOf: '2025-06-30' });
    const dup = r.check.refused.filter((x) => x.reason === 'duplicate_code');
    assert.equal(dup.length, 2, JSON.stringify(dup));
    assert.deepEqual(
      dup.map((x) => x.key),
      [code(rows[first] as string), code(rows[first] as string)],
    );
    assert.notEqual(dup[0]?.value, dup[1]?.value, 'two different units');
    assert.deepEqual(r.problems, []);
  });
});
