import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { verifyAuditChain } from '../../src/app/audit/auditLog.js';
import { projectRoot } from '../../src/paths.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { auditedActivity } from '../support/auditFixtures.js';

describe(`audit trail (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await auditedActivity(s);
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
