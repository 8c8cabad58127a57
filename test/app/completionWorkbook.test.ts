import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { completionWorkbook } from '../../src/app/reports/completionWorkbook.js';
import { completion } from '../../src/domain/reports/completionRate.js';

describe('completionWorkbook', () => {
  it('writes the appendix rows with exact percentages and marks the impossible ones', async () => {
    const rows = (
      [
        ['Bộ Tư pháp', 1, 224],
        ['Bộ Khoa học và Công nghệ', 239, 209],
        ['Bộ Ngoại giao', 0, 0],
      ] as const
    ).map(([name, deployed, required], i) => ({
      ministry: { code: `000.00.00.G${String(i + 1).padStart(2, '0')}`, name },
      deployed,
      required,
      started: deployed,
      ...completion({ deployed, required }),
    }));
    const book = new ExcelJS.Workbook();
    // exceljs types its Buffer against an older @types/node; the bytes are the same.
    await book.xlsx.load((await completionWorkbook(rows, new Date('2026-02-06T00:00:00Z'))) as never);
    const sheet = book.getWorksheet('Tỷ lệ triển khai');
    assert.ok(sheet);
    const values = [4, 5, 6].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    assert.deepEqual(values[0]?.slice(0, 5), [1, 'Bộ Tư pháp', 1, 224, 0.0045]);
    assert.deepEqual(values[1]?.slice(0, 5), [2, 'Bộ Khoa học và Công nghệ', 239, 209, 1.1435]);
    assert.match(String(values[1]?.[5]), /Dữ liệu sai/);
    assert.equal(values[2]?.[4], undefined, 'no rate for 0/0');
    assert.equal(sheet.getRow(4).getCell(5).numFmt, '0.00%');
  });
});
