import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { verifyAuditChain } from '../../src/app/audit/auditLog.js';
import type { AuditEntry } from '../../src/contracts/audit.js';
import { projectRoot } from '../../src/paths.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn } from '../support/staff.js';

interface Page<T> {
  items: T[];
}

describe(`audit trail (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await seedStaff(s.db.database.db);
    await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody.at.all', password: 'wrong-password-x' },
    });
    await signIn(s.app, 'hanoi.motcua');
    await signIn(s.app, 'nghean.motcua');
    const admin = await signIn(s.app, 'badinh.quantri');
    await admin.call('POST', '/api/v1/accounts', {
      username: 'moi.badinh',
      fullName: 'Cán bộ mới',
      agencyCode: '000.04.51.H01',
    });
  });
  after(() => s.close());

  it('records logins, failures and account changes in a chain that verifies', async () => {
    const actions = (
      await s.db.database.db.selectFrom('audit_log').select('action').orderBy('seq').execute()
    ).map((r) => r.action);
    assert.deepEqual(actions, [
      'auth.login_failed',
      'auth.login',
      'auth.login',
      'auth.login',
      'account.created',
    ]);
    assert.deepEqual(await verifyAuditChain(s.db.database.db), { ok: true, rows: 5 });
  });

  it('shows each administrator only the entries of their reach', async () => {
    const commune = (
      await (await signIn(s.app, 'badinh.quantri')).call('GET', '/api/v1/audit?limit=100')
    ).json<Page<AuditEntry>>();
    assert.ok(commune.items.length > 0);
    assert.ok(
      commune.items.every((e) => e.agencyCode === '000.04.51.H01'),
      JSON.stringify(commune.items.map((e) => e.agencyCode)),
    );
    const national = (await (await signIn(s.app, 'quantri')).call('GET', '/api/v1/audit?limit=100')).json<
      Page<AuditEntry>
    >();
    assert.ok(national.items.some((e) => e.action === 'auth.login_failed' && e.agencyCode === null));
    assert.ok(national.items.some((e) => e.agencyCode === '000.00.01.H40'));
    const receiver = await (await signIn(s.app, 'hanoi.motcua')).call('GET', '/api/v1/audit');
    assert.deepEqual(receiver.json<Page<AuditEntry>>().items, []);
  });

  it('refuses to update or delete audit rows', async () => {
    await assert.rejects(sql`UPDATE audit_log SET action = 'x'`.execute(s.db.database.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_log`.execute(s.db.database.db), /append-only/);
  });

  it('finds the first row altered behind the triggers', async () => {
    const db = s.db.database.db;
    const target = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'account.created')
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db);
    await sql`UPDATE audit_log SET detail = '{"username":"someone.else"}' WHERE seq = ${target.seq}`.execute(
      db,
    );
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(db);
    const verdict = await verifyAuditChain(db);
    assert.equal(verdict.ok, false);
    assert.equal(!verdict.ok && verdict.brokenAt, target.seq);
  });

  it(
    'is checked by the verify-audit command, which fails on a broken chain',
    { skip: testEngine !== 'postgres' && 'the embedded database is private to this process' },
    async () => {
      const url = new URL(process.env['TEST_DATABASE_URL'] ?? '');
      const { rows } = await sql<{ db: string }>`SELECT current_database() AS db`.execute(s.db.database.db);
      url.pathname = `/${rows[0]?.db}`;
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(projectRoot, 'src', 'cli.ts'), 'verify-audit'],
        {
          cwd: projectRoot,
          env: { ...process.env, DATABASE_URL: url.toString() },
          encoding: 'utf8',
        },
      );
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /Nhật ký bị thay đổi: dòng seq=\d+/);
    },
  );
});
