import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Problem } from '../../src/contracts/common.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { multipart } from '../support/multipart.js';
import { agencyOf, birthDossier, startDemoSystem, unitOf } from '../support/demoSystem.js';

const forged = (k: unknown) => Buffer.from(JSON.stringify({ k }), 'utf8').toString('base64url');

/**
 * The bad input the probe sent (issue 17, items 12 and 13), each answered with a 400 problem that
 * names the field, and nothing written.
 */
describe(`bad input is refused, never a 500 (${testEngine})`, () => {
  let s: TestServer;
  let receiver: Signed;
  let commune = '';

  before(async () => {
    s = await startDemoSystem({ publicLookupsPerMinute: 1000 });
    receiver = await signIn(s.app, 'ngocha.motcua');
    commune = await unitOf(s, await agencyOf(s, 'ngocha.motcua'));
  });
  after(() => s.close());

  const expect400 = (
    res: { statusCode: number; body: string; headers: Record<string, unknown> },
    field?: RegExp,
  ) => {
    assert.equal(res.statusCode, 400, res.body);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const p = JSON.parse(res.body) as Problem;
    assert.ok(p.title.length > 0);
    if (field)
      assert.ok(
        p.errors?.some((e) => field.test(e.field)),
        res.body,
      );
  };

  it('refuses NUL, lone surrogates, year 0 and forged cursors in queries and paths', async () => {
    for (const [url, field] of [
      ['/api/v1/agencies?q=a%00b', /^querystring\.q$/],
      ['/api/v1/public/dossiers/AAAAAAAA%00?verify=1234', /^params\.code$/],
      ['/api/v1/agencies?on=0000-01-01', /^querystring\.on$/],
      ['/api/v1/dossiers?queue=all&from=0000-01-01T00:00:00Z', /^querystring\.from$/],
      [`/api/v1/dossiers?queue=all&cursor=${forged('garbage')}`, /^querystring\.cursor$/],
      [
        `/api/v1/dossiers?queue=all&cursor=${forged('2026-01-01T00:00:00Z|not-a-uuid')}`,
        /^querystring\.cursor$/,
      ],
      [`/api/v1/agencies?cursor=${forged('a\u0000')}`, /^querystring\.cursor$/],
      [`/api/v1/audit?cursor=${forged('1 OR 1=1')}`, /^querystring\.cursor$/],
    ] as const) {
      const who = url.startsWith('/api/v1/audit') ? await signIn(s.app, 'ngocha.giamsat') : receiver;
      expect400(await who.call('GET', url), field);
    }
    expect400(
      await s.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'a\u0000b', password: 'x' },
      }),
      /^body\.username$/,
    );
  });

  it('refuses a lone surrogate in a name and an e-form nested 100,000 deep, writing nothing', async () => {
    const before = await s.db.database.db.selectFrom('dossier').select('id').execute();
    const body = {
      procedureCode: '1.001193',
      applicant: {
        kind: 'individual',
        idNumber: '001089012345',
        name: 'Mai\ud800',
        address: { communeCode: commune, detail: 'x' },
      },
      components: [
        { code: 'TK', copies: 1 },
        { code: 'GCS', copies: 1 },
      ],
      eform: { TK: { hoTen: 'Mai' } },
    };
    expect400(await receiver.call('POST', '/api/v1/dossiers', body), /^body\.applicant\.name$/);
    const deep = JSON.stringify({ ...body, applicant: { ...body.applicant, name: 'Mai' } }).replace(
      '{"hoTen":"Mai"}',
      '{"hoTen":"Mai","x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}',
    );
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      cookies: { motcua_session: receiver.cookie },
      headers: { 'x-csrf-token': receiver.csrf, 'content-type': 'application/json' },
      payload: deep,
    });
    expect400(res, /^body/);
    const after = await s.db.database.db.selectFrom('dossier').select('id').execute();
    assert.equal(after.length, before.length);
  });

  it('refuses an unknown applicant commune and e-form data for a component the procedure lacks', async () => {
    const base = {
      procedureCode: '1.001193',
      applicant: {
        kind: 'individual',
        idNumber: '001089012345',
        name: 'Mai',
        address: { communeCode: '99999', detail: 'x' },
      },
      components: [
        { code: 'TK', copies: 1 },
        { code: 'GCS', copies: 1 },
      ],
      eform: { TK: { hoTen: 'Mai' } },
    };
    expect400(
      await receiver.call('POST', '/api/v1/dossiers', base),
      /^body\.applicant\.address\.communeCode$/,
    );
    expect400(
      await receiver.call('POST', '/api/v1/dossiers', {
        ...base,
        applicant: { ...base.applicant, address: { communeCode: commune, detail: 'x' } },
        eform: { TK: { hoTen: 'Mai' }, KHAC: { x: 1 } },
      }),
      /^body\.eform\.KHAC$/,
    );
  });

  it('bounds payment requests by the fees and extensions by a year', async () => {
    const d = await birthDossier(receiver, commune);
    const processor = await signIn(s.app, 'ngocha.chuyenvien');
    const act = async (who: Signed, body: object) => {
      const { version } = (await who.call('GET', `/api/v1/dossiers/${d.code}`)).json<{ version: number }>();
      return who.call('POST', `/api/v1/dossiers/${d.code}/actions`, { expectedVersion: version, ...body });
    };
    assert.equal((await act(receiver, { type: 'forward', toStep: 'TD' })).statusCode, 200);
    // Birth registration is free: 10^15 đồng is refused, by schema and by the fees.
    expect400(await act(processor, { type: 'request_payment', amount: 10 ** 15 }), /^body\.amount$/);
    expect400(await act(processor, { type: 'request_payment', amount: 50_000 }));
    expect400(
      await act(processor, { type: 'propose_extension', newDue: '9999-12-31T00:00:00Z', reason: 'x' }),
      /^body\.newDue$/,
    );
    const nextYear = new Date(Date.now() + 400 * 86_400_000).toISOString();
    expect400(
      await act(processor, { type: 'propose_extension', newDue: nextYear, reason: 'Cần xác minh thêm' }),
    );
    const payments = await s.db.database.db
      .selectFrom('outbox_message')
      .select('id')
      .where('destination', '=', 'payment')
      .execute();
    assert.equal(payments.length, 0);
    // A leader may ask more than the published fees, on the record with a reason; without one, not.
    const leader = await signIn(s.app, 'ngocha.lanhdao');
    expect400(await act(leader, { type: 'request_payment', amount: 50_000 }));
    const withReason = await act(leader, {
      type: 'request_payment',
      amount: 50_000,
      reason: 'Phí trích lục bản sao theo yêu cầu thêm của người nộp',
    });
    assert.equal(withReason.statusCode, 200, withReason.body);
  });

  it('answers what the router refuses (a path parameter past its length) as problem+json', async () => {
    const res = await receiver.call('GET', `/api/v1/dossiers/${'A'.repeat(300)}`);
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, res.body);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  });

  it('refuses malformed multipart on uploads and on the public result check', async () => {
    const d = await birthDossier(receiver, commune);
    for (const broken of ['--b\r\nContent-Disposition: form-data; name="file"\r\n', 'not multipart at all']) {
      const headers = { 'content-type': 'multipart/form-data; boundary=b' };
      const upload = await receiver.call(
        'POST',
        `/api/v1/dossiers/${d.code}/documents?component=TK&digitization=1`,
        broken,
        headers,
      );
      expect400(upload, /^body\.file$/);
      const check = await s.app.inject({
        method: 'POST',
        url: '/api/v1/public/results/ABCDEFGHJKMN/check',
        headers,
        payload: broken,
      });
      assert.ok([400, 404].includes(check.statusCode), check.body);
      assert.match(String(check.headers['content-type']), /^application\/problem\+json/);
    }
    // A whole file still goes through.
    const ok = multipart(
      'to-khai.png',
      Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
        'hex',
      ),
    );
    const res = await receiver.call(
      'POST',
      `/api/v1/dossiers/${d.code}/documents?component=TK&digitization=1`,
      ok.payload,
      { 'content-type': ok.contentType },
    );
    assert.ok(res.statusCode < 500, res.body);
  });
});
