import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Problem } from '../../src/contracts/common.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { agencyOf, startDemoSystem, unitOf } from '../support/demoSystem.js';

const birth = (name: string, communeCode: string) => ({
  procedureCode: '1.001193',
  applicant: { kind: 'individual', idNumber: '001089012345', name, address: { communeCode, detail: 'Số 1' } },
  components: [
    { code: 'TK', copies: 1 },
    { code: 'GCS', copies: 1 },
  ],
  eform: { TK: { hoTen: name } },
});

/**
 * Idempotency keys and API clients (issue 17, items 9 and 10): a key is bound to the request it
 * came with and to the client that sent it; a client acts only where it was registered.
 */
describe(`idempotency keys and client registrations (${testEngine})`, () => {
  let s: TestServer;
  let system: Signed;
  let ngocha = '';
  let commune = '';
  const keys: Record<string, string> = {};

  before(async () => {
    s = await startDemoSystem();
    system = await signIn(s.app, 'quantri');
    ngocha = await agencyOf(s, 'ngocha.motcua');
    commune = await unitOf(s, ngocha);
    for (const [name, agencyCode] of [
      ['Cổng A', null],
      ['Cổng B', null],
      ['Kết nối Nghệ An', '000.00.01.H40'],
    ] as const) {
      const res = await system.call('POST', '/api/v1/api-clients', {
        name,
        scopes: ['dossiers.submit'],
        ...(agencyCode ? { agencyCode } : {}),
      });
      assert.equal(res.statusCode, 201, res.body);
      keys[name] = res.json<{ key: string }>().key;
    }
  });
  after(() => s.close());

  const submit = (client: string, portalId: string, body: object) =>
    s.app.inject({
      method: 'POST',
      url: '/api/v1/portal/dossiers',
      headers: { authorization: `Bearer ${keys[client]}`, 'idempotency-key': portalId },
      payload: body,
    });

  it('answers the same request with the first dossier, and another request with 422 naming the key', async () => {
    const receiver = await signIn(s.app, 'ngocha.motcua');
    const first = await receiver.call('POST', '/api/v1/dossiers', birth('Nguyễn Thị Mai', commune), {
      'idempotency-key': 'form-1',
    });
    assert.equal(first.statusCode, 201, first.body);
    const again = await receiver.call('POST', '/api/v1/dossiers', birth('Nguyễn Thị Mai', commune), {
      'idempotency-key': 'form-1',
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json<{ code: string }>().code, first.json<{ code: string }>().code);
    const other = await receiver.call('POST', '/api/v1/dossiers', birth('Trần Văn Hải', commune), {
      'idempotency-key': 'form-1',
    });
    assert.equal(other.statusCode, 422, other.body);
    assert.deepEqual(
      other.json<Problem>().errors?.map((e) => e.field),
      ['headers.idempotency-key'],
    );
    const count = await s.db.database.db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('applicant_name', '=', 'Trần Văn Hải')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  it('never answers one client with the dossier another client created under the same portal id', async () => {
    const body = { ...birth('Lê Hoàng Yến', commune), agencyCode: ngocha };
    const a = await submit('Cổng A', 'G22.99-000001', body);
    assert.equal(a.statusCode, 201, a.body);
    assert.equal((await submit('Cổng A', 'G22.99-000001', body)).statusCode, 200);
    const b = await submit('Cổng B', 'G22.99-000001', body);
    assert.equal(b.statusCode, 409, b.body);
    assert.doesNotMatch(b.body, new RegExp(a.json<{ code: string }>().code.replace(/\./g, '\\.')));
  });

  it('keeps a client registered for Nghệ An out of a Hà Nội commune', async () => {
    const body = { ...birth('Phạm Thu Dung', commune), agencyCode: ngocha };
    const res = await submit('Kết nối Nghệ An', 'NA-000001', body);
    assert.equal(res.statusCode, 403, res.body);
  });

  it('refuses a client registered for an unknown agency with 400, writing nothing', async () => {
    const res = await system.call('POST', '/api/v1/api-clients', {
      name: 'Không có cơ quan',
      scopes: ['dossiers.submit'],
      agencyCode: '000.00.99.H99',
    });
    assert.equal(res.statusCode, 400, res.body);
    const row = await s.db.database.db
      .selectFrom('api_client')
      .select('id')
      .where('name', '=', 'Không có cơ quan')
      .executeTakeFirst();
    assert.equal(row, undefined);
  });
});
