import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import type { Problem } from '../../src/contracts/common.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { refreshOrphansSince } from '../../src/app/dossiers/orphanWatch.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { consultingSteps } from '../../fixtures/workflows.js';
import { demoIntake } from '../../fixtures/intake.js';

// Cấp Phiếu lý lịch tư pháp (example code), province level, 10 working days, e-form TK needs hoTen.
const procedure = 'VD.000005';
const center = '000.00.01.H01'; // Trung tâm PVHCC thành phố Hà Nội
const steps = consultingSteps;
const intake = demoIntake;
interface Dossier {
  code: string;
  status: number;
  version: number;
  stepCode: string | null;
  dueAt: string | null;
  consultations: { id: string; status: string }[];
  available: string[];
  log: {
    seq: number;
    type: string;
    fromStatus: number;
    toStatus: number;
    stepVerdict: string | null;
    calendarVersion: string | null;
  }[];
}

describe(`dossier lifecycle through the API (${testEngine})`, () => {
  let s: TestServer;
  let clock = new Date('2026-03-02T08:00:00+07:00'); // a Monday
  const advance = (iso: string) => (clock = new Date(iso));
  let receiver: Signed;
  let processor: Signed;
  let leader: Signed;
  let consulted: Signed;
  let department = '';
  let portalKey = '';

  before(async () => {
    s = await startTestServer({
      loginPerMinute: 10_000,
      rateLimitPerMinute: 100_000,
      now: () => clock,
      settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 },
    });
    const db = s.db.database.db;
    await seedStaff(db);
    await seedCatalog(createAppContext(db, { now: () => new Date('2026-01-01') }));
    const ministry = await signIn(s.app, 'botuphap.quantri', clock);
    const wf = await ministry.call('PUT', `/api/v1/procedures/${procedure}/versions/1/workflow`, { steps });
    assert.equal(wf.statusCode, 200, wf.body);
    department = (
      await db
        .selectFrom('agency')
        .select('code')
        .where('kind', '=', 'department')
        .where('admin_unit_code', '=', '01')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const province = await signIn(s.app, 'hanoi.quantri', clock);
    const bind = await province.call('PUT', `/api/v1/procedures/${procedure}/versions/1/bindings/01`, {
      steps: [
        { stepCode: 'TN', agencyKind: 'province_service_center' },
        { stepCode: 'TD', agencyKind: 'province_service_center' },
        { stepCode: 'PD', agencyKind: 'province_service_center' },
        { stepCode: 'TK', agencyKind: 'province_service_center' },
        { stepCode: 'YK', agencyCode: department },
      ],
    });
    assert.equal(bind.statusCode, 200, bind.body);
    // A processor at the consulted department.
    const created = await province.call('POST', '/api/v1/accounts', {
      username: 'hanoi.sotuphap.cv',
      fullName: 'Phạm Văn Tư',
      agencyCode: department,
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id, temporaryPassword } = created.json<{ id: string; temporaryPassword: string }>();
    const grant = await province.call('POST', `/api/v1/accounts/${id}/grants`, {
      role: 'processor',
      agencyCode: department,
    });
    assert.equal(grant.statusCode, 201, grant.body);
    const first = await signIn(s.app, 'hanoi.sotuphap.cv', clock, temporaryPassword);
    const changed = await first.call('POST', '/api/v1/me/password', {
      currentPassword: temporaryPassword,
      newPassword: 'Tu-Phap-Ha-Noi-2026!',
    });
    assert.ok([200, 204].includes(changed.statusCode), changed.body);
    consulted = await signIn(s.app, 'hanoi.sotuphap.cv', clock, 'Tu-Phap-Ha-Noi-2026!');
    // Bound and staffed (the department's processor included): the switch passes the go-live gate.
    const route = await ministry.call('PUT', `/api/v1/procedures/${procedure}/routes/01`, {
      mode: 'central',
    });
    assert.equal(route.statusCode, 204, route.body);
    receiver = await signIn(s.app, 'hanoi.motcua', clock);
    processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
    leader = await signIn(s.app, 'hanoi.lanhdao', clock);
    const system = await signIn(s.app, 'quantri', clock);
    const client = await system.call('POST', '/api/v1/api-clients', {
      name: 'Cổng DVCQG',
      scopes: ['dossiers.submit'],
    });
    portalKey = client.json<{ key: string }>().key;
  });
  after(() => s.close());

  const read = async (who: Signed, code: string) => {
    const res = await who.call('GET', `/api/v1/dossiers/${code}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Dossier>();
  };
  const act = async (who: Signed, code: string, body: Record<string, unknown>, status = 200) => {
    const { version } = await read(receiver, code);
    const res = await who.call('POST', `/api/v1/dossiers/${code}/actions`, {
      expectedVersion: version,
      ...body,
    });
    assert.equal(res.statusCode, status, `${String(body['type'])}: ${res.body}`);
    return res.json<{ status: number; version: number; due: string | null; stepCode: string | null }>();
  };
  const vn = (iso: string | null) =>
    iso === null
      ? null
      : new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 16);

  it('follows one counter dossier from intake to returned result', async () => {
    const res = await receiver.call('POST', '/api/v1/dossiers', intake());
    assert.equal(res.statusCode, 201, res.body);
    const d = res.json<{ code: string; status: number; due: string }>();
    assert.match(d.code, /^000\.00\.01\.H01-260302-000001$/);
    assert.equal(d.status, 2);
    assert.equal(vn(d.due), '2026-03-16 08:00');

    const me = (await processor.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    advance('2026-03-02T09:00:00+07:00');
    assert.equal((await act(receiver, d.code, { type: 'forward', toStep: 'TD', assigneeId: me })).status, 4);
    const counts = (await processor.call('GET', '/api/v1/dossiers/counts')).json<Record<string, number>>();
    assert.equal(counts['mine'], 1);
    assert.equal(counts['agency'], 1);
    assert.equal(counts['to_receive'], 0);
    const mine = (await processor.call('GET', '/api/v1/dossiers?queue=mine')).json<{
      items: { code: string }[];
    }>();
    assert.deepEqual(
      mine.items.map((i) => i.code),
      [d.code],
    );

    advance('2026-03-03T10:00:00+07:00');
    await act(processor, d.code, {
      type: 'request_supplement',
      reason: 'Tờ khai thiếu chữ ký',
      components: ['TK'],
    });
    advance('2026-03-05T10:00:00+07:00');
    const resumed = await act(receiver, d.code, { type: 'receive_supplement' });
    assert.equal(resumed.status, 4);
    assert.equal(vn(resumed.due), '2026-03-18 08:00'); // paused 16 working hours

    advance('2026-03-05T11:00:00+07:00');
    await act(processor, d.code, { type: 'consult', consultationId: 'yk1', toStep: 'YK' });
    const waiting = (await consulted.call('GET', '/api/v1/dossiers?queue=consultation')).json<{
      items: { code: string }[];
    }>();
    assert.deepEqual(
      waiting.items.map((i) => i.code),
      [d.code],
    );
    await act(consulted, d.code, { type: 'consult_reply', consultationId: 'yk1', outcome: 'accepted' });
    advance('2026-03-09T09:00:00+07:00');
    await act(consulted, d.code, {
      type: 'consult_reply',
      consultationId: 'yk1',
      outcome: 'answered',
      note: 'Không có án tích',
    });

    advance('2026-03-16T07:30:00+07:00');
    await act(processor, d.code, {
      type: 'propose_extension',
      newDue: '2026-03-20T17:00:00+07:00',
      reason: 'Chờ xác minh bổ sung',
    });
    assert.equal((await act(leader, d.code, { type: 'approve_extension' })).due, '2026-03-20T10:00:00.000Z');
    advance('2026-03-17T09:00:00+07:00');
    await act(processor, d.code, { type: 'forward', toStep: 'PD' });
    advance('2026-03-18T09:00:00+07:00');
    // A receiver cannot approve; the leader can.
    await act(receiver, d.code, { type: 'issue_result' }, 403);
    assert.equal((await act(leader, d.code, { type: 'issue_result' })).status, 9);
    advance('2026-03-19T08:00:00+07:00');
    assert.equal(
      (await act(receiver, d.code, { type: 'return_result', method: 'counter', reference: '001089012345' }))
        .status,
      10,
    );

    const done = await read(receiver, d.code);
    assert.deepEqual(
      done.log.map((a) => [a.type, a.fromStatus, a.toStatus]),
      [
        ['submit', 1, 1],
        ['receive', 1, 2],
        ['forward', 2, 4],
        ['request_supplement', 4, 5],
        ['receive_supplement', 5, 4],
        ['consult', 4, 4],
        ['consult_reply', 4, 4],
        ['consult_reply', 4, 4],
        ['propose_extension', 4, 4],
        ['approve_extension', 4, 4],
        ['forward', 4, 4],
        ['issue_result', 4, 9],
        ['return_result', 9, 10],
      ],
    );
    assert.deepEqual(
      done.log.map((a) => a.seq),
      [...Array(13).keys()].map((i) => i + 1),
    );
    assert.equal(done.log[1]?.calendarVersion, '2026:rules');
    // Appraisal (40 h from 09:00 on 2 Mar, +16 h paused) was due on 11 Mar; it left on 17 Mar.
    assert.equal(done.log[10]?.stepVerdict, 'late');
    const outbox = await s.db.database.db
      .selectFrom('outbox_message')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('destination', '=', 'dvcqg')
      .executeTakeFirstOrThrow();
    assert.ok(Number(outbox.n) >= 6);
  });

  it('takes an online dossier once per portal id, and a receiver refuses it', async () => {
    advance('2026-03-20T09:00:00+07:00');
    const send = () =>
      s.app.inject({
        method: 'POST',
        url: '/api/v1/portal/dossiers',
        headers: { authorization: `Bearer ${portalKey}`, 'idempotency-key': 'G22.99-260320-0001' },
        payload: { ...intake('040092067890'), agencyCode: center },
      });
    const first = await send();
    assert.equal(first.statusCode, 201, first.body);
    const replays = await Promise.all(Array.from({ length: 100 }, send));
    assert.ok(replays.every((r) => r.statusCode === 200));
    assert.ok(replays.every((r) => r.json<{ code: string }>().code === first.json<{ code: string }>().code));
    const count = await s.db.database.db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('intake_key', '=', 'portal:G22.99-260320-0001')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);

    const code = first.json<{ code: string }>().code;
    const queue = (await receiver.call('GET', '/api/v1/dossiers?queue=to_receive')).json<{
      items: { code: string; status: number }[];
    }>();
    assert.deepEqual(
      queue.items.map((i) => [i.code, i.status]),
      [[code, 1]],
    );
    const refusedNoReason = await act(receiver, code, { type: 'refuse', reason: ' ' }, 400);
    assert.ok(refusedNoReason);
    assert.equal((await act(receiver, code, { type: 'refuse', reason: 'Không thuộc thẩm quyền' })).status, 3);
    await act(receiver, code, { type: 'receive' }, 409);
  });

  it("records the applicant's online withdrawal request, offers it to the counter only, and the counter accepts it", async () => {
    advance('2026-03-20T10:00:00+07:00');
    const sent = await s.app.inject({
      method: 'POST',
      url: '/api/v1/portal/dossiers',
      headers: { authorization: `Bearer ${portalKey}`, 'idempotency-key': 'G22.99-260320-0002' },
      payload: { ...intake('040092067891'), agencyCode: center },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const { code } = sent.json<{ code: string }>();
    const offered = async (who: Signed) => (await read(who, code)).available;
    assert.ok((await offered(receiver)).includes('request_withdrawal'));
    assert.ok(!(await offered(leader)).includes('request_withdrawal'));
    await act(leader, code, { type: 'request_withdrawal', reason: 'Người nộp xin rút' }, 403);
    await act(receiver, code, { type: 'request_withdrawal', reason: ' ' }, 400);
    const asked = await act(receiver, code, {
      type: 'request_withdrawal',
      reason: 'Người nộp gửi yêu cầu rút qua Cổng Dịch vụ công quốc gia ngày 20/3',
    });
    // Recorded, nothing decided yet: the status stays, the portal hears of no status change.
    assert.equal(asked.status, 1);
    const log = (await read(receiver, code)).log;
    assert.deepEqual(
      log.map((e) => [e.type, e.toStatus]),
      [
        ['submit', 1],
        ['request_withdrawal', 1],
      ],
    );
    assert.equal(
      (await act(receiver, code, { type: 'withdraw', reason: 'Chấp nhận yêu cầu rút' })).status,
      7,
    );
    assert.deepEqual(await offered(receiver), []);
  });

  it('lets one of two simultaneous actions win; the other gets 409 and the log has no gap', async () => {
    advance('2026-03-23T08:00:00+07:00');
    const d = (await receiver.call('POST', '/api/v1/dossiers', intake('079301234567'))).json<{
      code: string;
      version: number;
    }>();
    const body = { type: 'forward', toStep: 'TD', expectedVersion: d.version };
    const [a, b] = await Promise.all([
      receiver.call('POST', `/api/v1/dossiers/${d.code}/actions`, body),
      receiver.call('POST', `/api/v1/dossiers/${d.code}/actions`, body),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    const loser = [a, b].find((r) => r.statusCode === 409);
    assert.equal(
      loser?.json<Problem>().title,
      'Hồ sơ vừa được người khác cập nhật; hãy tải lại rồi thao tác lại',
    );
    const log = (await read(receiver, d.code)).log.map((x) => x.seq);
    assert.deepEqual(log, [1, 2, 3]);
  });

  it('numbers 64 parallel intakes at one agency on one day consecutively', async () => {
    advance('2026-03-24T08:00:00+07:00');
    const results = await Promise.all(
      Array.from({ length: 64 }, () => receiver.call('POST', '/api/v1/dossiers', intake())),
    );
    assert.ok(
      results.every((r) => r.statusCode === 201),
      results.find((r) => r.statusCode !== 201)?.body,
    );
    const seqs = results.map((r) => Number(r.json<{ code: string }>().code.slice(-4))).sort((x, y) => x - y);
    assert.deepEqual(
      seqs,
      Array.from({ length: 64 }, (_, i) => i + 1),
    );
  });

  it('routes each intake by the configuration in force: a route change applies to the next one', async () => {
    advance('2026-03-25T08:00:00+07:00');
    const ministry = await signIn(s.app, 'botuphap.quantri', clock);
    assert.equal((await receiver.call('POST', '/api/v1/dossiers', intake())).statusCode, 201);
    const route = (mode: string) =>
      ministry.call('PUT', `/api/v1/procedures/${procedure}/routes/01`, { mode });
    assert.equal((await route('provincial')).statusCode, 204);
    const refused = await receiver.call('POST', '/api/v1/dossiers', intake());
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json<Problem>().type, /route-not-central/);
    assert.equal((await route('central')).statusCode, 204);
    assert.equal((await receiver.call('POST', '/api/v1/dossiers', intake())).statusCode, 201);
  });

  it('receives a counter dossier once when the same submission arrives twice', async () => {
    advance('2026-03-24T09:00:00+07:00');
    const send = (key: string) =>
      s.app.inject({
        method: 'POST',
        url: '/api/v1/dossiers',
        cookies: { motcua_session: receiver.cookie },
        headers: { 'x-csrf-token': receiver.csrf, 'idempotency-key': key },
        payload: intake(),
      });
    const [a, b] = await Promise.all([send('form-7f3a'), send('form-7f3a')]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 201]);
    assert.equal(a.json<{ code: string }>().code, b.json<{ code: string }>().code);
    const count = await s.db.database.db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('intake_key', '=', `counter:${center}:form-7f3a`)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
    const other = await send('form-9b21');
    assert.equal(other.statusCode, 201);
    assert.notEqual(other.json<{ code: string }>().code, a.json<{ code: string }>().code);
  });

  it('refuses bad intakes with field errors and writes nothing', async () => {
    const before = await s.db.database.db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await receiver.call('POST', '/api/v1/dossiers', {
      ...intake('12345'),
      eform: { TK: { soDinhDanh: 'x' } },
    });
    assert.equal(bad.statusCode, 400);
    const fields = (bad.json<Problem>().errors ?? []).map((e) => e.field);
    assert.ok(fields.includes('body.applicant.idNumber'), fields.join());
    assert.ok(fields.includes('body.eform.TK/hoTen'), fields.join());
    const incomplete = await receiver.call('POST', '/api/v1/dossiers', { ...intake(), components: [] });
    assert.equal(incomplete.statusCode, 400);
    assert.match(incomplete.json<Problem>().title, /Mẫu 02/);
    const unknown = await receiver.call('POST', '/api/v1/dossiers', {
      ...intake(),
      procedureCode: 'VD.000999',
    });
    assert.equal(unknown.statusCode, 400);
    // Nghệ An has no central route for this procedure: the dossier belongs to the province's system.
    // (A Hà Nội resident's request at the Nghệ An counter is received across boundaries for Hà Nội:
    // test/http/crossBoundary.test.ts.)
    const nghean = await signIn(s.app, 'nghean.motcua', clock);
    const vinh = await s.db.database.db
      .selectFrom('admin_unit')
      .select('code')
      .where('parent_code', '=', '40')
      .where('valid_to', 'is', null)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const local = intake('040092067890');
    const provincial = await nghean.call('POST', '/api/v1/dossiers', {
      ...local,
      applicant: { ...local.applicant, address: { communeCode: vinh.code, detail: 'Vinh' } },
    });
    assert.equal(provincial.statusCode, 409);
    assert.match(provincial.json<Problem>().detail ?? '', /hệ thống giải quyết thủ tục hành chính của tỉnh/);
    const afterCount = await s.db.database.db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  it('flags a dossier orphan the moment nobody can process it, and clears it on a grant', async () => {
    advance('2026-03-25T08:00:00+07:00');
    const d = (await receiver.call('POST', '/api/v1/dossiers', intake())).json<{ code: string }>();
    await act(receiver, d.code, { type: 'forward', toStep: 'TD' });
    const admin = await signIn(s.app, 'hanoi.quantri', clock);
    const orphans = async () =>
      (await admin.call('GET', '/api/v1/dossiers/orphans')).json<{
        items: { agency: { code: string }; role: string; count: number; codes: string[] }[];
      }>().items;
    assert.deepEqual(await orphans(), []);

    const me = (await processor.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const account = (await admin.call('GET', `/api/v1/accounts/${me}`)).json<{
      grants: { id: string; role: string; revokedAt: string | null }[];
    }>();
    const grant = account.grants.find((g) => g.role === 'processor' && g.revokedAt === null);
    assert.ok(grant);
    const revoked = await admin.call('DELETE', `/api/v1/accounts/${me}/grants/${grant.id}`);
    assert.ok([200, 204].includes(revoked.statusCode), revoked.body);
    const found = await orphans();
    assert.equal(found.length, 1);
    assert.equal(found[0]?.agency.code, center);
    assert.equal(found[0]?.role, 'processor');
    assert.ok(found[0]?.codes.includes(d.code));
    // Somebody else's orphan list stays empty: Nghệ An does not reach Hà Nội.
    const other = await signIn(s.app, 'nghean.quantri', clock);
    assert.deepEqual(
      (await other.call('GET', '/api/v1/dossiers/orphans')).json<{ items: unknown[] }>().items,
      [],
    );

    const regrant = await admin.call('POST', `/api/v1/accounts/${me}/grants`, {
      role: 'processor',
      agencyCode: center,
    });
    assert.equal(regrant.statusCode, 201, regrant.body);
    assert.deepEqual(await orphans(), []);
  });

  it("lets a leader's delegate approve only within the delegation's dates", async () => {
    advance('2026-03-26T08:00:00+07:00');
    // The orphan test's grant changes ended the processor's sessions.
    processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
    const d = (await receiver.call('POST', '/api/v1/dossiers', intake())).json<{ code: string }>();
    await act(receiver, d.code, { type: 'forward', toStep: 'TD' });
    await act(processor, d.code, { type: 'forward', toStep: 'PD' });
    // The processor is delegated the leader's role for 27–28 March only.
    const admin = await signIn(s.app, 'hanoi.quantri', clock);
    const leaderId = (await leader.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const processorId = (await processor.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const assignees = await leader.call('GET', `/api/v1/dossiers/assignees?agency=${center}`);
    assert.equal(assignees.statusCode, 200, assignees.body);
    assert.ok(assignees.json<{ items: { id: string }[] }>().items.some((a) => a.id === processorId));
    assert.equal(
      (await processor.call('GET', `/api/v1/dossiers/assignees?agency=${center}`)).statusCode,
      403,
    );
    const delegation = await admin.call('POST', `/api/v1/accounts/${processorId}/grants`, {
      role: 'leader',
      agencyCode: center,
      validFrom: '2026-03-27T00:00:00+07:00',
      validTo: '2026-03-29T00:00:00+07:00',
      delegatedBy: leaderId,
      reason: 'Lãnh đạo đi công tác',
    });
    assert.equal(delegation.statusCode, 201, delegation.body);
    const delegate = await signIn(s.app, 'hanoi.chuyenvien', clock);
    await act(delegate, d.code, { type: 'issue_result' }, 403);
    advance('2026-03-27T09:00:00+07:00');
    assert.equal((await act(delegate, d.code, { type: 'issue_result' })).status, 9);
    advance('2026-03-29T08:00:00+07:00');
    await act(delegate, d.code, { type: 'recall_result', reason: 'Sai tên' }, 403);
  });

  it('flags the dossiers a lapsed delegation leaves without anyone, on the next watch pass', async () => {
    // The previous test delegated the leader's role to the processor until 29 March 00:00. With
    // the centre's own leader revoked, only that delegation keeps the approval step staffed.
    advance('2026-03-28T08:00:00+07:00');
    const d = (await receiver.call('POST', '/api/v1/dossiers', intake())).json<{ code: string }>();
    processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
    await act(receiver, d.code, { type: 'forward', toStep: 'TD' });
    await act(processor, d.code, { type: 'forward', toStep: 'PD' });
    const admin = await signIn(s.app, 'hanoi.quantri', clock);
    const leaderId = (await leader.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const grants = (await admin.call('GET', `/api/v1/accounts/${leaderId}`)).json<{
      grants: { id: string; role: string; revokedAt: string | null }[];
    }>().grants;
    const own = grants.find((g) => g.role === 'leader' && g.revokedAt === null);
    assert.ok(own);
    assert.ok(
      [200, 204].includes(
        (await admin.call('DELETE', `/api/v1/accounts/${leaderId}/grants/${own.id}`)).statusCode,
      ),
    );
    const flagged = async () =>
      (
        await s.db.database.db
          .selectFrom('dossier')
          .select('orphan')
          .where('code', '=', d.code)
          .executeTakeFirstOrThrow()
      ).orphan;
    // The delegate still covers the leader's step until the delegation ends.
    assert.equal(await flagged(), false);
    const since = clock;
    advance('2026-03-29T00:01:00+07:00');
    const touched = await refreshOrphansSince(
      createAppContext(s.db.database.db, { now: () => clock }),
      since,
    );
    assert.ok(touched.includes(center));
    assert.equal(await flagged(), true);
  });

  it('lets a leader hand out the queue; others only take or put back their own', async () => {
    advance('2026-03-30T08:00:00+07:00');
    const admin = await signIn(s.app, 'hanoi.quantri', clock);
    // The previous test revoked the centre leader's role (which also ended his sessions): restore it.
    const leaderId = (
      await s.db.database.db
        .selectFrom('account')
        .select('id')
        .where('username', '=', 'hanoi.lanhdao')
        .executeTakeFirstOrThrow()
    ).id;
    const regrant = await admin.call('POST', `/api/v1/accounts/${leaderId}/grants`, {
      role: 'leader',
      agencyCode: center,
    });
    assert.equal(regrant.statusCode, 201, regrant.body);
    leader = await signIn(s.app, 'hanoi.lanhdao', clock);
    processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const d = (await receiver.call('POST', '/api/v1/dossiers', intake())).json<{ code: string }>();
      await act(receiver, d.code, { type: 'forward', toStep: 'TD' });
      codes.push(d.code);
    }
    const processorId = (await processor.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const receiverId = (await receiver.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const bulk = await leader.call('POST', '/api/v1/dossiers/assign', {
      codes: [...codes, 'X-NOT-A-CODE'],
      assigneeId: processorId,
    });
    assert.equal(bulk.statusCode, 200, bulk.body);
    assert.deepEqual(
      bulk.json<{ items: { code: string; ok: boolean }[] }>().items.map((i) => i.ok),
      [true, true, false],
    );
    // A receiver does not hold the appraisal step's role: refused per dossier.
    const wrong = await leader.call('POST', '/api/v1/dossiers/assign', {
      codes: [codes[0]],
      assigneeId: receiverId,
    });
    assert.equal(wrong.json<{ items: { ok: boolean }[] }>().items[0]?.ok, false);
    // The processor puts one back in the queue and takes it again; he cannot hand it to someone else.
    await act(processor, codes[0] as string, { type: 'assign', assigneeId: null });
    await act(processor, codes[0] as string, { type: 'assign', assigneeId: processorId });
    await act(processor, codes[1] as string, { type: 'assign', assigneeId: leaderId }, 400);
  });
});
