import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFaults } from '../../src/integrations/simulator/faults.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { demoIntake } from '../../fixtures/intake.js';
import { actOn } from '../support/dossierFixtures.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import type { TestServer } from '../support/testServer.js';

interface Payment {
  id: string;
  status: string;
  payUrl: string | null;
  eReceipt: { number: string; series: string; lookupCode: string; url: string; status: string } | null;
}

/**
 * A paid fee gets an electronic receipt from the e-receipt provider (issue 22 §4): kept on the
 * payment, shown to the official and on the public status page, given to the national portal, and
 * cancelled when the fee is refunded; a lost acknowledgement never makes a second receipt.
 */
describe('e-receipts for fees paid', () => {
  let s: TestServer;
  let hub: TestHub;
  let close: () => Promise<void>;
  let receiver: Signed;
  before(async () => {
    ({ s, hub, close, receiver } = await startWithHub((h) => ({ paymentSecret: h.paymentSecret })));
  });
  after(() => close());

  const payments = async (code: string) =>
    (await receiver.call('GET', `/api/v1/dossiers/${code}/payments`)).json<{ items: Payment[] }>().items;
  /** A dossier whose applicant paid `amount` on the payment platform's page. */
  const paid = async (idNumber: string, amount: number) => {
    const r = await receiver.call('POST', '/api/v1/dossiers', demoIntake(idNumber));
    assert.equal(r.statusCode, 201, r.body);
    const { code } = r.json<{ code: string }>();
    await actOn(receiver, code, { type: 'forward', toStep: 'TD' });
    await actOn(receiver, code, { type: 'request_payment', amount });
    await hub.drain(hub.dispatcher());
    const [p] = await payments(code);
    const confirmed = await fetch(`${p!.payUrl}/xac-nhan`, { method: 'POST', redirect: 'manual' });
    assert.equal(confirmed.status, 303);
    return code;
  };

  it('issues a receipt once paid, shown to the official, the citizen and the portal; cancels it on refund', async () => {
    const code = await paid('001089012345', 200_000);
    await hub.drain(hub.dispatcher());
    const [p] = await payments(code);
    assert.equal(p?.status, 'paid');
    assert.equal(p?.eReceipt?.status, 'issued');
    assert.match(p?.eReceipt?.number ?? '', /^\d{7}$/);
    const page = await (await fetch(p!.eReceipt!.url)).text();
    assert.match(page, /200\.000 đồng/);
    assert.match(page, /Đã phát hành/);

    const status = await s.app.inject({ method: 'GET', url: `/api/v1/public/dossiers/${code}?verify=2345` });
    assert.equal(status.statusCode, 200, status.body);
    const receipts = status.json<{
      receipts: { number: string; status: string; url: string; amount: number }[];
    }>().receipts;
    assert.deepEqual(
      receipts.map((x) => [x.number, x.status, x.amount]),
      [[`${p!.eReceipt!.series}-${p!.eReceipt!.number}`, 'issued', 200_000]],
    );
    const portal = hub.portal.state.dossiers.get(code)?.[0]?.record;
    assert.equal(portal?.PhiLePhi[0]?.SoBienLai, `${p!.eReceipt!.series}-${p!.eReceipt!.number}`);

    const leader = await signIn(s.app, 'hanoi.lanhdao');
    const refund = await leader.call('POST', `/api/v1/dossiers/${code}/payments/${p!.id}/refund`, {
      reason: 'Nộp nhầm',
    });
    assert.equal(refund.statusCode, 200, refund.body);
    // The platform refunds, calls back "refunded", and the cancellation is then delivered.
    const d = hub.dispatcher();
    let after: Payment | undefined;
    for (let i = 0; i < 100 && after?.eReceipt?.status !== 'cancelled'; i++) {
      await hub.drain(d);
      [after] = await payments(code);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(after?.status, 'refunded');
    assert.equal(after?.eReceipt?.status, 'cancelled');
    assert.match(await (await fetch(p!.eReceipt!.url)).text(), /Đã hủy/);
    const held = [...hub.ereceipt.receipts.values()].filter((r) => r.MaHoSo === code);
    assert.deepEqual(
      held.map((r) => r.TrangThai),
      ['da_huy'],
    );
  });

  it('a lost acknowledgement is retried into the same receipt, never a second one', async () => {
    const code = await paid('001089012399', 50_000);
    await setFaults(hub.ereceipt.url, { malformedRate: 1 });
    await hub.dispatcher().pass();
    await setFaults(hub.ereceipt.url, {});
    await new Promise((r) => setTimeout(r, 1_200));
    await hub.drain(hub.dispatcher());
    const [p] = await payments(code);
    assert.equal(p?.eReceipt?.status, 'issued');
    const held = [...hub.ereceipt.receipts.values()].filter((r) => r.MaHoSo === code);
    assert.equal(held.length, 1, 'one receipt for one payment');
    assert.equal(held[0]?.SoBienLai, p?.eReceipt?.number);
  });

  it('replaces a receipt with a wrong payer: a new one stands, the old one is marked replaced; one at a time', async () => {
    const code = await paid('001089012377', 80_000);
    await hub.drain(hub.dispatcher());
    const [before] = await payments(code);
    const old = before!.eReceipt!;
    // Only the agency's receiver or leader; the processor may not.
    const processor = await signIn(s.app, 'hanoi.chuyenvien');
    const url = `/api/v1/dossiers/${code}/payments/${before!.id}/receipt/replace`;
    const body = { reason: 'Sai tên người nộp', payerName: 'Nguyễn Thị Mai Anh' };
    assert.equal((await processor.call('POST', url, body)).statusCode, 403);
    const asked = await receiver.call('POST', url, body);
    assert.equal(asked.statusCode, 200, asked.body);
    assert.equal(asked.json<Payment & { eReceipt: { replacing: boolean } }>().eReceipt.replacing, true);
    assert.equal((await receiver.call('POST', url, body)).statusCode, 409, 'one request at a time');
    await hub.drain(hub.dispatcher());
    const [after] = await payments(code);
    const now = after!.eReceipt! as Payment['eReceipt'] & { replaces: string | null; replacing: boolean };
    assert.notEqual(now.number, old.number);
    assert.equal(now.status, 'issued');
    assert.equal(now.replaces, `${old.series}-${old.number}`);
    assert.equal(now.replacing, false);
    const held = [...hub.ereceipt.receipts.values()].filter((r) => r.MaHoSo === code);
    assert.deepEqual(held.map((r) => [r.TrangThai, r.TenNguoiNop]).sort(), [
      ['bi_thay_the', 'Nguyễn Thị Mai'],
      ['da_phat_hanh', 'Nguyễn Thị Mai Anh'],
    ]);
    // The citizen's page shows the receipt that stands.
    const status = await s.app.inject({ method: 'GET', url: `/api/v1/public/dossiers/${code}?verify=2377` });
    assert.deepEqual(
      status.json<{ receipts: { number: string }[] }>().receipts.map((r) => r.number),
      [`${now.series}-${now.number}`],
    );
  });
});
