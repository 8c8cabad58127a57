import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/domain/access/roles.js';
import { placeOracle, type PlaceOracle } from '../support/placeOracle.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { multipart } from '../support/multipart.js';
import {
  agencyOf,
  birthDossier,
  deployResidenceInHanoi,
  startDemoSystem,
  unitOf,
} from '../support/demoSystem.js';

interface Actor {
  username: string;
  role: Role;
  agency: string;
  session: Signed;
}
interface Case {
  code: string;
  agency: string;
  ministry: string;
}

/**
 * Every role against the resources of a dossier (issue 17, "scope tests per resource"): the dossier
 * itself, its documents, payments, results, post, printed forms, the lists, uploads, the audit
 * trail and the API clients — for each demo role in two provinces, the national monitor and two
 * ministries' monitors. The oracle is DOMAIN.md §2 and the issue's rules, written here:
 * - receivers and processors see what their own agency holds; leaders what their agency and the
 *   agencies under it hold; a local monitor what the local agencies of its commune, or of its
 *   province and its communes, hold; a ministry's monitor the dossiers of that ministry's
 *   procedures, in every province; the national monitor everything; administrators no dossier;
 * - only those who handle a dossier where it is (receiver, processor, leader) write to it;
 * - the audit trail of an agency is read by its administrators and monitors above it.
 */
