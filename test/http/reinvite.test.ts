import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Problem } from '../../src/contracts/common.js';
import { hanoiCenter } from '../../fixtures/intake.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

interface Reinvitation {
  link: string;
  expiresAt: string;
  sentTo: string[];
}

/**
 * An official who lost the activation link (or let it expire) gets a new one from an administrator
 * who manages the account; the old link stops working; once the official has chosen a password the
 * way back is a password reset, not another link.
 */
describe(`a new activation link for an official who has not activated (${testEngine})`, () => {
  let s: TestServer;
  let admin: Signed;
  let withMail: string;
  let noContact: string;

  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    admin = await signIn(s.app, 'hanoi.quantri');
    const create = async (username: string, email: string | null) => {
      const res = await admin.call('POST', '/api/v1/accounts', {
        username,
        fullName: 'Lê Văn Tâm',
        agencyCode: hanoiCenter,
        email,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    };
    withMail = await create('hanoi.levantam', 'levantam@hanoi.gov.vn');
    noContact = await create('hanoi.levantam2', null);
  });
  after(() => s.close());

  const resend = (who: Signed, id: string) => who.call('POST', `/api/v1/accounts/${id}/activation`);
  const tokenOf = (link: string) => link.split('/kich-hoat/')[1] ?? '';
  const activate = (token: string, password: string) =>
    s.app.inject({ method: 'POST', url: `/api/v1/activation/${token}`, payload: { password } });

  it('sends the new link to the e-mail on file, shows it, and makes the previous one useless', async () => {
    const account = await admin.call('GET', `/api/v1/accounts/${withMail}`);
    assert.equal(account.json<{ activationPending: boolean }>().activationPending, true);
    const first = await resend(admin, withMail);
    assert.equal(first.statusCode, 200, first.body);
    const second = (await resend(admin, withMail)).json<Reinvitation>();
    assert.deepEqual(second.sentTo, ['email']);
    const mails = await s.db.database.db
      .selectFrom('outbox_message')
      .select(['payload'])
      .where('kind', '=', 'account.invitation')
      .execute();
    const bodies = mails.map((m) => JSON.stringify(m.payload));
    assert.ok(bodies.some((b) => b.includes('levantam@hanoi.gov.vn') && b.includes(tokenOf(second.link))));

    const old = await activate(tokenOf(first.json<Reinvitation>().link), 'Mật khẩu riêng của Tâm 2026');
    assert.equal(old.statusCode, 404, 'the earlier link no longer opens the account');
    const done = await activate(tokenOf(second.link), 'Mật khẩu riêng của Tâm 2026');
    assert.equal(done.statusCode, 200, done.body);

    const again = await resend(admin, withMail);
    assert.equal(again.statusCode, 409);
    assert.match(again.json<Problem>().detail ?? '', /đã kích hoạt/);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'account.activation_sent')
      .where('target_id', '=', withMail)
      .execute();
    assert.equal(audit.length, 2);
  });

  it('gives the administrator the link to hand over when the account has no e-mail or phone', async () => {
    const res = await resend(admin, noContact);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json<Reinvitation>();
    assert.deepEqual(r.sentTo, []);
    assert.match(r.link, /\/kich-hoat\/[A-Za-z0-9_-]{43}$/);
  });

  it('is refused outside the administrator’s reach and to those who do not manage accounts', async () => {
    const other = await signIn(s.app, 'nghean.quantri');
    assert.equal((await resend(other, noContact)).statusCode, 404, 'another province: as if absent');
    const receiver = await signIn(s.app, 'hanoi.motcua');
    assert.ok([403, 404].includes((await resend(receiver, noContact)).statusCode));
    const none = await s.db.database.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'account.activation_sent')
      .where('target_id', '=', noContact)
      .execute();
    assert.equal(none.length, 1, 'only the allowed request was recorded');
  });
});
