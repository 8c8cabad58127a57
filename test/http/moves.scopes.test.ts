import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Problem } from '../../src/contracts/common.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { agencyOf, birthDossier, startDemoSystem, unitOf } from '../support/demoSystem.js';

/**
 * Where a move may take a dossier (issue 17, item 1). The rule, as the issue states it: the target
 * of a move is the step's planned agency, or one the binding allows for that step, or — for a
 * consultation — a declared inter-agency partner; anything else is 400 naming the field; going
 * somewhere unplanned is a leader's audited transfer, and never to where nobody can receive it.
 */
describe(`move targets and transfers (${testEngine})`, () => {
  let s: TestServer;
  let receiver: Signed;
  let ngocha = '';
  let commune = '';
  const otherProvince = '000.00.01.H40'; // Trung tâm PVHCC tỉnh Nghệ An
  const governmentOffice = '000.00.00.G17';

  before(async () => {
    s = await startDemoSystem();
    receiver = await signIn(s.app, 'ngocha.motcua');
    ngocha = await agencyOf(s, 'ngocha.motcua');
    commune = await unitOf(s, ngocha);
  });
  after(() => s.close());

  const act = (who: Signed, code: string, body: Record<string, unknown>) =>
    who.call('POST', `/api/v1/dossiers/${code}/actions`, body);
  const fieldsOf = (body: string) => (JSON.parse(body) as Problem).errors?.map((e) => e.field) ?? [];

  it('refuses a forward to another province, a ministry or an unknown agency, naming the field', async () => {
    const d = await birthDossier(receiver, commune);
    for (const agencyCode of [otherProvince, governmentOffice, '000.00.99.H99', '000.00.01.H01']) {
      const res = await act(receiver, d.code, {
        type: 'forward',
        toStep: 'TD',
        agencyCode,
        expectedVersion: d.version,
      });
      assert.equal(res.statusCode, 400, `${agencyCode}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(fieldsOf(res.body), ['body.agencyCode']);
    }
    // Nothing moved: Nghệ An's officials still cannot learn the dossier exists.
    for (const who of ['nghean.chuyenvien', 'nghean.giamsat']) {
      const other = await signIn(s.app, who);
      assert.equal((await other.call('GET', `/api/v1/dossiers/${d.code}`)).statusCode, 404, who);
    }
    const mine = await receiver.call('GET', `/api/v1/dossiers/${d.code}`);
    assert.equal(mine.json<{ version: number; agencyCode: string }>().version, d.version);
  });

  it('takes the planned agency whether named or not', async () => {
    const d = await birthDossier(receiver, commune);
    const res = await act(receiver, d.code, {
      type: 'forward',
      toStep: 'TD',
      agencyCode: ngocha,
      expectedVersion: d.version,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ agencyCode: string }>().agencyCode, ngocha);
  });

  it('refuses a consultation with an agency that is neither bound nor a declared partner', async () => {
    const d = await birthDossier(receiver, commune);
    const processor = await signIn(s.app, 'ngocha.chuyenvien');
    assert.equal(
      (await act(receiver, d.code, { type: 'forward', toStep: 'TD', expectedVersion: d.version })).statusCode,
      200,
    );
    const res = await act(processor, d.code, {
      type: 'consult',
      consultationId: 'yk1',
      toStep: 'PD',
      agencyCode: otherProvince,
      expectedVersion: d.version + 1,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(fieldsOf(res.body), ['body.agencyCode']);
  });

  it('takes no agency on a return to an earlier step', async () => {
    const d = await birthDossier(receiver, commune);
    const res = await act(receiver, d.code, {
      type: 'return_to_step',
      toStep: 'TN',
      reason: 'x',
      agencyCode: otherProvince,
      expectedVersion: d.version,
    });
    assert.equal(res.statusCode, 400, res.body);
  });

  it('moves a wrongly received dossier only by a leader’s transfer, with a reason, audited', async () => {
    const d = await birthDossier(receiver, commune);
    const badinh = await agencyOf(s, 'badinh.motcua');
    const asReceiver = await act(receiver, d.code, {
      type: 'transfer',
      agencyCode: badinh,
      reason: 'Người nộp cư trú tại Ba Đình',
      expectedVersion: d.version,
    });
    assert.equal(asReceiver.statusCode, 403, asReceiver.body);
    const leader = await signIn(s.app, 'ngocha.lanhdao');
    // Nobody at the Government Office receives dossiers: a transfer there would strand it.
    const stranded = await act(leader, d.code, {
      type: 'transfer',
      agencyCode: governmentOffice,
      reason: 'Sai',
      expectedVersion: d.version,
    });
    assert.equal(stranded.statusCode, 400, stranded.body);
    assert.deepEqual(fieldsOf(stranded.body), ['body.agencyCode']);
    const unknown = await act(leader, d.code, {
      type: 'transfer',
      agencyCode: '000.00.99.H99',
      reason: 'Sai',
      expectedVersion: d.version,
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
    const noReason = await act(leader, d.code, {
      type: 'transfer',
      agencyCode: badinh,
      reason: ' ',
      expectedVersion: d.version,
    });
    assert.equal(noReason.statusCode, 400, noReason.body);

    // Nor to an agency of no competent kind, nor out of the province when the procedure does not
    // allow receipt across boundaries (domestic adoption).
    const department = await s.db.database.db
      .selectFrom('agency')
      .select('code')
      .where('kind', '=', 'vertical_agency')
      .executeTakeFirst();
    if (department) {
      const vertical = await act(leader, d.code, {
        type: 'transfer',
        agencyCode: department.code,
        reason: 'Sai',
        expectedVersion: d.version,
      });
      assert.equal(vertical.statusCode, 400, vertical.body);
    }
    const adoption = await receiver.call('POST', '/api/v1/dossiers', {
      procedureCode: '2.001263',
      applicant: {
        kind: 'individual',
        idNumber: '001089012345',
        name: 'Nguyễn Thị Mai',
        address: { communeCode: commune, detail: 'Số 1' },
      },
      components: ['TK', 'DON', 'GKSK', 'LLTP'].map((code) => ({ code, copies: 1 })),
      eform: { TK: { hoTen: 'Nguyễn Thị Mai' } },
    });
    assert.equal(adoption.statusCode, 201, adoption.body);
    const a = adoption.json<{ code: string; version: number }>();
    const outOfProvince = await act(leader, a.code, {
      type: 'transfer',
      agencyCode: await agencyOf(s, 'thanhvinh.motcua'),
      reason: 'Người nộp cư trú tại Nghệ An',
      expectedVersion: a.version,
    });
    assert.equal(outOfProvince.statusCode, 400, outOfProvince.body);
    assert.match(outOfProvince.body, /phi địa giới/);

    const ok = await act(leader, d.code, {
      type: 'transfer',
      agencyCode: badinh,
      reason: 'Người nộp cư trú tại Ba Đình',
      expectedVersion: d.version,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json<{ agencyCode: string; orphan: boolean }>().agencyCode, badinh);
    assert.equal(ok.json<{ orphan: boolean }>().orphan, false);
    const there = await signIn(s.app, 'badinh.motcua');
    assert.equal((await there.call('GET', `/api/v1/dossiers/${d.code}`)).statusCode, 200);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'agency_code', 'detail'])
      .where('action', '=', 'dossier.transfer')
      .where('target_id', '=', d.code)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.agency_code, badinh);
    assert.deepEqual((audit[0]?.detail as { from: string }).from, ngocha);
  });
});
