import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { readPdf } from '../support/readPdf.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

interface Guide {
  key: string;
  kind: string;
  title: string;
  body: string;
  revision: number;
  savedBy: string | null;
  editable: boolean;
}

/**
 * Guides (issue 23 §6). Oracles from the issue: the system administrator edits the guide of each
 * role, the ministry owning a procedure edits its technical guidance, nobody else edits anything;
 * every save is a revision; the handbook PDF carries the edited text with its diacritics.
 */
describe('guides and the handbook', () => {
  let s: TestServer;
  let system: Signed;
  let justice: Signed;
  const guides = async (who?: Signed) => {
    const res = who ? await who.call('GET', '/api/v1/guides') : await s.app.inject({ url: '/api/v1/guides' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ items: Guide[] }>().items;
  };
  const save = (who: Signed, key: string, title: string, body: string, expectedRevision: number) =>
    who.call('PUT', `/api/v1/guides/${key}`, { title, body, expectedRevision });

  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    await seedCatalog(createAppContext(s.db.database.db, { now: () => new Date('2026-01-01') }));
    system = await signIn(s.app, 'quantri');
    justice = await signIn(s.app, 'botuphap.quantri');
  });
  after(() => s.close());

  it('ships the guide of each role, readable by anyone and edited only by the system administrator', async () => {
    const shipped = await guides();
    assert.deepEqual(
      shipped.map((g) => g.key),
      ['receiver', 'processor', 'leader', 'monitor', 'admin', 'citizen', 'practice'],
    );
    assert.ok(shipped.every((g) => !g.editable && g.revision === 1));
    assert.match(shipped[0]?.body ?? '', /\*\*Ctrl\+Enter\*\*/);
    assert.ok((await guides(system)).every((g) => g.editable));
    assert.ok((await guides(justice)).every((g) => !g.editable));

    const body = '1. Mở **Tiếp nhận hồ sơ**.\n2. Ghi đủ giấy tờ; in Mẫu 01 cho người nộp.';
    for (const who of ['botuphap.quantri', 'hanoi.quantri', 'hanoi.motcua', 'vpcp.giamsat']) {
      const res = await save(await signIn(s.app, who), 'receiver', 'Sửa trái phép', body, 1);
      assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
    }
    const anonymous = await s.app.inject({
      method: 'PUT',
      url: '/api/v1/guides/receiver',
      payload: { title: 'x', body: 'x', expectedRevision: 1 },
    });
    assert.equal(anonymous.statusCode, 401);

    const saved = await save(system, 'receiver', 'Tiếp nhận hồ sơ tại quầy: bản hướng dẫn mới', body, 1);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json<Guide>().revision, 2);
    // An editor who started from revision 1 does not overwrite revision 2.
    const stale = await save(system, 'receiver', 'Bản cũ', body, 1);
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal((await save(system, 'khong_co', 'x', 'x', 1)).statusCode, 404);

    const history = await system.call('GET', '/api/v1/guides/receiver/revisions');
    const items = history.json<{ items: { revision: number; title: string; savedBy: string | null }[] }>()
      .items;
    assert.deepEqual(
      items.map((r) => r.revision),
      [2, 1],
    );
    assert.equal(items[1]?.title, 'Cán bộ một cửa: tiếp nhận và trả kết quả');
    assert.ok(items[0]?.savedBy);
    assert.equal((await s.app.inject({ url: '/api/v1/guides/receiver/revisions' })).statusCode, 401);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'guide.save')
      .execute();
    assert.deepEqual(audit, [{ action: 'guide.save', target_id: 'receiver' }]);
  });

  it('lets the owning ministry write a procedure’s technical guidance, and no other ministry', async () => {
    const text =
      '## Chuẩn bị\n\nKiểm tra **Giấy chứng sinh** bản chính; đối chiếu [Tra cứu hồ sơ](/tra-cuu).';
    const first = await save(justice, 'procedure:1.001193', 'Đăng ký khai sinh: hướng dẫn kỹ thuật', text, 0);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json<Guide>().kind, 'procedure');
    // A second "first" guidance is a stale edit, not a second guide.
    assert.equal((await save(justice, 'procedure:1.001193', 'Lần nữa', text, 0)).statusCode, 409);
    // Đăng ký thường trú belongs to Bộ Công an.
    assert.equal(
      (await save(justice, 'procedure:VD.000006', 'Không phải của Bộ Tư pháp', text, 0)).statusCode,
      403,
    );
    assert.equal((await save(justice, 'procedure:9.999999', 'Không có', text, 0)).statusCode, 404);
    assert.equal(
      (await save(await signIn(s.app, 'hanoi.quantri'), 'procedure:1.001193', 'x', text, 1)).statusCode,
      403,
    );
    // The system administrator may correct it too.
    assert.equal((await save(system, 'procedure:1.001193', 'Đăng ký khai sinh', text, 1)).statusCode, 200);
    const all = await guides(justice);
    assert.deepEqual(
      all.filter((g) => g.kind === 'procedure').map((g) => [g.key, g.revision, g.editable]),
      [['procedure:1.001193', 2, true]],
    );
  });

  it('exports the handbook as a PDF with the edited text and its diacritics, and the screenshots', async () => {
    const res = await s.app.inject({ url: '/api/v1/guides/handbook.pdf' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const { text } = await readPdf(res.rawPayload);
    const flat = text.normalize('NFC').replace(/\s+/g, ' ');
    for (const expected of [
      'SỔ TAY HƯỚNG DẪN SỬ DỤNG',
      'Tiếp nhận hồ sơ tại quầy: bản hướng dẫn mới',
      'Ghi đủ giấy tờ; in Mẫu 01 cho người nộp.',
      'Hướng dẫn kỹ thuật theo thủ tục',
      '1.001193 — Đăng ký khai sinh',
      'Kiểm tra Giấy chứng sinh bản chính',
      'Giám sát, lãnh đạo: điều hành, chỉ số phục vụ, báo cáo',
      'Công dân: tra cứu hồ sơ',
    ])
      assert.ok(flat.includes(expected), `the handbook lacks “${expected}”`);
    const superseded = flat.indexOf('Cán bộ một cửa: tiếp nhận và trả kết quả');
    assert.equal(superseded, -1, flat.slice(Math.max(0, superseded - 200), superseded + 100));
    // One role's handbook holds that role's guides and the procedures' guidance, not the others'.
    const receiver = await s.app.inject({ url: '/api/v1/guides/handbook.pdf?role=receiver' });
    const mine = (await readPdf(receiver.rawPayload)).text.normalize('NFC').replace(/\s+/g, ' ');
    assert.ok(mine.includes('Dành cho: Cán bộ một cửa'), mine.slice(0, 300));
    assert.ok(mine.includes('Tiếp nhận hồ sơ tại quầy'), mine.slice(0, 600));
    assert.equal(mine.includes('Lãnh đạo: phê duyệt, gia hạn'), false);
    assert.equal((await s.app.inject({ url: '/api/v1/guides/handbook.pdf?role=vua' })).statusCode, 400);

    const image = await s.app.inject({ url: '/api/v1/guides/images/tiep-nhan.png' });
    assert.equal(image.statusCode, 200);
    assert.equal(image.headers['content-type'], 'image/png');
    for (const name of ['..%2Fcatalog.json', 'khong-co.png', 'tiep-nhan.PNG']) {
      const missing = await s.app.inject({ url: `/api/v1/guides/images/${name}` });
      assert.equal(missing.statusCode, 404, name);
      assert.match(missing.json<{ title: string; detail: string }>().detail, /Không có ảnh màn hình/);
    }
    // Screenshots are drawn into the handbook: the shipped guides show four, the receiver's now none.
    const images = (res.rawPayload.toString('latin1').match(/\/Subtype\s*\/Image/g) ?? []).length;
    assert.equal(images, 3);
  });
});
