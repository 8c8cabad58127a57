import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { createFirstAdmin } from '../../src/app/accounts/firstAdmin.js';
import type { Problem } from '../../src/contracts/common.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/** An installation with no account at all: the first administrator comes from `create-admin`. */
describe(`the first administrator and activation links (${testEngine})`, () => {
  let s: TestServer;
  let clock = new Date('2026-03-02T08:00:00+07:00');
  const ctx = () =>
    createAppContext(s.db.database.db, {
      now: () => clock,
      settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12, publicUrl: 'https://motcua.gov.vn' },
    });
  before(async () => {
    s = await startTestServer({ now: () => clock, settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 } });
  });
  after(() => s.close());

  const tokenOf = (link: string) => link.split('/kich-hoat/')[1] ?? '';
  const activate = (token: string, password: string) =>
    s.app.inject({ method: 'POST', url: `/api/v1/activation/${token}`, payload: { password } });

  it('creates the first administrator without a password; the link sets one and asks for the second factor', async () => {
    const made = await createFirstAdmin(ctx(), {
      username: 'quantri.vpcp',
      fullName: 'Nguyễn Văn Quản',
      agencyCode: '000.00.00.G17',
    });
    assert.match(made.link, /^https:\/\/motcua\.gov\.vn\/kich-hoat\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(made.link);

    // Before activation no password opens the account, not even an empty one.
    for (const password of ['', '!activation-pending', 'MotCua@2026-demo'])
      assert.equal(
        (
          await s.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: 'quantri.vpcp', password: password || 'x' },
          })
        ).statusCode,
        401,
      );

    const info = await s.app.inject({ method: 'GET', url: `/api/v1/activation/${token}` });
    assert.equal(info.statusCode, 200, info.body);
    assert.deepEqual(
      {
        ...info.json<{ username: string; secondFactor: boolean }>(),
        expiresAt: undefined,
        agency: undefined,
      },
      {
        username: 'quantri.vpcp',
        fullName: 'Nguyễn Văn Quản',
        secondFactor: true,
        expiresAt: undefined,
        agency: undefined,
      },
    );
    const weak = await activate(token, 'quantri.vpcp1');
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json<Problem>().errors?.[0]?.field, 'body.password');

    const done = await activate(token, 'Một mật khẩu dài của riêng tôi');
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json<{ stage: string }>().stage, 'enroll_totp');
    const cookie = done.cookies.find((c) => c.name === 'motcua_session')?.value ?? '';
    const me = await s.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { motcua_session: cookie } });
    assert.equal(me.statusCode, 200, me.body);

    assert.equal((await activate(token, 'Một mật khẩu dài khác nữa')).statusCode, 404, 'a link works once');
    const login = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'quantri.vpcp', password: 'Một mật khẩu dài của riêng tôi' },
    });
    assert.equal(login.statusCode, 200, login.body);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_kind', '=', 'account')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action).filter((a) => !a.startsWith('auth.')),
      ['account.created', 'grant.created', 'account.activated'],
    );
  });

  it('refuses a second first administrator', async () => {
    await assert.rejects(
      createFirstAdmin(ctx(), {
        username: 'quantri.hai',
        fullName: 'Người thứ hai',
        agencyCode: '000.00.00.G17',
      }),
      (e: Error & { code?: string }) => e.code === 'admin-exists',
    );
    const none = await s.db.database.db
      .selectFrom('account')
      .select('id')
      .where('username', '=', 'quantri.hai')
      .executeTakeFirst();
    assert.equal(none, undefined);
  });

  it('lets a link lapse after its time, and a newer link replace an older one', async () => {
    await s.db.database.db.deleteFrom('role_grant').where('role', '=', 'system_admin').execute();
    const first = tokenOf(
      (
        await createFirstAdmin(ctx(), {
          username: 'quantri.ba',
          fullName: 'Người thứ ba',
          agencyCode: '000.00.00.G17',
        })
      ).link,
    );
    clock = new Date(clock.getTime() + 8 * 24 * 3_600_000);
    assert.equal((await s.app.inject({ method: 'GET', url: `/api/v1/activation/${first}` })).statusCode, 404);
    assert.equal((await activate(first, 'Một mật khẩu dài của riêng tôi')).statusCode, 404);
    assert.equal(
      (await s.app.inject({ method: 'GET', url: '/api/v1/activation/not-a-token' })).statusCode,
      400,
    );
  });
});
