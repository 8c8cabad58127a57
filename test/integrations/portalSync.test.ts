import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoIntake } from '../../fixtures/intake.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { startTestHub } from '../support/integrationFixtures.js';
import type { TestServer } from '../support/testServer.js';
import type { Signed } from '../../fixtures/staff.js';

const clock = new Date('2026-03-02T08:30:00+07:00');

describe('national portal sync through the outbox', () => {
  let s: TestServer;
  let receiver: Signed;
  let code: string;
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  before(async () => {
    ({ s, receiver, code } = await startWithDossier({}, clock));
    hub = await startTestHub(s.db.database);
  });
  after(async () => {
    await hub.close();
    await s.close();
  });

  const portalCopy = (c: string) => {
    const held = hub.portal.state.dossiers.get(c);
    assert.ok(held, `portal has ${c}`);
    assert.equal(held.length, 1);
    return held[0]!.record;
  };
  const version = async (c: string) =>
    (await receiver.call('GET', `/api/v1/dossiers/${c}`)).json<{ version: number }>().version;

  it('sends a received dossier with its history, in the portal format', async () => {
    const d = hub.dispatcher();
    await hub.drain(d);
    const p = portalCopy(code);
    assert.equal(p.TrangThaiHoSo, 2);
    assert.equal(p.KenhThucHien, 1);
    assert.equal(p.NgayNopHoSo, '20260302083000');
    assert.equal(p.NgayTiepNhan, '20260302083000');
    assert.match(p.NgayHenTra, /^\d{14}$/);
    assert.equal(p.SoGiayTo, '001089012345');
    assert.equal(p.LoaiDoiTuong, 1);
    const history = [...(hub.portal.state.history.get(code)?.values() ?? [])];
    assert.ok(history.length >= 1);
    assert.equal(history.at(-1)!.TrangThai, 2);
    assert.equal(history.at(-1)!.MaTienTrinh, `${code}-${history.length}`);
    const sync = await s.db.database.db.selectFrom('portal_sync').selectAll().executeTakeFirstOrThrow();
    assert.equal(sync.acked_status, 2);
    assert.equal(sync.day, '2026-03-02');
    const row = await s.db.database.db.selectFrom('dossier').select('sync').executeTakeFirstOrThrow();
    assert.equal(row.sync, 'synced');
  });

  it('follows status changes in order and never sends an older state', async () => {
    const d = hub.dispatcher();
    const res = await receiver.call('POST', `/api/v1/dossiers/${code}/actions`, {
      expectedVersion: await version(code),
      type: 'forward',
      toStep: 'TD',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(
      (await s.db.database.db.selectFrom('dossier').select('sync').executeTakeFirstOrThrow()).sync,
      'pending',
    );
    await hub.drain(d);
    assert.equal(portalCopy(code).TrangThaiHoSo, 4);
    assert.equal(hub.portal.state.staleUpdates, 0);
    const versions = hub.portal.state.dossiers.get(code)![0]!.versions;
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
  });

  it('updates when the portal already holds a dossier it was never acknowledged for', async () => {
    await s.db.database.db.deleteFrom('portal_sync').execute();
    await s.db.database.db
      .insertInto('outbox_message')
      .values({
        dossier_id: (await s.db.database.db.selectFrom('dossier').select('id').executeTakeFirstOrThrow()).id,
        destination: 'dvcqg',
        kind: 'dossier.resync',
        payload: JSON.stringify({ code }),
        created_at: clock,
      })
      .execute();
    const before = hub.portal.state.refused;
    await hub.drain(hub.dispatcher());
    assert.equal(hub.portal.state.refused, before + 1, 'the create was answered "already exists"');
    assert.equal(portalCopy(code).TrangThaiHoSo, 4);
    const last = await s.db.database.db
      .selectFrom('outbox_message')
      .select(['status', 'receipt'])
      .where('kind', '=', 'dossier.resync')
      .executeTakeFirstOrThrow();
    assert.equal(last.status, 'sent');
  });

  it('cuts an over-long summary to the portal limit and notes the cut', async () => {
    const long = { ...demoIntake('001089012346'), summary: 'Đề nghị '.repeat(200) };
    const res = await receiver.call('POST', '/api/v1/dossiers', long);
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json<{ code: string }>().code;
    await hub.drain(hub.dispatcher());
    assert.equal([...portalCopy(c).TrichYeuHoSo].length, 1000);
    const msg = await s.db.database.db
      .selectFrom('outbox_message')
      .innerJoin('dossier', 'dossier.id', 'outbox_message.dossier_id')
      .select('receipt')
      .where('dossier.code', '=', c)
      .where('destination', '=', 'dvcqg')
      .executeTakeFirstOrThrow();
    assert.match(JSON.stringify(msg.receipt), /TrichYeuHoSo: 1599 ký tự, cắt còn 1000/);
  });
});
