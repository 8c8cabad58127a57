import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWithDossier } from '../support/dossierFixtures.js';
import type { Signed } from '../../fixtures/staff.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

describe(`notices to the applicant (${testEngine})`, () => {
  let s: TestServer;
  let receiver: Signed;
  let code = '';
  const clock = new Date('2026-03-02T08:00:00+07:00');

  before(async () => {
    ({ s, receiver, code } = await startWithDossier({ publicUrl: 'https://motcua.gov.vn' }, clock));
  });
  after(() => s.close());

  const notices = () =>
    s.db.database.db
      .selectFrom('outbox_message')
      .select(['destination', 'kind', 'payload', 'status'])
      .where('destination', '=', 'sms')
      .execute();

  it('leaves an SMS for the applicant on receipt and on a supplement request, with the action', async () => {
    const received = await notices();
    assert.equal(received.length, 1);
    assert.equal(received[0]?.kind, 'applicant.received');
    assert.equal(received[0]?.status, 'pending');
    const payload = received[0]?.payload as { to: string; text: string; encoding: string; parts: number };
    assert.equal(payload.to, '0912345678');
    assert.match(
      payload.text,
      new RegExp(`^Ho so ${code.replace(/\./g, '\\.')} da duoc tiep nhan\\. Hen tra ket qua: `),
    );
    assert.equal(payload.encoding, 'gsm7');
    assert.equal(payload.parts, 1);

    const d = (await receiver.call('GET', `/api/v1/dossiers/${code}`)).json<{ version: number }>();
    const asked = await receiver.call('POST', `/api/v1/dossiers/${code}/actions`, {
      type: 'request_supplement',
      expectedVersion: d.version,
      reason: 'Thiếu chữ ký',
      components: ['TK'],
    });
    assert.equal(asked.statusCode, 200, asked.body);
    assert.deepEqual((await notices()).map((n) => n.kind).sort(), [
      'applicant.received',
      'applicant.supplement',
    ]);
  });
});
