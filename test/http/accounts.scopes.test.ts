import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccountDetail, AccountSummary } from '../../src/contracts/accounts.js';
import { roleDefinitions, type Permission, type Role } from '../../src/domain/access/roles.js';
import { searchKey } from '../../src/domain/text/searchKey.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';

interface Page<T> {
  items: T[];
  total?: number;
}

/**
 * The scope matrix: every role, against accounts at its own agency, a sibling commune and another
 * province (and the central bodies), for read, list, count, create and update. The expectation
 * comes from an oracle written here in TypeScript, independently of the SQL predicate it checks.
 */
describe(`account scopes (${testEngine})`, () => {
  let s: TestServer;
  const actors: { username: string; role: Role; agency: string }[] = [];
  const targets: { id: string; username: string; fullName: string; agency: string }[] = [];
  let agencies: Map<string, { parent: string | null; kind: string; unit: string }>;
  let unitParent: Map<string, string | null>;
  let allAccounts: { id: string; agency: string }[];
  const sessions = new Map<string, Signed>();

  before(async () => {
    s = await startTestServer({ rateLimitPerMinute: 100_000, loginPerMinute: 1000 });
    const db = s.db.database.db;
    await seedStaff(db);
    // Someone at each central body, so that "own agency" exists for the central administrators too.
    for (const [username, agency] of [
      ['vanthu.bokhcn', '000.00.00.G04'],
      ['vanthu.botuphap', '000.00.00.G09'],
      ['vanthu.cuchotich', '000.00.01.G09'],
    ] as const) {
      await db
        .insertInto('account')
        .values({
          username,
          full_name: 'Văn thư ' + username,
          search_name: searchKey(username),
          agency_code: agency,
          position: null,
          phone: null,
          email: null,
          valid_from: '2025-07-01',
          valid_to: null,
          password_hash: 'x',
          totp_secret: null,
          totp_pending_secret: null,
        })
        .execute();
    }
    const agencyRows = await db
      .selectFrom('agency')
      .select(['code', 'parent_code', 'kind', 'admin_unit_code'])
      .execute();
    agencies = new Map(
      agencyRows.map((a) => [a.code, { parent: a.parent_code, kind: a.kind, unit: a.admin_unit_code }]),
    );
    unitParent = new Map(
      (await db.selectFrom('admin_unit').select(['code', 'parent_code']).execute()).map((u) => [
        u.code,
        u.parent_code,
      ]),
    );
    allAccounts = (await db.selectFrom('account').select(['id', 'agency_code']).execute()).map((a) => ({
      id: a.id,
      agency: a.agency_code,
    }));

    const grants = await db
      .selectFrom('role_grant as g')
      .innerJoin('account as a', 'a.id', 'g.account_id')
      .select(['a.username', 'g.role', 'g.agency_code'])
      .execute();
    for (const username of [
      'quantri',
      'botuphap.quantri',
      'hanoi.quantri',
      'badinh.quantri',
      'badinh.motcua',
      'badinh.chuyenvien',
      'badinh.lanhdao',
      'badinh.giamsat',
      'hanoi.lanhdao',
      'hanoi.giamsat',
    ]) {
      const g = grants.find((x) => x.username === username);
      assert.ok(g);
      actors.push({ username, role: g.role, agency: g.agency_code });
      sessions.set(username, await signIn(s.app, username));
    }
    for (const username of [
      'vanthu.bokhcn',
      'vanthu.botuphap',
      'vanthu.cuchotich',
      'hanoi.motcua',
      'badinh.motcua',
      'ngocha.motcua',
      'nghean.motcua',
      'thanhvinh.motcua',
    ]) {
      const a = await db
        .selectFrom('account')
        .select(['id', 'full_name', 'agency_code'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      targets.push({ id: a.id, username, fullName: a.full_name, agency: a.agency_code });
    }
  });
  after(() => s.close());

  function session(username: string): Signed {
    const signed = sessions.get(username);
    assert.ok(signed, username);
    return signed;
  }
  function target(username: string) {
    const t = targets.find((x) => x.username === username);
    assert.ok(t, username);
    return t;
  }

  /** The oracle: does a grant of `role` at `at` reach agency `target` with `permission`? */
  function reaches(role: Role, at: string, target: string, permission: Permission): boolean {
    const d = roleDefinitions[role];
    if (!d.permissions.includes(permission)) return false;
    const grantAgency = agencies.get(at);
    const t = agencies.get(target);
    assert.ok(grantAgency && t);
    switch (d.reach) {
      case 'national':
        return true;
      case 'agency':
        return at === target;
      case 'subtree': {
        for (let c: string | null = target; c !== null; c = agencies.get(c)?.parent ?? null)
          if (c === at) return true;
        return false;
      }
      case 'area': {
        // A central body's area is its own units: the nation is a national role's alone.
        if (grantAgency.kind === 'ministry' || grantAgency.kind === 'ministry_unit') {
          for (let c: string | null = target; c !== null; c = agencies.get(c)?.parent ?? null)
            if (c === at) return true;
          return false;
        }
        // Local government only: a ministry seated in Hà Nội is not Hà Nội's to administer.
        const local = !['ministry', 'ministry_unit', 'vertical_agency'].includes(t.kind);
        return local && (t.unit === grantAgency.unit || unitParent.get(t.unit) === grantAgency.unit);
      }
    }
  }

  it('reads an account only within reach; outside it is a 404 that shows nothing', async () => {
    for (const a of actors) {
      for (const t of targets) {
        const res = await session(a.username).call('GET', `/api/v1/accounts/${t.id}`);
        const expected = reaches(a.role, a.agency, t.agency, 'account.read') ? 200 : 404;
        assert.equal(res.statusCode, expected, `${a.username} reads ${t.username}`);
        if (expected === 200) assert.equal(res.json<AccountDetail>().username, t.username);
        else
          assert.ok(
            !res.body.includes(t.username) && !res.body.includes(t.fullName),
            'no trace of the account',
          );
      }
    }
  });

  it('lists and counts exactly the accounts within reach', async () => {
    for (const a of actors) {
      const res = await session(a.username).call('GET', '/api/v1/accounts?limit=500');
      assert.equal(res.statusCode, 200);
      const page = res.json<Page<AccountSummary>>();
      const expected = allAccounts.filter((x) => reaches(a.role, a.agency, x.agency, 'account.read'));
      assert.equal(page.total, expected.length, `${a.username} count`);
      assert.deepEqual(
        page.items.map((i) => i.id).sort(),
        expected.map((x) => x.id).sort(),
        `${a.username} list`,
      );
      for (const t of targets) {
        assert.equal(
          page.items.some((i) => i.id === t.id),
          reaches(a.role, a.agency, t.agency, 'account.read'),
          `${a.username} lists ${t.username}`,
        );
      }
    }
  });

  it('creates accounts only at agencies within reach', async () => {
    let n = 0;
    for (const a of actors) {
      for (const t of targets) {
        const username = `moi.${n++}`;
        const res = await session(a.username).call('POST', '/api/v1/accounts', {
          username,
          fullName: 'Cán bộ mới',
          agencyCode: t.agency,
        });
        const allowed = reaches(a.role, a.agency, t.agency, 'account.manage');
        assert.equal(res.statusCode, allowed ? 201 : 403, `${a.username} creates at ${t.agency}`);
        const exists = await s.db.database.db
          .selectFrom('account')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirst();
        assert.equal(exists !== undefined, allowed);
      }
    }
  });

  it('updates accounts only within reach, and a refusal changes nothing', async () => {
    for (const a of actors) {
      for (const t of targets) {
        const position = `Sửa bởi ${a.username}`;
        const res = await session(a.username).call('PATCH', `/api/v1/accounts/${t.id}`, { position });
        const allowed = reaches(a.role, a.agency, t.agency, 'account.manage');
        assert.equal(res.statusCode, allowed ? 204 : 404, `${a.username} updates ${t.username}`);
        const row = await s.db.database.db
          .selectFrom('account')
          .select('position')
          .where('id', '=', t.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.position === position, allowed);
        assert.ok(!res.body.includes(t.fullName));
      }
    }
  });

  it('keeps a commune administrator from granting province-level roles or reaching another commune', async () => {
    const admin = session('badinh.quantri');
    const own = target('badinh.motcua');
    const sibling = target('ngocha.motcua');
    const provinceGrant = await admin.call('POST', `/api/v1/accounts/${own.id}/grants`, {
      role: 'leader',
      agencyCode: '000.00.01.H01',
    });
    assert.equal(provinceGrant.statusCode, 403);
    const escalate = await admin.call('POST', `/api/v1/accounts/${own.id}/grants`, {
      role: 'province_admin',
      agencyCode: own.agency,
    });
    assert.equal(escalate.statusCode, 403);
    const siblingGrant = await admin.call('POST', `/api/v1/accounts/${sibling.id}/grants`, {
      role: 'leader',
      agencyCode: sibling.agency,
    });
    assert.equal(siblingGrant.statusCode, 404);
    const ok = await admin.call('POST', `/api/v1/accounts/${own.id}/grants`, {
      role: 'leader',
      agencyCode: own.agency,
    });
    assert.equal(ok.statusCode, 201);
  });

  it('keeps a province administrator away from the ministries seated in its city', async () => {
    const admin = session('hanoi.quantri');
    const ministry = target('vanthu.botuphap');
    assert.equal((await admin.call('GET', `/api/v1/accounts/${ministry.id}`)).statusCode, 404);
    const list = (await admin.call('GET', '/api/v1/accounts?limit=500')).json<Page<AccountSummary>>();
    assert.ok(
      list.items.every((a) => a.agency.code.endsWith('.H01')),
      'only Hà Nội local agencies',
    );
  });

  it('keeps a province administrator out of another province', async () => {
    const admin = session('hanoi.quantri');
    const other = target('nghean.motcua');
    assert.equal(
      (
        await admin.call('POST', `/api/v1/accounts/${other.id}/grants`, {
          role: 'leader',
          agencyCode: other.agency,
        })
      ).statusCode,
      404,
    );
    assert.equal((await admin.call('POST', `/api/v1/accounts/${other.id}/reset-password`)).statusCode, 404);
    const mine = target('ngocha.motcua');
    assert.equal(
      (
        await admin.call('POST', `/api/v1/accounts/${mine.id}/grants`, {
          role: 'commune_admin',
          agencyCode: mine.agency,
        })
      ).statusCode,
      201,
    );
  });

  it('applies a revoked grant at once, even to a session that is already open', async () => {
    const leader = await signIn(s.app, 'hanoi.lanhdao');
    const before = (await leader.call('GET', '/api/v1/accounts?limit=500')).json<Page<AccountSummary>>();
    assert.ok((before.total ?? 0) > 1);
    // Revoked behind the session's back (no logout): the next request must already see nothing.
    await s.db.database.db
      .updateTable('role_grant')
      .set({ revoked_at: new Date() })
      .where(
        'account_id',
        '=',
        (
          await s.db.database.db
            .selectFrom('account')
            .select('id')
            .where('username', '=', 'hanoi.lanhdao')
            .executeTakeFirstOrThrow()
        ).id,
      )
      .execute();
    const afterRevoke = (await leader.call('GET', '/api/v1/accounts?limit=500')).json<Page<AccountSummary>>();
    assert.equal(afterRevoke.total, 0);
  });

  it('ends the sessions of an account whose grants an administrator changes', async () => {
    const staff = await signIn(s.app, 'ngocha.chuyenvien');
    const admin = session('hanoi.quantri');
    const target = await s.db.database.db
      .selectFrom('account')
      .select('id')
      .where('username', '=', 'ngocha.chuyenvien')
      .executeTakeFirstOrThrow();
    const detail = (await admin.call('GET', `/api/v1/accounts/${target.id}`)).json<AccountDetail>();
    const grant = detail.grants[0];
    assert.ok(grant);
    assert.equal(
      (await admin.call('DELETE', `/api/v1/accounts/${target.id}/grants/${grant.id}`)).statusCode,
      204,
    );
    assert.equal((await staff.call('GET', '/api/v1/me')).statusCode, 401);
    const again = (await admin.call('GET', `/api/v1/accounts/${target.id}`)).json<AccountDetail>();
    assert.ok(again.grants[0]?.revokedAt);
  });

  it('records a delegation with its end date and reason', async () => {
    const admin = session('hanoi.quantri');
    const deputy = await s.db.database.db
      .selectFrom('account')
      .select('id')
      .where('username', '=', 'hanoi.chuyenvien')
      .executeTakeFirstOrThrow();
    const leader = await s.db.database.db
      .selectFrom('account')
      .select('id')
      .where('username', '=', 'hanoi.motcua')
      .executeTakeFirstOrThrow();
    const noReason = await admin.call('POST', `/api/v1/accounts/${deputy.id}/grants`, {
      role: 'receiver',
      agencyCode: '000.00.01.H01',
      delegatedBy: leader.id,
    });
    assert.equal(noReason.statusCode, 403);
    const validTo = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const ok = await admin.call('POST', `/api/v1/accounts/${deputy.id}/grants`, {
      role: 'receiver',
      agencyCode: '000.00.01.H01',
      delegatedBy: leader.id,
      validTo,
      reason: 'Đi công tác',
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'grant.delegated')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.detail['reason'], 'Đi công tác');
  });
});
