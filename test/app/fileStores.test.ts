import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { DiskFileStore, FileTooLarge, type FileStore } from '../../src/app/files/fileStore.js';
import { S3FileStore } from '../../src/app/files/s3FileStore.js';
import { startS3Server } from '../support/s3Server.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What every file store must do, whatever holds the bytes. */
function behavesAsAFileStore(
  name: string,
  open: () => Promise<{ store: FileStore; staging: string; close: () => Promise<void> }>,
) {
  describe(`${name} file store`, () => {
    let store: FileStore;
    let staging: string;
    let close: () => Promise<void>;
    before(async () => {
      ({ store, staging, close } = await open());
    });
    after(() => close());

    it('keeps bytes under their hash, once, and gives them back', async () => {
      const bytes = randomBytes(300_000);
      const staged = await store.stage(Readable.from(bytes), 1_000_000);
      assert.equal(staged.sha256, sha(bytes));
      assert.equal(staged.size, bytes.length);
      await store.keep(staged);
      assert.equal(await store.has(staged.sha256), true);
      assert.deepEqual(await buffer(store.open(staged.sha256)), bytes);
      // The same bytes again: kept once.
      await store.keep(await store.stage(Readable.from(bytes), 1_000_000));
      const listed = [];
      for await (const h of store.list()) listed.push(h);
      assert.deepEqual(listed, [staged.sha256]);
      assert.deepEqual(await readdir(staging).catch(() => []), [], 'staging is empty');
    });

    it('refuses a file over the limit and leaves nothing of it', async () => {
      await assert.rejects(store.stage(Readable.from(randomBytes(2000)), 1000), FileTooLarge);
      assert.deepEqual(await readdir(staging).catch(() => []), []);
    });

    it('removes a file, and says when one is missing', async () => {
      const bytes = Buffer.from('Phiếu lý lịch tư pháp');
      const staged = await store.stage(Readable.from(bytes), 1000);
      await store.keep(staged);
      await store.remove(staged.sha256);
      assert.equal(await store.has(staged.sha256), false);
      await assert.rejects(buffer(store.open(staged.sha256)));
      await store.remove(staged.sha256);
    });
  });
}

behavesAsAFileStore('disk', async () => {
  const root = await mkdtemp(join(tmpdir(), 'motcua-disk-'));
  return {
    store: new DiskFileStore(root),
    staging: join(root, 'staging'),
    close: () => rm(root, { recursive: true, force: true }),
  };
});

behavesAsAFileStore('S3-compatible', async () => {
  const s3 = await startS3Server();
  return { store: new S3FileStore(s3.settings), staging: s3.settings.stagingDir ?? '', close: s3.close };
});
