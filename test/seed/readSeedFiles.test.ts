import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { seedDir } from '../../src/paths.js';
import { lineageFile, readSeedFiles, unitsFile } from '../../src/seed/readSeedFiles.js';

describe('readSeedFiles', () => {
  const files = readSeedFiles();

  it('reads the official map: 34 provinces, 3,321 communes, 126 in Hà Nội', () => {
    assert.equal(files.units.filter((u) => u.level === 'province').length, 34);
    assert.equal(files.units.filter((u) => u.level === 'commune').length, 3321);
    assert.equal(files.units.filter((u) => u.parentCode === '01').length, 126);
  });

  it('reads the lineage of every province and most communes', () => {
    assert.equal(files.lineage.length, 10667);
    assert.equal(
      new Set(files.lineage.filter((l) => l.unitCode.length === 2).map((l) => l.unitCode)).size,
      34,
    );
  });

  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  function copyWith(file: string, edit: (text: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-seed-'));
    dirs.push(dir);
    cpSync(seedDir, dir, { recursive: true });
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    return dir;
  }

  it('names the file and line of a bad row', () => {
    const dir = copyWith(unitsFile, (t) =>
      t.replace('01,Thành phố Hà Nội,province,thanh_pho,', '01,Thành phố Hà Nội,province,lang,'),
    );
    assert.throws(() => readSeedFiles(dir), /admin-units-2025-07-01\.csv line 2/);
  });

  it('rejects a commune whose parent is unknown', () => {
    const dir = copyWith(unitsFile, (t) => t.replace(/,01(\r?\n)/, ',77$1'));
    assert.throws(() => readSeedFiles(dir), /unknown parent 77/);
  });

  it('rejects lineage pointing at a unit that does not exist', () => {
    const dir = copyWith(lineageFile, (t) => t + '99999,commune,12345,Xã Cũ,full\n');
    assert.throws(() => readSeedFiles(dir), /unknown unit 99999/);
  });

  it('changes its checksum when a file changes', () => {
    const dir = copyWith(lineageFile, (t) => t.replace('Phường Trúc Bạch', 'Phường Trúc Bạch (sửa)'));
    assert.notEqual(readSeedFiles(dir).checksum, files.checksum);
  });
});
