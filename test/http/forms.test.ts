import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Problem } from '../../src/contracts/common.js';
import { readPdf } from '../support/readPdf.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import type { Signed } from '../../fixtures/staff.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

describe(`printed forms (${testEngine})`, () => {
  let s: TestServer;
  let receiver: Signed;
  let code = '';
  const clock = new Date('2026-03-02T08:00:00+07:00');

  before(async () => {
    ({ s, receiver, code } = await startWithDossier({ publicUrl: 'https://motcua.gov.vn' }, clock));
  });
  after(() => s.close());

  const form = (kind: string) => receiver.call('GET', `/api/v1/dossiers/${code}/forms/${kind}`);

  it('prints Form 01 in Vietnamese with the dossier, the applicant, the components and a QR code to the status page', async () => {
    const res = await form('receipt');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const { text, qr } = await readPdf(res.rawPayload);
    for (const expected of [
      'Mẫu số 01',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      `Mã hồ sơ: ${code}`,
      'Ông/bà: Nguyễn Thị Mai',
      'Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 02/03/2026',
      'Hà Nội, ngày 02 tháng 03 năm 2026',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ])
      assert.ok(text.includes(expected), `missing "${expected}" in: ${text}`);
    assert.match(text, /Thời gian trả kết quả giải quyết hồ sơ: \d\d giờ \d\d phút, ngày \d\d\/\d\d\/2026/);
    assert.deepEqual(qr, [`https://motcua.gov.vn/tra-cuu/${encodeURIComponent(code)}`]);
  });

  it('prints Form 02 only once a supplement was asked for, with what was asked', async () => {
    const before = await form('supplement');
    assert.equal(before.statusCode, 409);
    assert.equal(before.json<Problem>().title, 'Hồ sơ này không có phiếu, văn bản loại này');
    const d = (await receiver.call('GET', `/api/v1/dossiers/${code}`)).json<{ version: number }>();
    const asked = await receiver.call('POST', `/api/v1/dossiers/${code}/actions`, {
      type: 'request_supplement',
      expectedVersion: d.version,
      reason: 'Tờ khai chưa có chữ ký của người đề nghị',
      components: ['TK'],
    });
    assert.equal(asked.statusCode, 200, asked.body);
    const { text } = await readPdf((await form('supplement')).rawPayload);
    assert.ok(text.includes('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'), text);
    assert.ok(text.includes('Tờ khai chưa có chữ ký của người đề nghị'), text);
  });

  it('prints the tracking sheet (Form 06) from the processing log, and records each print', async () => {
    const { text } = await readPdf((await form('tracking')).rawPayload);
    assert.ok(text.includes('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ'), text);
    assert.ok(text.includes('Mẫu số 06'), text);
    assert.ok(text.includes('Yêu cầu bổ sung'), text);
    const prints = await s.db.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'dossier.print')
      .execute();
    assert.equal(prints.length, 3);
  });
});
