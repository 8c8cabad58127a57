import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Problem } from '../../src/contracts/common.js';
import type { PublicDossierStatus } from '../../src/contracts/public.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import type { Signed } from '../../fixtures/staff.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

describe(`public dossier status (${testEngine})`, () => {
  let s: TestServer;
  let receiver: Signed;
  let code = '';
  const clock = new Date('2026-03-02T08:00:00+07:00');

  before(async () => {
    ({ s, receiver, code } = await startWithDossier({ publicLookupsPerMinute: 8 }, clock));
  });
  after(() => s.close());

  const lookup = (c: string, verify: string) =>
    s.app.inject({
      method: 'GET',
      url: `/api/v1/public/dossiers/${c}?verify=${verify}`,
      remoteAddress: '203.0.113.7',
    });

  it('tells the applicant the status, due date and agency, and nothing personal', async () => {
    const res = await lookup(code, '2345');
    assert.equal(res.statusCode, 200, res.body);
    const st = res.json<PublicDossierStatus>();
    assert.equal(st.status, 2);
    assert.equal(st.statusName, 'Được tiếp nhận');
    assert.match(st.explanation, /đã được tiếp nhận/);
    assert.match(st.agencyName, /Trung tâm Phục vụ hành chính công/);
    assert.equal(st.province, '01', 'the holding agency’s province, for its public notices');
    assert.ok(st.dueAt);
    assert.equal(st.asked, null);
    assert.doesNotMatch(res.body, /Nguyễn Thị Mai|001089012345|0912345678|Điện Biên Phủ/);
  });

  it('answers a wrong second factor exactly like an unknown code', async () => {
    const wrong = await lookup(code, '0000');
    const unknown = await lookup('000.00.01.H01-260302-9999', '2345');
    assert.equal(wrong.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    assert.equal(wrong.json<Problem>().detail, unknown.json<Problem>().detail);
    assert.equal((await lookup(code, '12a4')).statusCode, 400);
  });

  it('lists what a supplement request asks for', async () => {
    const d = (await receiver.call('GET', `/api/v1/dossiers/${code}`)).json<{ version: number }>();
    const asked = await receiver.call('POST', `/api/v1/dossiers/${code}/actions`, {
      type: 'request_supplement',
      expectedVersion: d.version,
      reason: 'Tờ khai thiếu chữ ký',
      components: ['TK'],
    });
    assert.equal(asked.statusCode, 200, asked.body);
    const st = (await lookup(code, '2345')).json<PublicDossierStatus>();
    assert.equal(st.status, 5);
    assert.equal(st.asked?.kind, 'supplement');
    assert.equal(st.asked?.reason, 'Tờ khai thiếu chữ ký');
    assert.match(st.asked?.components[0] ?? '', /Tờ khai/);
  });

  it('slows down guessing: a few lookups a minute per address', async () => {
    let limited = 0;
    for (let i = 0; i < 10; i++) if ((await lookup(code, '2345')).statusCode === 429) limited++;
    assert.ok(limited > 0);
  });
});
