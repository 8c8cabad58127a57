import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { copyMissingFiles } from '../../src/app/files/copyStore.js';
import { DiskFileStore } from '../../src/app/files/fileStore.js';

const sha = (b: string) => createHash('sha256').update(b).digest('hex');

describe('the second copy of the file store (backup-files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-copy-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const put = async (store: DiskFileStore, text: string) =>
    store.keep(await store.stage(Readable.from([Buffer.from(text)]), 1 << 20));

  it('copies what the copy lacks, once, and never a file whose bytes no longer match its name', async () => {
    const main = new DiskFileStore(join(dir, 'main'));
    const copy = new DiskFileStore(join(dir, 'copy'));
    for (const t of ['đơn đề nghị', 'giấy khai sinh', 'kết quả']) await put(main, t);
    await put(copy, 'đơn đề nghị');
    // A file damaged on the main store's disk after it was kept.
    const damaged = sha('giấy khai sinh');
    writeFileSync(join(dir, 'main', damaged.slice(0, 2), damaged.slice(2, 4), damaged), 'hỏng');

    const first = await copyMissingFiles(main, copy);
    assert.deepEqual(first, {
      present: 1,
      copied: 1,
      bytes: Buffer.byteLength('kết quả'),
      corrupt: [damaged],
    });
    assert.equal(await copy.has(sha('kết quả')), true);
    assert.equal(await copy.has(damaged), false);
    const copied: string[] = [];
    for await (const s of copy.list()) copied.push(s);
    assert.deepEqual(copied.sort(), [sha('kết quả'), sha('đơn đề nghị')].sort());

    const again = await copyMissingFiles(main, copy);
    assert.equal(again.copied, 0, 'nothing copied twice');
    assert.equal(again.present, 2);
  });
});
