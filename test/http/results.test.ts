import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signCallback } from '../../src/integrations/http/signedCallback.js';
import { setFaults } from '../../src/integrations/simulator/faults.js';
import { actOn } from '../support/dossierFixtures.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

describe('results numbered and signed by the document-management system', () => {
  let s: TestServer;
  let receiver: Signed;
  let code: string;
  let hub: TestHub;
  let base: string;
  let close: () => Promise<void>;
  before(async () => {
    ({ s, receiver, code, hub, base, close } = await startWithHub((h) => ({
      docmgmtSecret: h.docmgmtSecret,
    })));
  });
  after(() => close());

  const act = (who: Signed, body: Record<string, unknown>) => actOn(who, code, body);
  const results = async () =>
    (await receiver.call('GET', `/api/v1/dossiers/${code}/results`)).json<{
      items: {
        id: string;
        status: string;
        number: string | null;
        sha256: string | null;
        signer: string | null;
      }[];
    }>().items;
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
  };

  it('sends the issued result as a draft and keeps the numbered, signed file it gets back', async () => {
    await act(receiver, { type: 'forward', toStep: 'TD' });
    await act(await signIn(s.app, 'hanoi.chuyenvien'), { type: 'forward', toStep: 'PD' });
    await act(await signIn(s.app, 'hanoi.lanhdao'), { type: 'issue_result' });
    assert.equal((await results())[0]?.status, 'drafted');
    await setFaults(hub.docmgmt.url, { duplicateCallbacks: true });
    await hub.drain(hub.dispatcher());
    // Signed, and the duplicate callback answered too.
    await until(async () => (await results())[0]?.status === 'signed' && hub.docmgmt.callbacks.length >= 2);
    await setFaults(hub.docmgmt.url, {});
    const [r] = await results();
    assert.equal(r?.status, 'signed');
    assert.match(r?.number ?? '', /^1\/\d{4}\/KQ$/);
    assert.match(r?.signer ?? '', /Lãnh đạo/);
    assert.deepEqual(hub.docmgmt.callbacks, [200, 409], 'the replayed callback was refused');

    const file = await receiver.call('GET', `/api/v1/dossiers/${code}/results/${r!.id}/content`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(createHash('sha256').update(file.rawPayload).digest('hex'), r?.sha256);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'result.read')
      .execute();
    assert.equal(audit.length, 1);
    const outsider = await signIn(s.app, 'nghean.motcua');
    assert.equal(
      (await outsider.call('GET', `/api/v1/dossiers/${code}/results/${r!.id}/content`)).statusCode,
      404,
    );
  });

  it('refuses a forged callback and a file that does not match its hash', async () => {
    const [r] = await results();
    const send = (body: object, secret = hub.docmgmtSecret) => {
      const raw = JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000);
      const nonce = randomUUID();
      return fetch(`${base}/api/v1/docmgmt/callback`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': signCallback(secret, ts, nonce, raw),
          'x-timestamp': String(ts),
          'x-nonce': nonce,
        },
        body: raw,
      });
    };
    const file = Buffer.from('%PDF-1.4 giả mạo');
    const body = {
      MaGiaoDich: r!.id,
      SoKyHieu: '99/2026/KQ',
      NgayBanHanh: '2026-11-25',
      MaBam: createHash('sha256').update(file).digest('hex'),
      TepKetQua: file.toString('base64'),
    };
    assert.equal((await send(body, 'wrong-secret-0123456789')).status, 401);
    assert.equal((await send({ ...body, MaBam: 'a'.repeat(64) })).status, 400);
    assert.equal(
      (await send(body)).status,
      200,
      'accepted but changes nothing: the result is already signed',
    );
    assert.match((await results())[0]?.number ?? '', /^1\//);
  });
});
