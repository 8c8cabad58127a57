import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { refreshOrphansSince } from '../../src/app/dossiers/orphanWatch.js';
import { hanoiCenter } from '../../fixtures/intake.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { actOn, startWithDossier } from '../support/dossierFixtures.js';
import { demoPassword } from '../../src/seed/demoAccounts.js';
import type { TestServer } from '../support/testServer.js';

/**
 * An account valid to a day (an official leaving on a date, an imported account's end) stops on
 * that day in Vietnam — not seven hours later when the day begins in UTC — for signing in, for an
 * open session, and for holding a step: the dossiers it alone covered are flagged orphans by the
 * next watch pass, as when a grant lapses (DOMAIN.md: orphan; issue 19: "grants expire, accounts
 * are deactivated").
 */
describe('an account valid to a day ends at the start of that day in Vietnam', () => {
  // The processor's account is valid to 29 March 2026: its last day is the 28th.
  const clock = new Date('2026-03-28T09:00:00+07:00');
  let s: TestServer;
  let processor: Signed;
  let code: string;

  before(async () => {
    let receiver: Signed;
    ({ s, receiver, code } = await startWithDossier({ loginPerMinute: 100 }, clock));
    await actOn(receiver, code, { type: 'forward', toStep: 'TD' });
    processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
    const admin = await signIn(s.app, 'hanoi.quantri', clock);
    const id = (await processor.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const patched = await admin.call('PATCH', `/api/v1/accounts/${id}`, { validTo: '2026-03-29' });
    assert.ok([200, 204].includes(patched.statusCode), patched.body);
    processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
  });
  after(() => s.close());

  const orphan = async () =>
    (
      await s.db.database.db
        .selectFrom('dossier')
        .select('orphan')
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).orphan;
  const login = () =>
    s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'hanoi.chuyenvien', password: demoPassword },
    });

  it('keeps the account working through its last day', async () => {
    clock.setTime(new Date('2026-03-28T23:58:00+07:00').getTime());
    assert.equal((await processor.call('GET', '/api/v1/me')).statusCode, 200);
    assert.equal(await orphan(), false);
  });

  it("at 00:01 in Vietnam (still the 28th in UTC): no sign-in, the session ended, the step's dossier an orphan", async () => {
    const since = new Date(clock);
    clock.setTime(new Date('2026-03-29T00:01:00+07:00').getTime());
    assert.equal(clock.toISOString().slice(0, 10), '2026-03-28', 'the UTC date has not turned');
    assert.equal((await processor.call('GET', '/api/v1/me')).statusCode, 401);
    const refused = await login();
    assert.equal(refused.statusCode, 401, refused.body);
    const touched = await refreshOrphansSince(
      createAppContext(s.db.database.db, { now: () => clock }),
      since,
    );
    assert.ok(touched.includes(hanoiCenter), 'the agency where the account held a role is re-evaluated');
    assert.equal(await orphan(), true);
  });
});
