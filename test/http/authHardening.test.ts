import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totpCode } from '../../src/app/auth/totp.js';
import { demoPassword } from '../../src/seed/demoAccounts.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn, testTotpSecret } from '../../fixtures/staff.js';

/** Sign-in hardening (issue 17, items 4, 6, 7, 11): each refusal as the issue describes it. */
describe(`sign-in hardening (${testEngine})`, () => {
  let s: TestServer;
  let clock = new Date('2026-03-02T08:00:00+07:00');

  before(async () => {
    s = await startTestServer({ loginPerMinute: 10_000, rateLimitPerMinute: 100_000, now: () => clock });
    await seedStaff(s.db.database.db);
  });
  after(() => s.close());

  const login = (username: string, password: string, otp?: string) =>
    s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password, ...(otp ? { otp } : {}) },
    });

  it('checks at most five passwords of ten sent at once for one name', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => login('ngocha.chuyenvien', 'sai-mat-khau-12345')),
    );
    const checked = answers.filter((a) => a.statusCode === 401).length;
    const locked = answers.filter((a) => a.statusCode === 429).length;
    assert.equal(checked, 5, answers.map((a) => a.statusCode).join(','));
    assert.equal(locked, 5);
    // The right password waits for the lock too.
    assert.equal((await login('ngocha.chuyenvien', demoPassword)).statusCode, 429);
  });

  it('accepts a second-factor code once', async () => {
    clock = new Date('2026-03-02T09:00:00+07:00');
    const code = totpCode(testTotpSecret, clock);
    assert.equal((await login('badinh.quantri', demoPassword, code)).statusCode, 200);
    const again = await login('badinh.quantri', demoPassword, code);
    assert.equal(again.statusCode, 401, again.body);
    clock = new Date(clock.getTime() + 30_000);
    assert.equal(
      (await login('badinh.quantri', demoPassword, totpCode(testTotpSecret, clock))).statusCode,
      200,
    );
  });

  it('replaces an enrolled second factor only with the current password and a current code', async () => {
    clock = new Date('2026-03-02T10:00:00+07:00');
    const admin = await signIn(s.app, 'ngocha.quantri', clock);
    const bare = await admin.call('POST', '/api/v1/me/totp/setup');
    assert.equal(bare.statusCode, 400, bare.body);
    const wrong = await admin.call('POST', '/api/v1/me/totp/setup', {
      currentPassword: 'khong-phai-mat-khau',
      otp: totpCode(testTotpSecret, new Date(clock.getTime() + 30_000)),
    });
    assert.equal(wrong.statusCode, 400, wrong.body);
    clock = new Date(clock.getTime() + 30_000);
    const ok = await admin.call('POST', '/api/v1/me/totp/setup', {
      currentPassword: demoPassword,
      otp: totpCode(testTotpSecret, clock),
    });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('counts wrong current passwords with the sign-in failures and ends the session at the lock', async () => {
    clock = new Date('2026-03-02T11:00:00+07:00');
    const official = await signIn(s.app, 'thanhvinh.motcua', clock);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await official.call('POST', '/api/v1/me/password', {
        currentPassword: `sai-mat-khau-${i}`,
        newPassword: 'Mat-Khau-Moi-2026!',
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 400]);
    // The fifth wrong guess locked the name and ended the session.
    assert.ok(
      statuses.slice(5).every((c) => c === 401 || c === 429),
      statuses.join(','),
    );
    assert.equal((await official.call('GET', '/api/v1/me')).statusCode, 401);
    assert.equal((await login('thanhvinh.motcua', demoPassword)).statusCode, 429);
  });
});
