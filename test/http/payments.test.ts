import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signCallback } from '../../src/integrations/http/signedCallback.js';
import { setFaults } from '../../src/integrations/simulator/faults.js';
import { actOn } from '../support/dossierFixtures.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

describe('payments through the payment platform', () => {
  let s: TestServer;
  let receiver: Signed;
  let code: string;
  let hub: TestHub;
  let base: string;
  let close: () => Promise<void>;
  before(async () => {
    ({ s, receiver, code, hub, base, close } = await startWithHub((h) => ({
      paymentSecret: h.paymentSecret,
    })));
  });
  after(() => close());

  const dossier = async () =>
    (await receiver.call('GET', `/api/v1/dossiers/${code}`)).json<{
      status: number;
      version: number;
      log: { type: string; actorKind?: string }[];
    }>();
  const act = (body: Record<string, unknown>) => actOn(receiver, code, body);
  const payments = async () =>
    (await receiver.call('GET', `/api/v1/dossiers/${code}/payments`)).json<{
      items: { status: string; payUrl: string | null; receiptNo: string | null; amount: number }[];
    }>().items;
  const callback = (body: object, opts: { secret?: string; timestamp?: number; nonce?: string } = {}) => {
    const raw = JSON.stringify(body);
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const nonce = opts.nonce ?? randomUUID();
    return fetch(`${base}/api/v1/payments/callback`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': signCallback(opts.secret ?? hub.paymentSecret, timestamp, nonce, raw),
        'x-timestamp': String(timestamp),
        'x-nonce': nonce,
      },
      body: raw,
    });
  };

  it('asks the applicant to pay, and the paid callback resumes processing with the receipt', async () => {
    await act({ type: 'forward', toStep: 'TD' });
    await act({ type: 'request_payment', amount: 200_000 });
    assert.equal((await dossier()).status, 6);
    assert.equal((await payments())[0]?.status, 'creating');
    await hub.drain(hub.dispatcher());
    const [p] = await payments();
    assert.equal(p?.status, 'waiting');
    assert.match(p?.payUrl ?? '', /\/thanhtoan\/TT/);

    const page = await (await fetch(p!.payUrl!)).text();
    assert.match(page, /200\.000 đồng/);
    assert.match(page, /Trung tâm Phục vụ hành chính công/);
    const paid = await fetch(`${p!.payUrl}/xac-nhan`, { method: 'POST', redirect: 'manual' });
    assert.equal(paid.status, 303);
    assert.equal(hub.payment.callbacks.at(-1)?.answered, 200);
    const after = await dossier();
    assert.equal(after.status, 4, 'back to processing');
    const [settled] = await payments();
    assert.equal(settled?.status, 'paid');
    assert.match(settled?.receiptNo ?? '', /^BL\d{4}-\d{6}$/);
    const log = await s.db.database.db
      .selectFrom('dossier_action')
      .select(['type', 'actor_kind'])
      .where('type', '=', 'record_payment')
      .executeTakeFirstOrThrow();
    assert.equal(log.actor_kind, 'system');
  });

  it('refuses forged, stale and replayed callbacks, and a duplicate changes nothing', async () => {
    await act({ type: 'request_payment', amount: 50_000 });
    await hub.drain(hub.dispatcher());
    const [p] = await payments();
    const ref = p!.payUrl!.split('/').at(-1)!;
    const body = {
      MaThanhToan: ref,
      MaHoSo: code,
      SoTien: 50_000,
      TrangThai: 'paid',
      MaBienLai: 'BL-FORGED',
    };
    const forged = await callback(body, { secret: 'not-the-secret-0123456789' });
    assert.equal(forged.status, 401);
    assert.equal(forged.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal((await callback(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status, 401);
    assert.equal((await dossier()).status, 6, 'nothing moved');

    await setFaults(hub.payment.url, { duplicateCallbacks: true });
    await fetch(`${p!.payUrl}/xac-nhan`, { method: 'POST', redirect: 'manual' });
    await setFaults(hub.payment.url, {});
    const answers = hub.payment.callbacks.slice(-2).map((c) => c.answered);
    assert.deepEqual(answers, [200, 409], 'the exact replay was refused');
    const d = await dossier();
    assert.equal(d.status, 4);
    const recorded = await s.db.database.db
      .selectFrom('dossier_action')
      .select('seq')
      .where('type', '=', 'record_payment')
      .execute();
    assert.equal(recorded.length, 2, 'one record per payment, none for the replay');
  });

  it('a cancelled payment leaves the dossier waiting for its obligation', async () => {
    await act({ type: 'request_payment', amount: 30_000 });
    await hub.drain(hub.dispatcher());
    const [p] = await payments();
    await fetch(`${p!.payUrl}/huy`, { method: 'POST', redirect: 'manual' });
    assert.equal((await payments())[0]?.status, 'cancelled');
    assert.equal((await dossier()).status, 6);
    const bad = await callback({
      MaThanhToan: 'TTNOPE',
      MaHoSo: code,
      SoTien: 1,
      TrangThai: 'paid',
      MaBienLai: null,
    });
    assert.equal(bad.status, 404);
  });

  it("refunds a paid request on the leader's word, through the platform, once", async () => {
    const all = (await receiver.call('GET', `/api/v1/dossiers/${code}/payments`)).json<{
      items: { id: string; status: string }[];
    }>().items;
    const target = all.find((p) => p.status === 'paid');
    assert.ok(target);
    const url = `/api/v1/dossiers/${code}/payments/${target.id}/refund`;
    assert.equal((await receiver.call('POST', url, { reason: 'Nộp hai lần' })).statusCode, 403);
    const leader = await signIn(s.app, 'hanoi.lanhdao');
    const res = await leader.call('POST', url, { reason: 'Nộp hai lần' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ status: string }>().status, 'refunding');
    assert.equal((await leader.call('POST', url, { reason: 'Lần nữa' })).statusCode, 409);
    await hub.drain(hub.dispatcher());
    for (let i = 0; i < 50; i++) {
      const now = (await receiver.call('GET', `/api/v1/dossiers/${code}/payments`)).json<{
        items: { id: string; status: string }[];
      }>();
      if (now.items.find((p) => p.id === target.id)?.status === 'refunded') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const after = (await receiver.call('GET', `/api/v1/dossiers/${code}/payments`)).json<{
      items: { id: string; status: string }[];
    }>();
    assert.equal(after.items.find((p) => p.id === target.id)?.status, 'refunded');
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'payment.refund_requested')
      .execute();
    assert.equal(audit.length, 1);
  });
});
