import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedHeaders } from '../../src/integrations/http/signedCallback.js';
import { rawHttp } from '../support/rawHttp.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn } from '../../fixtures/staff.js';
import { agencyOf, birthDossier, startDemoSystem, unitOf } from '../support/demoSystem.js';

const statusOf = (answer: string) => Number(answer.slice(9, 12));

/**
 * Rate limits (issue 17, item 3): keyed on the routed path, per account for officials and per key
 * for machine clients, per address for anonymous callers; and the digits of a dossier code counted
 * per code across every public route that checks them.
 */
describe(`rate limits (${testEngine})`, () => {
  let s: TestServer;
  let port = 0;

  before(async () => {
    s = await startDemoSystem({
      loginPerMinute: 5,
      rateLimitPerMinute: 40,
      anonymousPerMinute: 15,
      publicLookupsPerMinute: 1000,
      integrations: {
        paymentSecret: 'payment-secret-0123456789',
        docmgmtSecret: 'docmgmt-secret-0123456789',
        exchangeSecret: 'exchange-secret-0123456789',
      },
    });
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    port = (s.app.server.address() as { port: number }).port;
  });
  after(() => s.close());

  it('refuses absolute-form and other odd request targets before anything is routed', async () => {
    const body = '{"username":"x","password":"y"}';
    for (const target of ['http://127.0.0.1/api/v1/auth/login', '//api/v1/auth/login', '*']) {
      const answer = await rawHttp(
        port,
        `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      assert.ok([400, 404].includes(statusOf(answer)), `${target}: ${answer.slice(0, 200)}`);
      assert.doesNotMatch(answer, /"user"|set-cookie/i);
    }
  });

  it('counts sign-in attempts however the path is spelled', async () => {
    let handled = 0;
    let limited = 0;
    for (let i = 0; i < 12; i++) {
      const url = i % 2 === 0 ? '/api/v1/auth/login' : '/api/v1/auth/login/';
      const res = await s.app.inject({
        method: 'POST',
        url,
        remoteAddress: '10.9.9.9',
        payload: { username: 'khong.ai', password: 'sai-mat-khau-123' },
      });
      if (res.statusCode === 429) limited++;
      else handled++;
    }
    assert.equal(handled, 5);
    assert.equal(limited, 7);
  });

  it('counts sign-in attempts per address even for a caller who holds a session', async () => {
    const official = await signIn(s.app, 'badinh.chuyenvien');
    const attempt = (withSession: boolean) =>
      s.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.8.8.8',
        ...(withSession ? { cookies: { motcua_session: official.cookie } } : {}),
        payload: { username: 'khong.ai.ca', password: 'sai-mat-khau-123' },
      });
    for (let i = 0; i < 5; i++) assert.notEqual((await attempt(i % 2 === 0)).statusCode, 429);
    assert.equal((await attempt(true)).statusCode, 429);
    assert.equal((await attempt(false)).statusCode, 429);
  });

  it('gives each official behind one address an allowance of their own', async () => {
    const a = await signIn(s.app, 'ngocha.motcua');
    const b = await signIn(s.app, 'ngocha.chuyenvien');
    for (let i = 0; i < 30; i++) {
      for (const who of [a, b]) {
        const res = await who.call('GET', '/api/v1/me');
        assert.equal(res.statusCode, 200, `request ${i}: ${res.body}`);
      }
    }
    // Still one official cannot flood: their own allowance ends.
    let limited = false;
    for (let i = 0; i < 15 && !limited; i++) limited = (await a.call('GET', '/api/v1/me')).statusCode === 429;
    assert.ok(limited);
    // An anonymous caller is counted by address.
    const codes: number[] = [];
    for (let i = 0; i < 20; i++)
      codes.push(
        (await s.app.inject({ method: 'GET', url: '/api/v1/admin-units?limit=1', remoteAddress: '10.7.7.7' }))
          .statusCode,
      );
    assert.equal(codes.filter((c) => c === 200).length, 15);
    assert.equal(codes.filter((c) => c === 429).length, 5);
  });

  it("gives partner platforms' callbacks an allowance of their own, beside the address's", async () => {
    // A payment platform calls back many times a minute from one address: more than an anonymous
    // caller's 15 here. Well-formed and fresh but signed with the wrong key, each is read and
    // refused (401), never limited.
    const from = { remoteAddress: '10.6.6.6' };
    const body = JSON.stringify({ id: 'x' });
    for (const url of ['/api/v1/payments/callback', '/api/v1/docmgmt/callback', '/api/v1/exchange/callback'])
      for (let i = 0; i < 20; i++) {
        const headers = { 'content-type': 'application/json', ...signedHeaders('khoa-sai', body) };
        const res = await s.app.inject({ method: 'POST', url, ...from, headers, payload: body });
        assert.equal(res.statusCode, 401, `${url} ${i}: ${res.body}`);
      }
    // The address's own allowance for everything else is untouched, and still ends.
    const codes: number[] = [];
    for (let i = 0; i < 16; i++)
      codes.push(
        (await s.app.inject({ method: 'GET', url: '/api/v1/admin-units?limit=1', ...from })).statusCode,
      );
    assert.deepEqual([codes.filter((c) => c === 200).length, codes.at(-1)], [15, 429]);
  });

  it('counts wrong digits of one dossier code across status, rating and feedback, from any address', async () => {
    const receiver = await signIn(s.app, 'badinh.motcua');
    const d = await birthDossier(receiver, await unitOf(s, await agencyOf(s, 'badinh.motcua')));
    const attempts = [
      { method: 'GET' as const, url: `/api/v1/public/dossiers/${d.code}?verify=` },
      {
        method: 'PUT' as const,
        url: `/api/v1/public/dossiers/${d.code}/rating?verify=`,
        payload: { level: 'satisfied' },
      },
      {
        method: 'POST' as const,
        url: `/api/v1/public/dossiers/${d.code}/feedback?verify=`,
        payload: { category: 'other', content: 'Xin hỏi tiến độ' },
      },
    ];
    for (let i = 0; i < 10; i++) {
      const a = attempts[i % 3] as (typeof attempts)[number];
      const res = await s.app.inject({
        ...a,
        url: `${a.url}${String(1000 + i)}`,
        remoteAddress: `10.1.1.${i + 1}`,
      });
      assert.equal(res.statusCode, 404, res.body);
    }
    // The right digits now wait: the code is closed to guessing for the hour.
    const right = await s.app.inject({
      method: 'GET',
      url: `/api/v1/public/dossiers/${d.code}?verify=2345`,
      remoteAddress: '10.2.2.2',
    });
    assert.equal(right.statusCode, 429, right.body);
    assert.equal(right.headers['content-type'], 'application/problem+json; charset=utf-8');
  });
});
