import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditEntry } from '../../src/contracts/audit.js';
import { auditedActivity } from '../support/auditFixtures.js';
import { signIn } from '../../fixtures/staff.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

interface Page<T> {
  items: T[];
}

/**
 * Who reads the audit trail: an administrator reads the entries of the agencies in their
 * administrative reach (a commune its own, a province its province's, the national administrator
 * all, with entries of no agency); an official who administers nothing reads none.
 */
describe(`the audit trail's reach (${testEngine})`, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    await auditedActivity(s);
  });
  after(() => s.close());

  const entries = async (username: string) =>
    (await (await signIn(s.app, username)).call('GET', '/api/v1/audit?limit=100')).json<Page<AuditEntry>>()
      .items;

  it('shows each administrator only the entries of their reach', async () => {
    const commune = await entries('badinh.quantri');
    assert.ok(commune.length > 0);
    assert.ok(
      commune.every((e) => e.agencyCode === '000.04.51.H01'),
      JSON.stringify(commune.map((e) => e.agencyCode)),
    );
    const national = await entries('quantri');
    assert.ok(national.some((e) => e.action === 'auth.login_failed' && e.agencyCode === null));
    assert.ok(national.some((e) => e.agencyCode === '000.00.01.H40'));
    const receiver = await (await signIn(s.app, 'hanoi.motcua')).call('GET', '/api/v1/audit');
    assert.deepEqual(receiver.json<Page<AuditEntry>>().items, []);
  });

  it("shows a province administrator its province's agencies and nothing of another province", async () => {
    // Agency codes of Decision 20/2020 end in the province: H01 is Hà Nội, H40 Nghệ An.
    const hanoi = await entries('hanoi.quantri');
    assert.ok(
      hanoi.some((e) => e.agencyCode === '000.04.51.H01'),
      'a commune of the province',
    );
    assert.ok(
      hanoi.every((e) => e.agencyCode?.endsWith('.H01')),
      JSON.stringify(hanoi.map((e) => e.agencyCode)),
    );
    const nghean = await entries('nghean.quantri');
    assert.ok(nghean.some((e) => e.agencyCode === '000.00.01.H40'));
    assert.ok(
      nghean.every((e) => e.agencyCode?.endsWith('.H40')),
      JSON.stringify(nghean.map((e) => e.agencyCode)),
    );
  });
});
