import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readSourceFile } from '../../src/app/migration/readExport.js';

/**
 * The export's CSV reader (issue 20): RFC 4180 as the provincial system writes it (CRLF, a BOM,
 * quoted values spanning lines, doubled quotes), rows numbered as a spreadsheet numbers them, and
 * broken quoting named at its row however deep in the file it is.
 */
describe('readSourceFile', () => {
  let dir = '';
  after(() => rm(dir, { recursive: true, force: true }));

  async function read(text: string | Buffer) {
    dir ||= await mkdtemp(join(tmpdir(), 'motcua-csv-'));
    const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
    await writeFile(path, text);
    const rows: { line: number; cells: Record<string, string> }[] = [];
    const problems = await readSourceFile(path, 'X.csv', ['Id', 'Ten'], (r) => {
      rows.push({ line: r.line, cells: { ...r.cells } });
    });
    return { rows, problems };
  }

  it('reads quoted values across lines and chunks, numbering rows from the heading', async () => {
    const long = 'ệ'.repeat(40_000); // 120 kB of three-byte characters: cut across read chunks
    const text =
      '\uFEFFId,Ten\r\n1,"hai\r\ndòng, một ô"\r\n2,"nói ""có"""\r\n3,' + long + '\r\n\r\n4,cuối\r\n';
    const { rows, problems } = await read(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      rows.map((r) => [r.line, r.cells['Id'], r.cells['Ten']?.length]),
      [
        [2, '1', 16],
        [3, '2', 8],
        [4, '3', 40_000],
        [6, '4', 4],
      ],
    );
    assert.equal(rows[0]?.cells['Ten'], 'hai\r\ndòng, một ô');
    assert.equal(rows[1]?.cells['Ten'], 'nói "có"');
    assert.equal(rows[2]?.cells['Ten'], long);
  });

  it('names the row of broken quoting deep in the file and reads nothing after it', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `${i},tên số ${i}`);
    body[15_000] = '15000,"mở mà không đóng';
    const { rows, problems } = await read(['Id,Ten', ...body, '99999,sau'].join('\r\n'));
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]?.reason, 'unreadable');
    assert.equal(problems[0]?.row, 15_002);
    assert.equal(rows.length, 15_000);
    assert.equal(rows.at(-1)?.line, 15_001);
  });

  it('refuses a row of the wrong width and reads on', async () => {
    const { rows, problems } = await read('Id,Ten\n1,a\n2,b,c\n3,d\n');
    assert.deepEqual(
      problems.map((p) => [p.row, p.reason]),
      [[3, 'column_count']],
    );
    assert.deepEqual(
      rows.map((r) => r.cells['Id']),
      ['1', '3'],
    );
  });

  it('refuses bytes that are not UTF-8 at their line', async () => {
    const { problems } = await read(
      Buffer.concat([Buffer.from('Id,Ten\n1,a\n2,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
    );
    assert.deepEqual(
      problems.map((p) => [p.row, p.reason]),
      [[3, 'not_utf8']],
    );
  });

  it('passes a failure of the caller on, not as a problem of the file', async () => {
    dir ||= await mkdtemp(join(tmpdir(), 'motcua-csv-'));
    const path = join(dir, 'fail.csv');
    await writeFile(path, 'Id,Ten\n1,a\n2,b\n');
    await assert.rejects(
      readSourceFile(path, 'X.csv', ['Id'], async () => {
        throw new Error('caller broke');
      }),
      /caller broke/,
    );
  });
});