describe(`dossier resources: role × area (${testEngine})`, () => {
  let s: TestServer;
  let place: PlaceOracle;
  const actors: Actor[] = [];
  const cases: Case[] = [];

  before(async () => {
    s = await startDemoSystem();
    const db = s.db.database.db;
    await deployResidenceInHanoi(s);
    place = await placeOracle(db);
    // Dossiers: birth registrations (Bộ Tư pháp) at Ngọc Hà and Thành Vinh, a permanent residence
    // registration (Bộ Công an) at Ba Đình.
    const at = async (username: string, procedure: string) => {
      const who = await signIn(s.app, username);
      const agency = await agencyOf(s, username);
      const d = await birthDossier(who, await unitOf(s, agency), procedure);
      cases.push({
        code: d.code,
        agency,
        ministry: procedure === 'VD.000006' ? '000.00.00.G15' : '000.00.00.G09',
      });
    };
    await at('ngocha.motcua', '1.001193');
    await at('thanhvinh.motcua', '1.001193');
    await at('badinh.motcua', 'VD.000006');

    // Ministries' monitors: Bộ Tư pháp's is a demo account; one of Bộ Công an is made by the
    // system administrator.
    const system = await signIn(s.app, 'quantri');
    for (const [username, ministry] of [['bocongan.giamsat', '000.00.00.G15']] as const) {
      const created = await system.call('POST', '/api/v1/accounts', {
        username,
        fullName: 'Giám sát bộ',
        agencyCode: ministry,
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id, temporaryPassword } = created.json<{ id: string; temporaryPassword: string }>();
      assert.equal(
        (
          await system.call('POST', `/api/v1/accounts/${id}/grants`, {
            role: 'monitor',
            agencyCode: ministry,
          })
        ).statusCode,
        201,
      );
      const first = await signIn(s.app, username, new Date(), temporaryPassword);
      await first.call('POST', '/api/v1/me/password', {
        currentPassword: temporaryPassword,
        newPassword: 'Giam-Sat-Bo-2026!',
      });
    }
    const grants = await db
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select(['a.username', 'g.role', 'g.agency_code'])
      .execute();
    for (const g of grants) {
      const password = g.username === 'bocongan.giamsat' ? 'Giam-Sat-Bo-2026!' : undefined;
      actors.push({
        username: g.username,
        role: g.role,
        agency: g.agency_code,
        session: await signIn(s.app, g.username, new Date(), password),
      });
    }
    assert.ok(actors.length >= 35, `${actors.length} accounts`);
  });
  after(() => s.close());

  const under = (t: string, top: string) => place.under(t, top);
  const inArea = (t: string, at: string) => place.inArea(t, at);
  const central = (a: string) => place.central(a);
  const ministryOf = (a: string) => place.ministryOf(a);

  /** The oracle: may this actor see this dossier? */
  function sees(x: Actor, d: Case): boolean {
    switch (x.role) {
      case 'receiver':
      case 'processor':
        return x.agency === d.agency;
      case 'leader':
        return under(d.agency, x.agency);
      case 'monitor':
        return central(x.agency) ? ministryOf(x.agency) === d.ministry : inArea(d.agency, x.agency);
      case 'national_monitor':
        return true;
      default:
        return false;
    }
  }
  /** May this actor change this dossier? */
  const writes = (x: Actor, d: Case) =>
    ['receiver', 'processor', 'leader'].includes(x.role) && x.agency === d.agency;
  /** Does this actor read the audit trail of this agency? */
  function audits(x: Actor, agency: string): boolean {
    switch (x.role) {
      case 'system_admin':
      case 'national_monitor':
        return true;
      case 'ministry_admin':
        return under(agency, x.agency);
      case 'province_admin':
      case 'commune_admin':
      case 'monitor':
        return central(x.agency) ? under(agency, x.agency) : inArea(agency, x.agency);
      default:
        return false;
    }
  }

  it('opens a dossier and each of its resources exactly where the oracle says', async () => {
    // The matrix has both answers for every dossier, and the two ministries' monitors differ.
    for (const d of cases) assert.ok(actors.some((x) => sees(x, d)) && actors.some((x) => !sees(x, d)));
    const monitorOf = (u: string) => actors.find((x) => x.username === u) as Actor;
    assert.deepEqual(
      cases.map((d) => [sees(monitorOf('botuphap.giamsat'), d), sees(monitorOf('bocongan.giamsat'), d)]),
      [
        [true, false],
        [true, false],
        [false, true],
      ],
    );
    const mismatches: string[] = [];
    for (const x of actors)
      for (const d of cases) {
        const expected = sees(x, d) ? 200 : 404;
        for (const path of ['', '/documents', '/payments', '/results', '/postal-orders', '/forms/receipt']) {
          const res = await x.session.call('GET', `/api/v1/dossiers/${d.code}${path}`);
          const got = res.statusCode === 403 ? 404 : res.statusCode;
          if (got !== expected)
            mismatches.push(`${x.username} ${d.code}${path}: ${res.statusCode}, expected ${expected}`);
        }
      }
    assert.deepEqual(mismatches, []);
  });

  it('lists and counts exactly the dossiers the oracle says', async () => {
    const mismatches: string[] = [];
    for (const x of actors) {
      const res = await x.session.call('GET', '/api/v1/dossiers?queue=all&limit=500');
      if (res.statusCode !== 200) {
        if (cases.some((d) => sees(x, d))) mismatches.push(`${x.username}: ${res.statusCode}`);
        continue;
      }
      const page = res.json<{ items: { code: string }[]; total?: number }>();
      const listed = new Set(page.items.map((i) => i.code));
      // These three are the only dossiers there are: the count is the oracle's.
      const expected = cases.filter((d) => sees(x, d)).length;
      if (page.total !== expected)
        mismatches.push(`${x.username} counts ${page.total}, expected ${expected}`);
      for (const d of cases)
        if (listed.has(d.code) !== sees(x, d))
          mismatches.push(`${x.username} lists ${d.code}: ${listed.has(d.code)}`);
    }
    assert.deepEqual(mismatches, []);
  });

  it('lets only those handling a dossier where it is add a document to it', async () => {
    const mismatches: string[] = [];
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
      'hex',
    );
    for (const x of actors)
      for (const d of cases) {
        const body = multipart('anh.png', png);
        const res = await x.session.call(
          'POST',
          `/api/v1/dossiers/${d.code}/documents?component=TK&digitization=1`,
          body.payload,
          {
            'content-type': body.contentType,
          },
        );
        const ok = res.statusCode === 201;
        if (ok !== writes(x, d)) mismatches.push(`${x.username} uploads to ${d.code}: ${res.statusCode}`);
      }
    assert.deepEqual(mismatches, []);
  });

  it('shows each dossier read in the audit trail of exactly those above its agency', async () => {
    const mismatches: string[] = [];
    for (const x of actors)
      for (const d of cases) {
        const res = await x.session.call(
          'GET',
          `/api/v1/audit?agency=${d.agency}&action=dossier.read&limit=5`,
        );
        const seen = res.statusCode === 200 && res.json<{ items: unknown[] }>().items.length > 0;
        if (seen !== audits(x, d.agency))
          mismatches.push(`${x.username} audit of ${d.agency}: ${res.statusCode} ${seen}`);
      }
    assert.deepEqual(mismatches, []);
  });

  it('keeps the API clients to the system administrator', async () => {
    for (const x of actors) {
      const res = await x.session.call('GET', '/api/v1/api-clients');
      assert.equal(res.statusCode === 200, x.role === 'system_admin', `${x.username}: ${res.statusCode}`);
    }
  });
});
