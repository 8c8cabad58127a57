import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { CitizenSignIn } from '../../src/app/citizens/citizenSignIn.js';
import { startVneidSimulator, type RunningSimulator } from '../../src/integrations/vneid/vneidSimulator.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchChromium, skipOrFail } from './browser.js';

const skip = skipOrFail();

describe('citizen sign-in through the VNeID simulator (OpenID Connect)', { skip }, () => {
  let idp: RunningSimulator;
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    const clientSecret = randomBytes(16).toString('hex');
    idp = await startVneidSimulator({ clientId: 'motcua', clientSecret });
    server = await startTestServer({
      citizenSignIn: new CitizenSignIn({ issuer: idp.issuer, clientId: 'motcua', clientSecret }),
    });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  it('signs a citizen in end to end, who then has no staff rights', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(base + '/cong-dan');
    await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();

    // The provider's own pages: sign in with a demo citizen's ID, then consent.
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill('001089012345');
    await page.locator('input[name="password"]').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(base + '/cong-dan');
    await page.getByText('Nguyễn Thị Mai').waitFor();
    await page.getByText('001089012345').waitFor();

    const staff = await page.evaluate(async () => (await fetch('/api/v1/accounts')).status);
    assert.equal(staff, 401);
    const audit = await server.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', '=', 'citizen.login')
      .execute();
    assert.deepEqual(audit, [{ action: 'citizen.login', actor_id: '001089012345' }]);
    await context.close();
  });

  it('refuses a callback that this browser did not start', async () => {
    const res = await fetch(`${base}/api/v1/citizen/callback?code=forged&state=forged`, {
      redirect: 'manual',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/cong-dan?loi=dang-nhap');
    assert.equal(res.headers.get('set-cookie')?.includes('motcua_citizen='), false);
  });
});
