import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOn } from '../support/dossierFixtures.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

const recipient = {
  name: 'Nguyễn Thị Mai',
  phone: '0912345678',
  address: 'Số 1 phố Điện Biên Phủ',
  communeCode: '00004',
};

describe('results returned by post', () => {
  let s: TestServer;
  let receiver: Signed;
  let code: string;
  let hub: TestHub;
  let base: string;
  let close: () => Promise<void>;
  before(async () => {
    ({ s, receiver, code, hub, base, close } = await startWithHub((h) => ({
      postalCallbackToken: h.postalCallbackToken,
    })));
  });
  after(() => close());

  const dossier = async () =>
    (await receiver.call('GET', `/api/v1/dossiers/${code}`)).json<{ status: number; version: number }>();
  const act = (who: Signed, body: Record<string, unknown>) => actOn(who, code, body);
  const orders = async () =>
    (await receiver.call('GET', `/api/v1/dossiers/${code}/postal-orders`)).json<{
      items: { status: string; trackingNo: string | null; events: { status: string }[] }[];
    }>().items;
  const scan = async (tracking: string, status: string) => {
    const res = await fetch(`${hub.postal.url}/_sim/parcels/${tracking}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status }),
    });
    return (await res.json()) as { answered: number };
  };

  it('refuses to post a result that is not issued yet', async () => {
    const res = await receiver.call('POST', `/api/v1/dossiers/${code}/postal-orders`, recipient);
    assert.equal(res.statusCode, 409);
  });

  it('sends the issued result by post and returns the dossier when the carrier delivers it', async () => {
    await act(receiver, { type: 'forward', toStep: 'TD' });
    await act(await signIn(s.app, 'hanoi.chuyenvien'), { type: 'forward', toStep: 'PD' });
    const leader = await signIn(s.app, 'hanoi.lanhdao');
    await act(leader, { type: 'issue_result' });
    assert.equal((await dossier()).status, 9);

    const bad = await receiver.call('POST', `/api/v1/dossiers/${code}/postal-orders`, {
      ...recipient,
      phone: '12',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(
      (await leader.call('POST', `/api/v1/dossiers/${code}/postal-orders`, recipient)).statusCode,
      403,
    );
    const res = await receiver.call('POST', `/api/v1/dossiers/${code}/postal-orders`, recipient);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(
      (await receiver.call('POST', `/api/v1/dossiers/${code}/postal-orders`, recipient)).statusCode,
      409,
    );

    await hub.drain(hub.dispatcher());
    const [o] = await orders();
    assert.equal(o?.status, 'accepted');
    assert.match(o?.trackingNo ?? '', /^EB\d{9}VN$/);
    assert.equal((await scan(o!.trackingNo!, 'picked_up')).answered, 200);
    assert.equal((await scan(o!.trackingNo!, 'in_transit')).answered, 200);
    assert.equal((await dossier()).status, 9, 'not returned until delivered');
    assert.equal((await scan(o!.trackingNo!, 'delivered')).answered, 200);
    const d = await dossier();
    assert.equal(d.status, 10);
    const log = await s.db.database.db
      .selectFrom('dossier_action')
      .select(['actor_kind', 'data'])
      .where('type', '=', 'return_result')
      .executeTakeFirstOrThrow();
    assert.equal(log.actor_kind, 'system');
    assert.deepEqual(log.data, { method: 'post', reference: o!.trackingNo });
    const [after] = await orders();
    assert.deepEqual(
      after?.events.map((e) => e.status),
      ['picked_up', 'in_transit', 'delivered'],
    );
  });

  it('a repeated report changes nothing, and a report without the token is refused', async () => {
    const [o] = await orders();
    assert.equal((await scan(o!.trackingNo!, 'delivered')).answered, 200);
    assert.equal((await orders())[0]?.events.length, 3);
    const forged = await fetch(`${base}/api/v1/postal/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-callback-token': 'wrong' },
      body: JSON.stringify({ SoHieuBuuGui: o!.trackingNo, TrangThai: 'failed' }),
    });
    assert.equal(forged.status, 401);
    assert.equal((await orders())[0]?.status, 'delivered');
  });
});
