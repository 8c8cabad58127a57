import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertOrphans, alertUpcomingSwitches } from '../../src/app/alerts/adminAlerts.js';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { signIn } from '../../fixtures/staff.js';
import { adoption } from '../support/eResultFixtures.js';
import { deployInHanoi } from '../support/dossierFixtures.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import type { TestServer } from '../support/testServer.js';

/**
 * Alerts pushed to administrators (issue 19): an orphaned dossier reaches the province's
 * administrator by e-mail, grouped to one an hour per agency; a switch ahead that would strand
 * dossiers on its day reaches them once a day.
 */
describe('alerts to administrators', () => {
  let s: TestServer;
  let hub: TestHub;
  let close: () => Promise<void>;
  let clock = new Date();
  let ctx: AppContext;
  let centre = '';

  before(async () => {
    ({ s, hub, close } = await startWithHub(() => ({})));
    ctx = createAppContext(s.db.database.db, { now: () => clock });
    await deployInHanoi(s, adoption, new Date(), 'commune_service_center');
    const commune = (
      await s.db.database.db
        .selectFrom('admin_unit')
        .select('code')
        .where('parent_code', '=', '01')
        .orderBy('code', 'desc')
        .executeTakeFirstOrThrow()
    ).code;
    centre = `${commune.slice(0, 3)}.${commune.slice(3)}.51.H01`;
    const system = await signIn(s.app, 'quantri');
    const key = (
      await system.call('POST', '/api/v1/api-clients', { name: 'Cổng DVCQG', scopes: ['dossiers.submit'] })
    ).json<{ key: string }>().key;
    const sent = await s.app.inject({
      method: 'POST',
      url: '/api/v1/portal/dossiers',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'G22.99-261205-0001' },
      payload: {
        procedureCode: adoption,
        agencyCode: centre,
        applicant: {
          kind: 'individual',
          idNumber: '001089012345',
          name: 'Nguyễn Thị Mai',
          address: { communeCode: commune, detail: 'Số 1' },
        },
        components: ['TK', 'DON', 'GKSK', 'LLTP'].map((code) => ({ code, copies: 1 })),
        eform: { TK: { hoTen: 'Nguyễn Thị Mai', soDinhDanh: '001089012345', noiDung: 'Nhận con nuôi' } },
      },
    });
    assert.equal(sent.statusCode, 201, sent.body);
  });
  after(() => close());

  it('sends the province administrator one e-mail for an orphaned dossier, then at most one an hour', async () => {
    const orphan = await s.db.database.db
      .selectFrom('dossier')
      .select('orphan')
      .where('agency_code', '=', centre)
      .executeTakeFirstOrThrow();
    assert.equal(orphan.orphan, true, 'nobody works at this commune centre');
    // Two nodes run the schedule at the same moment: the administrator is told once.
    const [first, second] = await Promise.all([alertOrphans(ctx), alertOrphans(ctx)]);
    assert.deepEqual([...first, ...second], [centre]);
    clock = new Date(clock.getTime() + 30 * 60_000);
    assert.deepEqual(await alertOrphans(ctx), [], 'grouped within the hour');
    await hub.drain(hub.dispatcher());
    const mails = hub.mail.mails.filter((m) => m.subject.startsWith('Hồ sơ không có người tiếp nhận'));
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0]?.to, ['hanoi.quantri@demo.motcua.vn']);
    assert.match(mails[0]?.text ?? '', new RegExp(centre.replace(/\./g, '\\.')));
    assert.match(mails[0]?.text ?? '', /cán bộ một cửa/);
    clock = new Date(clock.getTime() + 31 * 60_000);
    assert.deepEqual(await alertOrphans(ctx), [centre], 'still orphaned an hour later: told again');
  });

  it('warns of a switch ahead that would strand dossiers, once a day', async () => {
    const leader = await signIn(s.app, 'botuphap.lanhdao');
    const ahead = new Date(Date.now() + 7 * 24 * 3_600_000).toISOString();
    const res = await leader.call('PUT', '/api/v1/procedures/1.001193/routes/01', {
      mode: 'central',
      effectiveFrom: ahead,
      override: { reason: 'Chuyển theo kế hoạch của thành phố' },
    });
    assert.equal(res.statusCode, 204, res.body);
    const first = await alertUpcomingSwitches(ctx);
    assert.equal(first.length, 1);
    assert.deepEqual(await alertUpcomingSwitches(ctx), [], 'once a day');
    await hub.drain(hub.dispatcher());
    const mails = hub.mail.mails.filter((m) => m.subject.startsWith('Sắp chuyển sang hệ thống tập trung'));
    assert.deepEqual(
      mails.map((m) => m.to),
      [['hanoi.quantri@demo.motcua.vn']],
    );
  });
});
