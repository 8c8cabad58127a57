import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DiskFileStore } from '../../src/app/files/fileStore.js';
import type { Problem } from '../../src/contracts/common.js';
import type { DocumentView } from '../../src/contracts/documents.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { tinyPng, uploadDocument } from '../support/multipart.js';
import type { Signed } from '../../fixtures/staff.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

const maxUploadBytes = 256 * 1024;

async function pdfOf(pages: number, text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) pdf.addPage().drawText(`${text} ${i + 1}`, { x: 50, y: 700, font });
  return Buffer.from(await pdf.save());
}

const png = tinyPng;

type Doc = DocumentView;

describe(`dossier documents (${testEngine})`, () => {
  let s: TestServer;
  let root: string;
  let receiver: Signed;
  let code = '';
  const clock = new Date('2026-03-02T08:00:00+07:00');

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'motcua-docs-test-'));
    ({ s, receiver, code } = await startWithDossier(
      { files: new DiskFileStore(join(root, 'store')), maxUploadBytes },
      clock,
    ));
  });
  after(async () => {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  });

  const upload = (who: Signed, name: string, bytes: Buffer, query = 'component=TK') =>
    uploadDocument(s.app, who, code, { name, bytes }, query);
  /** Files kept in the store (not staging), and files left in staging. */
  const stored = () => {
    const kept: string[] = [];
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== 'staging') walk(join(dir, e.name));
        else if (e.isFile()) kept.push(e.name);
      }
    };
    walk(join(root, 'store'));
    const staging = join(root, 'store', 'staging');
    return { kept, staging: existsSync(staging) ? readdirSync(staging) : [] };
  };
  const rows = async () =>
    Number(
      (
        await s.db.database.db
          .selectFrom('dossier_document')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('keeps a scanned PDF with its page count, and serves it back with an audit record', async () => {
    const bytes = await pdfOf(3, 'To khai');
    const res = await upload(receiver, 'Tờ khai.pdf', bytes);
    assert.equal(res.statusCode, 201, res.body);
    const doc = res.json<Doc>();
    assert.equal(doc.pages, 3);
    assert.equal(doc.contentType, 'application/pdf');
    assert.equal(doc.fileName, 'Tờ khai.pdf');
    assert.equal(doc.version, 1);
    const got = await receiver.call('GET', `/api/v1/dossiers/${code}/documents/${doc.id}/content?download=1`);
    assert.equal(got.statusCode, 200);
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.match(
      String(got.headers['content-disposition']),
      /^attachment; filename="To khai.pdf"; filename\*=UTF-8''T%E1%BB%9D%20khai.pdf$/,
    );
    assert.ok(got.rawPayload.equals(bytes));
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'document.read')
      .where('target_id', '=', code)
      .execute();
    assert.equal(audit.length, 1);
  });

  it('stores the same bytes once, as a new version of the component', async () => {
    const before = stored().kept.length;
    const first = await upload(receiver, 'anh.png', png);
    const second = await upload(receiver, 'anh-chup-lai.png', png);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json<Doc>().version, first.json<Doc>().version + 1);
    assert.equal(second.json<Doc>().sha256, first.json<Doc>().sha256);
    assert.equal(stored().kept.length, before + 1);
    assert.deepEqual(stored().staging, []);
  });

  it('counts the pages of a multi-page TIFF scan', async () => {
    const pages = 3;
    const ifd = 18;
    const bytes = Buffer.alloc(8 + pages * ifd);
    bytes.write('II', 0, 'latin1');
    bytes.writeUInt16LE(42, 2);
    bytes.writeUInt32LE(8, 4);
    for (let p = 0; p < pages; p++) {
      const at = 8 + p * ifd;
      bytes.writeUInt16LE(1, at);
      bytes.writeUInt16LE(256, at + 2);
      bytes.writeUInt32LE(p === pages - 1 ? 0 : at + ifd, at + 14);
    }
    const res = await upload(receiver, 'scan.tif', bytes);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json<Doc>().contentType, 'image/tiff');
    assert.equal(res.json<Doc>().pages, 3);
  });

  it('refuses a renamed executable whatever its name says, and keeps nothing', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(4000)]);
    const before = { ...stored(), rows: await rows() };
    const res = await upload(receiver, 'to-khai.pdf', elf);
    assert.equal(res.statusCode, 415, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(res.json<Problem>().title, /Loại tệp không được chấp nhận/);
    assert.equal(stored().kept.length, before.kept.length);
    assert.deepEqual(stored().staging, []);
    assert.equal(await rows(), before.rows);
  });

  it('refuses a file over the limit with problem+json and stores nothing', async () => {
    const big = Buffer.concat([await pdfOf(1, 'x'), randomBytes(maxUploadBytes)]);
    const before = { ...stored(), rows: await rows() };
    const res = await upload(receiver, 'lon.pdf', big);
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json<Problem>().title, 'Tệp vượt quá dung lượng cho phép');
    assert.equal(stored().kept.length, before.kept.length);
    assert.deepEqual(stored().staging, []);
    assert.equal(await rows(), before.rows);
  });

  it('stores a file called ../../x safely, under its hash', async () => {
    const bytes = await pdfOf(1, 'traversal');
    const res = await upload(receiver, '../../x.pdf', bytes);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json<Doc>().fileName, 'x.pdf');
    assert.equal(existsSync(join(root, 'x.pdf')), false);
    assert.equal(existsSync(join(root, '..', 'x.pdf')), false);
    assert.ok(stored().kept.includes(res.json<Doc>().sha256));
  });

  it('refuses an unknown component before reading the file', async () => {
    const res = await upload(receiver, 'a.png', png, 'component=KHONG-CO');
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json<Problem>().errors?.[0]?.field, 'querystring.component');
  });

  it('checks a scan against the page count the counter declared, and keeps nothing when it differs', async () => {
    const bytes = await pdfOf(3, 'ba trang');
    const before = stored().kept.length;
    const wrong = await upload(receiver, 'so-trang.pdf', bytes, 'component=TK&pages=2');
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.equal(wrong.json<Problem>().errors?.[0]?.field, 'querystring.pages');
    assert.match(wrong.json<Problem>().errors?.[0]?.message ?? '', /3 trang.*2 trang/);
    assert.equal(stored().kept.length, before, 'nothing kept');
    // States 2 and 3 mean "reused from the warehouse": an upload cannot claim them.
    const claimed = await upload(receiver, 'so-trang.pdf', bytes, 'component=TK&digitization=3');
    assert.equal(claimed.statusCode, 400, claimed.body);
    assert.equal(claimed.json<Problem>().errors?.[0]?.field, 'querystring.digitization');
    const right = await upload(receiver, 'so-trang.pdf', bytes, 'component=TK&pages=3');
    assert.equal(right.statusCode, 201, right.body);
    assert.equal(right.json<Doc>().pages, 3);
    assert.equal(right.json<Doc>().declaredPages, 3);
    // A scan at receipt joins the applicant's data warehouse, named for its component.
    const item = await s.db.database.db
      .selectFrom('warehouse_item')
      .select(['kind', 'type_code', 'owner_id_number'])
      .where('document_id', '=', right.json<Doc>().id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(item, { kind: 'document', type_code: 'TK', owner_id_number: '001089012345' });
  });
});
