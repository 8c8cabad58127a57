import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { DiskFileStore } from '../../src/app/files/fileStore.js';
import { checkStorage } from '../../src/app/documents/storageCheck.js';
import { demoIntake } from '../../fixtures/intake.js';
import { actOn } from '../support/dossierFixtures.js';
import { issuedCriminalRecord, startSigning } from '../support/eResultFixtures.js';
import { signIn } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

describe('the storage consistency check', () => {
  let s: TestServer;
  let close: () => Promise<void>;
  let dir: string;
  let store: DiskFileStore;
  let code: string;
  let resultSha: string;
  const ctx = (now = new Date()) => createAppContext(s.db.database.db, { now: () => now });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-store-'));
    store = new DiskFileStore(dir);
    ({ s, close } = await startSigning({ files: store }));
    ({
      code,
      result: { sha256: resultSha },
    } = await issuedCriminalRecord(s, '001089012345'));
    // A dossier with a scan that ends (returned at the counter).
    const receiver = await signIn(s.app, 'hanoi.motcua');
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089077777'));
    const other = res.json<{ code: string }>().code;
    const staged = await store.stage(Readable.from(Buffer.from('%PDF-1.4 bản quét tờ khai')), 1000);
    await store.keep(staged);
    const dossier = await s.db.database.db
      .selectFrom('dossier')
      .select('id')
      .where('code', '=', other)
      .executeTakeFirstOrThrow();
    await s.db.database.db
      .insertInto('dossier_document')
      .values({
        dossier_id: dossier.id,
        component_code: 'TK',
        version: 1,
        sha256: staged.sha256,
        size: staged.size,
        content_type: 'application/pdf',
        pages: 1,
        file_name: 'to-khai.pdf',
        digitization: 0,
        uploaded_by: null,
        uploaded_at: new Date(),
      })
      .execute();
    await actOn(receiver, other, { type: 'refuse', reason: 'Không thuộc thẩm quyền' });
  });
  after(async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the store and the records consistent after normal work', async () => {
    const r = await checkStorage(ctx(), store);
    assert.equal(r.consistent, true, JSON.stringify(r));
    assert.ok(r.files >= 2);
    assert.equal(r.files, r.referenced);
  });

  it('names a file no record points at, and a record whose file is gone', async () => {
    const stray = await store.stage(Readable.from(randomBytes(100)), 1000);
    await store.keep(stray);
    await store.remove(resultSha);
    const r = await checkStorage(ctx(), store);
    assert.equal(r.consistent, false);
    assert.deepEqual(r.filesWithoutRecords, { count: 1, examples: [stray.sha256] });
    assert.equal(r.recordsWithoutFiles.count, 1);
    assert.equal(r.recordsWithoutFiles.examples[0]?.sha256, resultSha);
    assert.match(
      r.recordsWithoutFiles.examples[0]?.records.join() ?? '',
      new RegExp(`kết quả .*hồ sơ ${code}`),
    );
    await store.remove(stray.sha256);
  });

  it('after the retention period, deletes only the files of closed dossiers that nothing else keeps', async () => {
    const years = 20;
    const now = new Date();
    const soon = await checkStorage(ctx(now), store, { retentionYears: years });
    assert.equal(soon.expired.count, 0, 'nothing is past retention yet');
    const later = new Date(now);
    later.setUTCFullYear(later.getUTCFullYear() + years + 1);
    const dry = await checkStorage(ctx(later), store, { retentionYears: years });
    assert.equal(dry.expired.count, 1, 'the refused dossier’s scan');
    const purged = await checkStorage(ctx(later), store, { retentionYears: years, purge: true });
    assert.equal(purged.expired.purged, 1);
    const doc = await s.db.database.db
      .selectFrom('dossier_document')
      .select(['purged_at', 'sha256'])
      .where('file_name', '=', 'to-khai.pdf')
      .executeTakeFirstOrThrow();
    assert.ok(doc.purged_at, 'the record stays, marked');
    assert.equal(await store.has(doc.sha256), false);
    // The signed result (a citizen's warehouse item) is never expired.
    const again = await checkStorage(ctx(later), store, { retentionYears: years });
    assert.equal(again.expired.count, 0);
  });
});
