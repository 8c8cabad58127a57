import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { totpCode } from '../../src/app/auth/totp.js';
import { demoPassword, seedDemoAccounts } from '../../src/seed/demoAccounts.js';
import type { Schema } from '../../src/store/schema.js';
import { databaseOf } from './testServer.js';

export const testTotpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** The demo accounts, with a known TOTP secret enrolled for every administrator. */
export async function seedStaff(db: Kysely<Schema>): Promise<void> {
  const created = await seedDemoAccounts(db, new Date('2025-07-01T00:00:00+07:00'));
  assert.ok(created.length > 0);
  await db
    .updateTable('account')
    .set({ totp_secret: testTotpSecret })
    .where('username', 'like', '%quantri')
    .execute();
}

export interface Signed {
  cookie: string;
  csrf: string;
  /** inject() with the session cookie and, for writes, the CSRF token. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

export function sessionCookieOf(res: LightMyRequestResponse): string | undefined {
  const c = res.cookies.find((k) => k.name === 'motcua_session');
  return c?.value;
}

/** Signs in through the API as a person would; administrators answer with their TOTP code. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  now: Date = new Date(),
  password = demoPassword,
): Promise<Signed> {
  const otp = username.endsWith('quantri') ? totpCode(testTotpSecret, now) : undefined;
  // A code is accepted once (issue 17): a test that signs an administrator in again at the same
  // fixed clock stands for one who waited for the next code. The replay rule is tested in
  // test/http/authHardening.test.ts.
  const forgetCode = async () => {
    const db = databaseOf.get(app);
    if (otp && db)
      await db.database.db
        .updateTable('account')
        .set({ totp_last_step: null })
        .where('username', '=', username)
        .execute();
  };
  await forgetCode();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password, ...(otp ? { otp } : {}) },
  });
  assert.equal(res.statusCode, 200, `${username}: ${res.body}`);
  await forgetCode();
  return signedFrom(app, res);
}

/** The session an answer set (sign-in, password change, enrolment), as a caller that uses it. */
export function signedFrom(app: FastifyInstance, res: LightMyRequestResponse): Signed {
  const cookie = sessionCookieOf(res);
  assert.ok(cookie, res.body);
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    cookie,
    csrf,
    call: (method, url, payload, headers = {}) =>
      app.inject({
        method,
        url,
        cookies: { motcua_session: cookie },
        headers: method === 'GET' ? headers : { ...headers, 'x-csrf-token': csrf },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  };
}
