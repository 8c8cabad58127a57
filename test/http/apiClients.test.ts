import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Problem } from '../../src/contracts/common.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';

describe(`machine clients (${testEngine})`, () => {
  let s: TestServer;
  let admin: Signed;
  let key = '';
  let id = '';
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    admin = await signIn(s.app, 'quantri');
    const res = await admin.call('POST', '/api/v1/api-clients', {
      name: 'Cổng Dịch vụ công quốc gia',
      scopes: ['reference.read', 'dossiers.submit'],
    });
    assert.equal(res.statusCode, 201, res.body);
    ({ key, id } = res.json<{ id: string; key: string }>());
  });
  after(() => s.close());

  const asClient = (url: string, k = key) =>
    s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${k}` } });

  it('authenticates a client by its key, with its scopes', async () => {
    const res = await asClient('/api/v1/client/whoami');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      name: 'Cổng Dịch vụ công quốc gia',
      scopes: ['reference.read', 'dossiers.submit'],
    });
    assert.equal((await asClient('/api/v1/client/reference-check')).statusCode, 200);
    const stored = await s.db.database.db
      .selectFrom('api_client')
      .select('key_hash')
      .executeTakeFirstOrThrow();
    assert.ok(!key.includes(stored.key_hash) && stored.key_hash.length === 64, 'only a hash is stored');
  });

  it('never lets a client act as staff, nor sets a session', async () => {
    for (const url of ['/api/v1/accounts', '/api/v1/audit', '/api/v1/me', '/api/v1/api-clients']) {
      const res = await asClient(url);
      assert.equal(res.statusCode, 401, url);
      assert.equal(res.cookies.length, 0);
    }
  });

  it('refuses a wrong, malformed or revoked key', async () => {
    const wrong = key.slice(0, -4) + 'AAAA';
    assert.equal((await asClient('/api/v1/client/whoami', wrong)).statusCode, 401);
    assert.equal((await asClient('/api/v1/client/whoami', 'not-a-key')).statusCode, 401);
    assert.equal((await admin.call('PATCH', `/api/v1/api-clients/${id}`, { active: false })).statusCode, 204);
    const revoked = await asClient('/api/v1/client/whoami');
    assert.equal(revoked.statusCode, 401);
    assert.equal(revoked.json<Problem>().title, 'Khóa API không hợp lệ hoặc đã bị thu hồi');
    assert.equal((await admin.call('PATCH', `/api/v1/api-clients/${id}`, { active: true })).statusCode, 204);
  });

  it('refuses a call outside the client scopes', async () => {
    const res = await admin.call('POST', '/api/v1/api-clients', {
      name: 'Hệ thống bưu chính',
      scopes: ['dossiers.sync'],
    });
    const other = res.json<{ key: string }>().key;
    const call = await asClient('/api/v1/client/reference-check', other);
    assert.equal(call.statusCode, 403);
    assert.equal(call.json<Problem>().type, 'https://motcua.gov.vn/problems/scope-missing');
  });

  it('lets only a system administrator register clients', async () => {
    const province = await signIn(s.app, 'hanoi.quantri');
    assert.equal(
      (
        await province.call('POST', '/api/v1/api-clients', {
          name: 'Hệ thống lạ',
          scopes: ['reference.read'],
        })
      ).statusCode,
      403,
    );
    assert.equal((await province.call('GET', '/api/v1/api-clients')).statusCode, 403);
    const list = await admin.call('GET', '/api/v1/api-clients');
    assert.equal(list.json<{ items: unknown[] }>().items.length, 2);
  });
});
