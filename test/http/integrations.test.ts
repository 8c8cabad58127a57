import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PopulationClient } from '../../src/integrations/population/populationClient.js';
import { startPopulationSimulator } from '../../src/integrations/population/populationSimulator.js';
import { demoIntake } from '../../fixtures/intake.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { startTestHub } from '../support/integrationFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

const clock = new Date('2026-03-02T08:30:00+07:00');

describe('integration hub over the API', () => {
  let s: TestServer;
  let receiver: Signed;
  let operator: Signed;
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  let population: Awaited<ReturnType<typeof startPopulationSimulator>>;
  let code: string;
  before(async () => {
    population = await startPopulationSimulator({ port: 0, token: 'p' });
    hub = await startTestHub(() => s.db.database);
    ({ s, receiver, code } = await startWithDossier(
      {
        integrations: {
          portal: hub.portalClient,
          population: new PopulationClient({ url: population.url, token: 'p', timeoutMs: 2000 }),
        },
      },
      clock,
    ));
    operator = await signIn(s.app, 'quantri', clock);
  });
  after(async () => {
    await hub.close();
    await population.close();
    await s.close();
  });
  const audited = async (action: string) =>
    (await s.db.database.db.selectFrom('audit_log').select('detail').where('action', '=', action).execute())
      .length;

  it('shows the outbox by destination to system administrators only', async () => {
    assert.equal((await receiver.call('GET', '/api/v1/integrations/outbox')).statusCode, 403);
    assert.equal(
      (await (await signIn(s.app, 'hanoi.quantri', clock)).call('GET', '/api/v1/integrations/outbox'))
        .statusCode,
      403,
    );
    const res = await operator.call('GET', '/api/v1/integrations/outbox');
    assert.equal(res.statusCode, 200, res.body);
    const dvcqg = res
      .json<{ items: { destination: string; waiting: number; oldestSeconds: number | null }[] }>()
      .items.find((i) => i.destination === 'dvcqg');
    assert.ok(dvcqg && dvcqg.waiting >= 1, JSON.stringify(dvcqg));
    assert.ok(dvcqg.oldestSeconds !== null);
  });

  it('tells the applicant by SMS and e-mail, once each', async () => {
    const intake = demoIntake('001089012399');
    const res = await receiver.call('POST', '/api/v1/dossiers', {
      ...intake,
      applicant: { ...intake.applicant, email: 'mai@example.vn' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json<{ code: string }>().code;
    await hub.drain(hub.dispatcher());
    const sms = hub.sms.sent.filter((m) => m.message.includes(c));
    assert.equal(sms.length, 1);
    assert.equal(sms[0]?.phone, '0912345678');
    assert.equal(sms[0]?.brandname, 'MOTCUA');
    const mails = hub.mail.mails.filter((m) => m.subject.includes(c));
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0]?.to, ['mai@example.vn']);
    assert.match(mails[0]?.text ?? '', /tiếp nhận/i);
    const res2 = await operator.call('GET', '/api/v1/integrations/outbox');
    const sent = res2.json<{ items: { destination: string; sentLastMinute: number }[] }>().items;
    assert.ok((sent.find((i) => i.destination === 'email')?.sentLastMinute ?? 0) >= 1);
  });

  it('lists parked messages and replays them, audited', async () => {
    const db = s.db.database.db;
    await db
      .updateTable('dossier')
      .set({ applicant: JSON.stringify({ ...demoIntake().applicant, idNumber: '1' }) })
      .where('code', '=', code)
      .execute();
    await db.deleteFrom('portal_sync').execute();
    await db
      .insertInto('outbox_message')
      .values({
        dossier_id: (
          await db.selectFrom('dossier').select('id').where('code', '=', code).executeTakeFirstOrThrow()
        ).id,
        destination: 'dvcqg',
        kind: 'dossier.resync',
        payload: '{}',
        created_at: clock,
      })
      .execute();
    await hub.drain(hub.dispatcher());
    const parked = await operator.call('GET', '/api/v1/integrations/outbox/parked?destination=dvcqg');
    assert.equal(parked.statusCode, 200, parked.body);
    const items = parked.json<{ items: { id: string; dossierCode: string; lastError: string }[] }>().items;
    assert.equal(items.length, 1);
    assert.equal(items[0]?.dossierCode, code);
    assert.match(items[0]?.lastError ?? '', /SoGiayTo/);
    assert.equal(
      (await receiver.call('POST', '/api/v1/integrations/outbox/replay', { ids: [items[0]!.id] })).statusCode,
      403,
    );

    await db
      .updateTable('dossier')
      .set({ applicant: JSON.stringify(demoIntake().applicant) })
      .where('code', '=', code)
      .execute();
    const replay = await operator.call('POST', '/api/v1/integrations/outbox/replay', { ids: [items[0]!.id] });
    assert.equal(replay.statusCode, 200, replay.body);
    assert.equal(replay.json<{ replayed: number }>().replayed, 1);
    assert.equal(
      (await operator.call('POST', '/api/v1/integrations/outbox/replay', { ids: [items[0]!.id] })).json<{
        replayed: number;
      }>().replayed,
      0,
    );
    assert.equal(await audited('outbox.replayed'), 1);
    await hub.drain(hub.dispatcher());
    assert.equal(hub.portal.state.dossiers.get(code)?.[0]?.record.SoGiayTo, '001089012345');
    const bad = await operator.call('POST', '/api/v1/integrations/outbox/replay', { ids: ['not-a-uuid'] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('reconciles a day on demand and keeps the report', async () => {
    hub.portal.state.dossiers.delete(code);
    const res = await operator.call('POST', '/api/v1/integrations/reconciliations', { day: '2026-03-02' });
    assert.equal(res.statusCode, 201, res.body);
    const report = res.json<{
      missing: string[];
      requeued: number;
      byAgency: Record<string, { missing: number }>;
    }>();
    assert.deepEqual(report.missing, [code]);
    assert.equal(report.byAgency['000.00.01.H01']?.missing, 1);
    assert.equal(await audited('portal.reconciled'), 1);
    const list = await operator.call('GET', '/api/v1/integrations/reconciliations');
    assert.equal(list.json<{ items: unknown[] }>().items.length, 1);
    assert.equal((await receiver.call('GET', '/api/v1/integrations/reconciliations')).statusCode, 403);
    await hub.drain(hub.dispatcher());
    assert.ok(hub.portal.state.dossiers.has(code));
  });

  it('lets a receiver look an applicant up in the population database, audited', async () => {
    const res = await receiver.call('GET', '/api/v1/population/001089012345');
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json<{ name: string; permanentAddress: { communeCode: string } }>();
    assert.ok(r.name.length > 5);
    assert.match(r.permanentAddress.communeCode, /^\d{5}$/);
    assert.equal(await audited('population.lookup'), 1);
    const missing = await receiver.call('GET', '/api/v1/population/001089000000');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json<{ title: string }>().title, /Không tìm thấy công dân/);
    assert.equal((await receiver.call('GET', '/api/v1/population/12345')).statusCode, 400);
    const processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
    assert.equal((await processor.call('GET', '/api/v1/population/001089012345')).statusCode, 403);
  });
});
