import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalCertificateAuthority } from '../../src/app/signing/localCertificateAuthority.js';
import { signedHeaders } from '../../src/integrations/http/signedCallback.js';
import { setFaults } from '../../src/integrations/simulator/faults.js';
import { seedDemoDeployment } from '../../src/seed/demoDeployment.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { actOn } from '../support/dossierFixtures.js';
import { agencyOf, birthDossier, unitOf } from '../support/demoSystem.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import type { TestServer } from '../support/testServer.js';

interface Exchange {
  id: string;
  kind: string;
  system: { code: string };
  status: string;
  remoteCode: string | null;
  answer: string | null;
  events: { status: string }[];
}

/**
 * Inter-agency procedures with other systems (issue 22 §6), from the rules: a birth
 * registration received at a commune starts the child's permanent residence and health-insurance
 * card in their systems, each with its own code and status, followed by the citizen as one group,
 * done when all are; a consultation asked of an agency that works in its own system is answered by
 * callback, against the consultation's due time. Requests go through the outbox (a repeat is the
 * same request); callbacks are signed, kept once, and never move a request back.
 */
describe('inter-agency exchange with other systems', () => {
  let s: TestServer;
  let hub: TestHub;
  let base: string;
  let close: () => Promise<void>;
  let dir: string;
  let badinh: Signed;
  let commune: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-pki-'));
    const ca = await LocalCertificateAuthority.open(dir, { now: new Date('2025-01-01') });
    ({ s, hub, base, close } = await startWithHub((h) => ({ exchangeSecret: h.exchangeSecret }), {
      signer: ca,
    }));
    await seedDemoDeployment(s.db.database.db, new Date('2025-07-01T00:00:00+07:00'));
    badinh = await signIn(s.app, 'badinh.motcua');
    commune = await unitOf(s, await agencyOf(s, 'badinh.motcua'));
  });
  after(async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  });

  const exchanges = async (code: string, who = badinh) =>
    (await who.call('GET', `/api/v1/dossiers/${code}`)).json<{ exchanges: Exchange[] }>().exchanges;
  /** Delivers the outbox, then waits for the systems' reports until `done` holds. */
  const settle = async (code: string, done: (x: Exchange[]) => boolean, who = badinh) => {
    const d = hub.dispatcher();
    for (let i = 0; i < 100; i++) {
      await hub.drain(d);
      const x = await exchanges(code, who);
      if (done(x)) return x;
      await new Promise((r) => setTimeout(r, 30));
    }
    assert.fail(`not settled: ${JSON.stringify(await exchanges(code))}`);
  };
  const publicGroup = async (code: string) => {
    const res = await s.app.inject({ method: 'GET', url: `/api/v1/public/dossiers/${code}?verify=2345` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{
      group: {
        status: string;
        linked: { code: string | null; statusName: string; result: string | null }[];
      } | null;
    }>().group;
  };

  it('a birth registration starts residence and health insurance elsewhere; the group is done when all are', async () => {
    await setFaults(hub.exchange.url, { duplicateCallbacks: true });
    const { code } = await birthDossier(badinh, commune);
    const linked = await settle(code, (x) => x.length === 2 && x.every((e) => e.status === 'done'));
    await setFaults(hub.exchange.url, {});
    assert.deepEqual(linked.map((x) => x.system.code).sort(), ['bhxh', 'cutru']);
    // Each has its own code in its own system; each report kept once although sent twice.
    assert.match(linked.find((x) => x.system.code === 'cutru')?.remoteCode ?? '', /^CT-\d{4}-\d{6}$/);
    assert.match(linked.find((x) => x.system.code === 'bhxh')?.remoteCode ?? '', /^BH-\d{4}-\d{6}$/);
    for (const x of linked)
      assert.deepEqual(x.events.map((e) => e.status).sort(), ['DaCoKetQua', 'DaTiepNhan', 'DangXuLy']);
    assert.equal(hub.exchange.requests.size, 2, 'one request per linked procedure, however often sent');

    // The citizen sees one group, in progress until the birth registration itself is returned.
    const group = await publicGroup(code);
    assert.equal(group?.status, 'in_progress');
    assert.deepEqual(
      group?.linked.map((l) => l.statusName),
      ['Đã có kết quả', 'Đã có kết quả'],
    );
    await actOn(badinh, code, { type: 'forward', toStep: 'TD' });
    await actOn(await signIn(s.app, 'badinh.chuyenvien'), code, { type: 'forward', toStep: 'PD' });
    await actOn(await signIn(s.app, 'badinh.lanhdao'), code, { type: 'issue_result' });
    await actOn(badinh, code, { type: 'return_result', method: 'counter', reference: 'Trao tận tay' });
    assert.equal((await publicGroup(code))?.status, 'done');
    // Receiving it again (another dossier) starts another group; this one is not sent twice.
    assert.equal((await exchanges(code)).length, 2);
  });

  it('refuses a forged, unknown or malformed report, and never moves a request back', async () => {
    const { code } = await birthDossier(badinh, commune);
    const [x] = await settle(code, (xs) => xs.length === 2 && xs.every((e) => e.status === 'done'));
    const post = (body: string, secret = hub.exchangeSecret) =>
      fetch(`${base}/api/v1/exchange/callback`, {
        method: 'POST',
        headers: signedHeaders(secret, body),
        body,
      });
    const report = (id: string, status: string) =>
      JSON.stringify({ MaYeuCau: id, MaHoSo: 'X', TrangThai: status, KetQua: null });
    assert.equal((await post(report(x!.id, 'TuChoi'), 'not-the-shared-secret-000')).status, 401);
    assert.equal((await post(report('00000000-0000-4000-8000-000000000000', 'DaTiepNhan'))).status, 404);
    assert.equal((await post(report(x!.id, 'DaXong'))).status, 400);
    assert.equal((await post('{not json')).status, 400);
    // A late "received" after the result: kept as an event, the status stays done.
    const late = await post(report(x!.id, 'TuChoi'));
    assert.equal(late.status, 200);
    const after = (await exchanges(code)).find((e) => e.id === x!.id);
    assert.equal(after?.status, 'done');
  });

  it('a consultation with an agency working in its own system is answered by callback, on the dossier', async () => {
    const db = s.db.database.db;
    const tax = await db
      .selectFrom('agency')
      .select('code')
      .where('name', 'like', 'Thuế%')
      .where('admin_unit_code', '=', '01')
      .executeTakeFirstOrThrow();
    // Only the system administrator says an agency works in another system; it is audited.
    const provinceAdmin = await signIn(s.app, 'hanoi.quantri');
    const refused = await provinceAdmin.call('PUT', `/api/v1/agencies/${tax.code}/exchange-system`, {
      system: 'thue',
    });
    assert.equal(refused.statusCode, 403, refused.body);
    const system = await signIn(s.app, 'quantri');
    const unknown = await system.call('PUT', `/api/v1/agencies/${tax.code}/exchange-system`, {
      system: 'xyz',
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
    const set = await system.call('PUT', `/api/v1/agencies/${tax.code}/exchange-system`, { system: 'thue' });
    assert.equal(set.statusCode, 200, set.body);
    const audited = await db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'agency.exchange_system')
      .where('target_id', '=', tax.code)
      .execute();
    assert.equal(audited.length, 1);
    const province = system;
    const steps = ['TN', 'TD', 'PD', 'TK', 'YK'].map((stepCode) =>
      stepCode === 'YK'
        ? { stepCode, agencyCode: tax.code }
        : { stepCode, agencyKind: 'province_service_center' },
    );
    const bound = await province.call('PUT', '/api/v1/procedures/VD.000005/versions/1/bindings/01', {
      steps,
    });
    assert.equal(bound.statusCode, 200, bound.body);

    const receiver = await signIn(s.app, 'hanoi.motcua');
    const res = await receiver.call('POST', '/api/v1/dossiers', {
      procedureCode: 'VD.000005',
      applicant: {
        kind: 'individual',
        idNumber: '001089012345',
        name: 'Nguyễn Thị Mai',
        address: { communeCode: commune, detail: 'Số 1' },
      },
      components: [{ code: 'TK', copies: 1 }],
      eform: { TK: { hoTen: 'Nguyễn Thị Mai' } },
    });
    assert.equal(res.statusCode, 201, res.body);
    const { code } = res.json<{ code: string }>();
    await actOn(receiver, code, { type: 'forward', toStep: 'TD' });
    const clerk = await signIn(s.app, 'hanoi.chuyenvien');
    await actOn(clerk, code, { type: 'consult', consultationId: 'thue1', toStep: 'YK' });
    const answered = await settle(
      code,
      (xs) => xs.some((e) => e.kind === 'consultation' && e.status === 'done'),
      clerk,
    );
    const asked = answered.find((e) => e.kind === 'consultation');
    assert.equal(asked?.system.code, 'thue');
    assert.match(asked?.answer ?? '', /nghĩa vụ tài chính/);
    const d = (await clerk.call('GET', `/api/v1/dossiers/${code}`)).json<{
      consultations: { id: string; status: string }[];
      log: { type: string; data: Record<string, unknown> }[];
    }>();
    assert.equal(d.consultations.find((c) => c.id === 'thue1')?.status, 'answered');
    const replies = d.log.filter((e) => e.type === 'consult_reply');
    assert.deepEqual(
      replies.map((r) => r.data['outcome']),
      ['accepted', 'answered'],
    );
    assert.match(String(replies[1]?.data['note']), /nghĩa vụ tài chính/);
    // The reply is timed against the consultation's due time, as an official's would be.
    assert.ok(['before_due', 'on_time'].includes(String(replies[1]?.data['verdict'])));
    // The dossier can go on: the consultation is closed.
    await actOn(clerk, code, { type: 'forward', toStep: 'PD' });
  });
});
