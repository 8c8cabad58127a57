import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { roles, type Role } from '../../src/domain/access/roles.js';
import { placeOracle, type PlaceOracle } from '../support/placeOracle.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signedFrom, signIn, type Signed } from '../../fixtures/staff.js';
import { totpCode } from '../../src/app/auth/totp.js';
import { multipart } from '../support/multipart.js';
import {
  agencyOf,
  birthDossier,
  deployResidenceInHanoi,
  startDemoSystem,
  unitOf,
} from '../support/demoSystem.js';

/**
 * Grants never reach wider than their granter (issue 17, item 2 and "Grants"), and a ministry's
 * monitor sees its own procedures' dossiers in every province and nothing else. The oracle is
 * written here from the rules of DOMAIN.md §2 and the issue, not from the SQL it checks.
 */
describe(`grants and the ministry monitor (${testEngine})`, () => {
  let s: TestServer;
  let place: PlaceOracle;
  const admins = new Map<string, Signed>();
  let counter = 0;

  before(async () => {
    s = await startDemoSystem();
    const db = s.db.database.db;
    place = await placeOracle(db);
    for (const u of ['quantri', 'botuphap.quantri', 'hanoi.quantri', 'badinh.quantri', 'nghean.quantri'])
      admins.set(u, await signIn(s.app, u));
  });
  after(() => s.close());

  const admin = (u: string) => admins.get(u) as Signed;
  const under = (t: string, top: string) => place.under(t, top);
  const inArea = (t: string, at: string) => place.inArea(t, at);
  const central = (kind: string) => kind === 'ministry' || kind === 'ministry_unit';

  /**
   * The oracle of what a grant reaches (any permission): an administrator's span is what they manage
   * accounts in; a role's span is every agency it reaches with any of its permissions.
   */
  function span(role: Role, at: string): (target: string) => boolean {
    const g = place.agency(at);
    switch (role) {
      case 'system_admin':
      case 'national_monitor':
        return () => true;
      case 'receiver':
      case 'processor':
        return (t) => t === at;
      case 'leader':
      case 'ministry_admin':
        return (t) => under(t, at);
      case 'province_admin':
      case 'commune_admin':
      case 'monitor':
        return central(g.kind) ? (t) => under(t, at) : (t) => inArea(t, at);
    }
  }

  async function newAccount(by: Signed, agencyCode: string): Promise<string> {
    const res = await by.call('POST', '/api/v1/accounts', {
      username: `thu.${++counter}`,
      fullName: 'Tài khoản thử',
      agencyCode,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ id: string }>().id;
  }

  it('lets no administrator grant to their own account', async () => {
    const db = s.db.database.db;
    for (const u of ['hanoi.quantri', 'botuphap.quantri', 'quantri']) {
      const me = await db
        .selectFrom('account')
        .select(['id', 'agency_code'])
        .where('username', '=', u)
        .executeTakeFirstOrThrow();
      const res = await admin(u).call('POST', `/api/v1/accounts/${me.id}/grants`, {
        role: 'monitor',
        agencyCode: me.agency_code,
      });
      assert.equal(res.statusCode, 403, `${u}: ${res.body}`);
    }
  });

  it('gives the nationwide view only from the system administrator', async () => {
    const office = '000.00.00.G17';
    const byMinistry = await newAccount(admin('quantri'), office);
    for (const u of ['botuphap.quantri', 'hanoi.quantri']) {
      const res = await admin(u).call('POST', `/api/v1/accounts/${byMinistry}/grants`, {
        role: 'national_monitor',
        agencyCode: office,
      });
      assert.ok([403, 404].includes(res.statusCode), `${u}: ${res.body}`);
    }
    const ok = await admin('quantri').call('POST', `/api/v1/accounts/${byMinistry}/grants`, {
      role: 'national_monitor',
      agencyCode: office,
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('never yields a grant reaching beyond its granter, for any administrator, role and agency', async () => {
    const db = s.db.database.db;
    // A sample of every kind of agency, near and far from each administrator.
    const sample = [...place.agencies.values()].filter(
      (a) =>
        ['01', '40'].includes(a.unit) ||
        ['01', '40'].includes(place.unitParent.get(a.unit) ?? '') ||
        central(a.kind),
    );
    const grantable = await db
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select(['a.username', 'g.role', 'g.agency_code'])
      .execute();
    const manages = (u: string) => {
      const g = grantable.find((x) => x.username === u) as { role: Role; agency_code: string };
      return span(g.role, g.agency_code);
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...admins.keys()),
        fc.constantFrom(...roles),
        fc.constantFrom(...sample.map((a) => a.code)),
        async (u, role, at) => {
          const target = await newAccount(admin('quantri'), at);
          const res = await admin(u).call('POST', `/api/v1/accounts/${target}/grants`, {
            role,
            agencyCode: at,
          });
          assert.ok([201, 403, 404].includes(res.statusCode), `${u} ${role} ${at}: ${res.body}`);
          if (res.statusCode !== 201) return;
          const granted = span(role, at);
          const mine = manages(u);
          const beyond = [...place.agencies.keys()].find((c) => granted(c) && !mine(c));
          assert.equal(beyond, undefined, `${u} granted ${role} at ${at}, reaching ${beyond}`);
        },
      ),
      { numRuns: Number(process.env['GRANT_PROPERTY_RUNS'] ?? 60), seed: 17 },
    );
  });

  /** A new administrator as they would start: temporary password changed, second factor enrolled. */
  async function enrolledAdmin(username: string, temporary: string): Promise<Signed> {
    const first = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: temporary },
    });
    assert.equal(first.statusCode, 200, first.body);
    const changed = await signedFrom(s.app, first).call('POST', '/api/v1/me/password', {
      currentPassword: temporary,
      newPassword: 'Quan-Tri-Moi-2026!',
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const enrolling = signedFrom(s.app, changed);
    const setup = (await enrolling.call('POST', '/api/v1/me/totp/setup')).json<{ secret: string }>();
    const confirmed = await enrolling.call('POST', '/api/v1/me/totp/confirm', {
      otp: totpCode(setup.secret, new Date()),
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    return signedFrom(s.app, confirmed);
  }

  it('never lets a sequence of grants, by administrators made along the way, reach beyond its start', async () => {
    const db = s.db.database.db;
    const sample = [...place.agencies.values()]
      .filter(
        (a) =>
          ['01', '40'].includes(a.unit) ||
          ['01', '40'].includes(place.unitParent.get(a.unit) ?? '') ||
          central(a.kind),
      )
      .map((a) => a.code);
    const seeded = await db
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select(['a.username', 'g.role', 'g.agency_code'])
      .where('a.username', 'in', [...admins.keys()])
      .execute();
    const adminRoles: Role[] = ['system_admin', 'ministry_admin', 'province_admin', 'commune_admin'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.tuple(fc.nat(), fc.constantFrom(...roles), fc.constantFrom(...sample)),
            // Half the steps try to make an administrator where one can be held, so chains form.
            fc.tuple(
              fc.nat(),
              fc.constantFrom<Role>('province_admin', 'commune_admin', 'ministry_admin'),
              fc.constantFrom(
                ...sample.filter((c) => /center|committee|^ministry$/.test(place.agency(c).kind)),
              ),
            ),
          ),
          { minLength: 2, maxLength: 5 },
        ),
        async (steps) => {
          // Who can grant, with the span of what they manage; administrators made here join the list.
          const granters = seeded
            .filter((g) => g.username !== 'quantri')
            .map((g) => ({
              name: g.username,
              session: admin(g.username),
              span: span(g.role, g.agency_code),
            }));
          for (const [pick, role, at] of steps) {
            const granter = granters[pick % granters.length] as (typeof granters)[number];
            const username = `chuoi.${++counter}`;
            const created = await admin('quantri').call('POST', '/api/v1/accounts', {
              username,
              fullName: 'Tài khoản chuỗi',
              agencyCode: at,
            });
            assert.equal(created.statusCode, 201, created.body);
            const { id, temporaryPassword } = created.json<{ id: string; temporaryPassword: string }>();
            const res = await granter.session.call('POST', `/api/v1/accounts/${id}/grants`, {
              role,
              agencyCode: at,
            });
            assert.ok([201, 403, 404].includes(res.statusCode), `${granter.name} ${role} ${at}: ${res.body}`);
            if (res.statusCode !== 201) continue;
            const granted = span(role, at);
            const beyond = [...place.agencies.keys()].find((c) => granted(c) && !granter.span(c));
            assert.equal(beyond, undefined, `${granter.name} granted ${role} at ${at}, reaching ${beyond}`);
            if (adminRoles.includes(role))
              granters.push({
                name: username,
                session: await enrolledAdmin(username, temporaryPassword),
                span: granted,
              });
          }
        },
      ),
      { numRuns: Number(process.env['GRANT_SEQUENCE_RUNS'] ?? 12), seed: 21 },
    );
  });

  it('shows a ministry monitor its own procedures’ dossiers in every province and nothing else', async () => {
    await deployResidenceInHanoi(s);
    const ngocha = await signIn(s.app, 'ngocha.motcua');
    const thanhvinh = await signIn(s.app, 'thanhvinh.motcua');
    const hanoiBirth = await birthDossier(ngocha, await unitOf(s, await agencyOf(s, 'ngocha.motcua')));
    const ngheanBirth = await birthDossier(thanhvinh, await unitOf(s, await agencyOf(s, 'thanhvinh.motcua')));
    const residence = await birthDossier(
      ngocha,
      await unitOf(s, await agencyOf(s, 'ngocha.motcua')),
      'VD.000006',
    );

    const ministry = admin('botuphap.quantri');
    const id = await newAccount(ministry, '000.00.00.G09');
    const grant = await ministry.call('POST', `/api/v1/accounts/${id}/grants`, {
      role: 'monitor',
      agencyCode: '000.00.00.G09',
    });
    assert.equal(grant.statusCode, 201, grant.body);
    const reset = await s.db.database.db
      .selectFrom('account')
      .select('username')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const temporary = (await ministry.call('POST', `/api/v1/accounts/${id}/reset-password`)).json<{
      temporaryPassword?: string;
    }>();
    const password = temporary.temporaryPassword;
    assert.ok(password, 'a temporary password');
    const first = await signIn(s.app, reset.username, new Date(), password);
    assert.ok(
      [200, 204].includes(
        (
          await first.call('POST', '/api/v1/me/password', {
            currentPassword: password,
            newPassword: 'Giam-Sat-Bo-2026!',
          })
        ).statusCode,
      ),
    );
    const monitor = await signIn(s.app, reset.username, new Date(), 'Giam-Sat-Bo-2026!');

    for (const d of [hanoiBirth, ngheanBirth])
      assert.equal((await monitor.call('GET', `/api/v1/dossiers/${d.code}`)).statusCode, 200, d.code);
    assert.equal((await monitor.call('GET', `/api/v1/dossiers/${residence.code}`)).statusCode, 404);
    const listed = (await monitor.call('GET', '/api/v1/dossiers?queue=all&limit=500')).json<{
      items: { code: string; procedureCode: string }[];
      total: number;
    }>();
    assert.ok(listed.items.length >= 2);
    assert.ok(
      listed.items.every((i) => ['1.001193', 'VD.000005', '2.001263'].includes(i.procedureCode)),
      JSON.stringify(listed.items.map((i) => i.procedureCode)),
    );
    assert.ok(!listed.items.some((i) => i.code === residence.code));
    // The audit trail of Hà Nội and Nghệ An is not a ministry monitor's to read.
    const audit = (await monitor.call('GET', '/api/v1/audit?limit=500')).json<{
      items: { agencyCode: string | null }[];
    }>();
    assert.ok(
      audit.items.every((e) => e.agencyCode !== null && under(e.agencyCode, '000.00.00.G09')),
      JSON.stringify(audit.items.slice(0, 3)),
    );
    // And the national monitor still sees everything.
    const national = await signIn(s.app, 'vpcp.giamsat');
    assert.equal((await national.call('GET', `/api/v1/dossiers/${residence.code}`)).statusCode, 200);
  });

  it('keeps a monitor from writing to a dossier it can read', async () => {
    const ngocha = await signIn(s.app, 'ngocha.motcua');
    const d = await birthDossier(ngocha, await unitOf(s, await agencyOf(s, 'ngocha.motcua')));
    const monitor = await signIn(s.app, 'ngocha.giamsat');
    assert.equal((await monitor.call('GET', `/api/v1/dossiers/${d.code}`)).statusCode, 200);
    const body = multipart('to-khai.pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'));
    const url = `/api/v1/dossiers/${d.code}/documents?component=TK&digitization=1`;
    const res = await monitor.call('POST', url, body.payload, { 'content-type': body.contentType });
    assert.equal(res.statusCode, 403, res.body);
    const stored = await s.db.database.db.selectFrom('dossier_document').select('id').execute();
    assert.equal(stored.length, 0);
  });
});
