import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoIntake } from '../../fixtures/intake.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { actOn, startWithDossier } from '../support/dossierFixtures.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';

type Sms = { to: string; text: string; encoding: string; parts: number; brandname?: string };

/**
 * What the applicant is told (issue 22 §3): a notice at every event they must learn of, in the
 * words the ministry set for the procedure or the province overrode them with, from the province's
 * brandname; and messages an official writes them. The rules are the issue's: the ministry
 * administers its procedures' words, a province only its own override, nobody else either.
 */
describe(`notice words and messages to the applicant (${testEngine})`, () => {
  let s: TestServer;
  let receiver: Signed;
  let code = '';
  const clock = new Date('2026-03-02T08:00:00+07:00');

  before(async () => {
    ({ s, receiver, code } = await startWithDossier(
      { publicUrl: 'https://motcua.gov.vn', loginPerMinute: 1000 },
      clock,
    ));
  });
  after(() => s.close());

  const sms = async (c: string, kind?: string): Promise<Sms[]> =>
    (
      await s.db.database.db
        .selectFrom('outbox_message as o')
        .innerJoin('dossier as d', 'd.id', 'o.dossier_id')
        .select(['o.payload', 'o.kind'])
        .where('d.code', '=', c)
        .where('o.destination', '=', 'sms')
        .orderBy('o.position')
        .execute()
    )
      .filter((r) => kind === undefined || r.kind === kind)
      .map((r) => r.payload as Sms);
  const intake = async () => {
    const r = await receiver.call('POST', '/api/v1/dossiers', demoIntake());
    assert.equal(r.statusCode, 201, r.body);
    return r.json<{ code: string }>().code;
  };
  const save = (who: Signed, event: string, body: object) =>
    who.call('PUT', `/api/v1/procedures/VD.000005/notice-templates/${event}`, body);

  it('tells the applicant of a refusal with its reason, a payment request with its amount, a stop, a withdrawal', async () => {
    const refused = await intake();
    await actOn(receiver, refused, { type: 'refuse', reason: 'Hồ sơ không thuộc thẩm quyền.' });
    const [r] = await sms(refused, 'applicant.refused');
    assert.match(r?.text ?? '', /khong duoc tiep nhan, giai quyet\. Ly do: Ho so khong thuoc tham quyen\./);
    assert.equal(r?.encoding, 'gsm7');

    const paying = await intake();
    await actOn(receiver, paying, { type: 'forward', toStep: 'TD' });
    await actOn(receiver, paying, { type: 'request_payment', amount: 200_000 });
    assert.match((await sms(paying, 'applicant.payment'))[0]?.text ?? '', /200\.000 dong/);

    const stopped = await intake();
    await actOn(receiver, stopped, { type: 'forward', toStep: 'TD' });
    await actOn(await signIn(s.app, 'hanoi.lanhdao', clock), stopped, {
      type: 'stop',
      reason: 'Người nộp đã mất',
    });
    assert.equal((await sms(stopped, 'applicant.stopped')).length, 1);

    const withdrawn = await intake();
    await actOn(receiver, withdrawn, { type: 'withdraw', reason: 'Theo đơn của người nộp' });
    assert.match((await sms(withdrawn, 'applicant.withdrawn'))[0]?.text ?? '', /da duoc rut/);
  });

  it("the ministry's words, then a province's override, each a new version; others refused", async () => {
    const ministry = await signIn(s.app, 'botuphap.quantri', clock);
    const hanoi = await signIn(s.app, 'hanoi.quantri', clock);
    const nghean = await signIn(s.app, 'nghean.quantri', clock);
    const text = 'Bo Tu phap: ho so {ma_ho_so} ({thu_tuc}) da nhan, hen {han_tra}.';
    const saved = await save(ministry, 'received', { text, subject: 'Đã nhận hồ sơ {ma_ho_so}' });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json<{ version: number }>().version, 1);
    const c1 = await intake();
    assert.match(
      (await sms(c1, 'applicant.received'))[0]?.text ?? '',
      /^Bo Tu phap: ho so .* \(Cap Phieu ly lich tu phap/,
    );

    assert.equal(
      (await save(hanoi, 'received', { text, subject: 's' })).statusCode,
      403,
      'a province edits only its override',
    );
    const override = await save(hanoi, 'received', {
      text: 'Ha Noi: da tiep nhan {ma_ho_so}.',
      subject: 'Hà Nội đã nhận {ma_ho_so}',
      provinceCode: '01',
    });
    assert.equal(override.statusCode, 200, override.body);
    const other = await save(nghean, 'received', { text: 'x {ma_ho_so}', subject: 'x', provinceCode: '01' });
    assert.equal(other.statusCode, 403, "another province's administrator");
    const processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
    assert.equal(
      (await save(processor, 'received', { text: 'x', subject: 'x', provinceCode: '01' })).statusCode,
      403,
    );
    const c2 = await intake();
    assert.match((await sms(c2, 'applicant.received'))[0]?.text ?? '', /^Ha Noi: da tiep nhan /);

    const again = await save(ministry, 'received', { text: `${text} Cam on.`, subject: 'Đã nhận' });
    assert.equal(again.json<{ version: number }>().version, 2);
    const view = (await hanoi.call('GET', '/api/v1/procedures/VD.000005/notice-templates?province=01')).json<{
      events: { event: string; source: string; inForce: { text: string }; ministry: { version: number }[] }[];
      canEditMinistry: boolean;
      canEditProvince: boolean;
    }>();
    const received = view.events.find((e) => e.event === 'received');
    assert.equal(received?.source, 'province');
    assert.deepEqual(
      received?.ministry.map((v) => v.version),
      [2, 1],
    );
    assert.deepEqual([view.canEditMinistry, view.canEditProvince], [false, true]);
    assert.equal(view.events.find((e) => e.event === 'refused')?.source, 'default');
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'notice_template.saved')
      .execute();
    assert.equal(audit.length, 3);
  });

  it('refuses an unknown placeholder or words whose SMS could run past two parts, saving nothing', async () => {
    const ministry = await signIn(s.app, 'botuphap.quantri', clock);
    const bad = await save(ministry, 'refused', { text: 'Hồ sơ {ma_hoso} bị từ chối', subject: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json<{ errors: { field: string; message: string }[] }>().errors, [
      { field: 'body.text', message: 'Không có trường thay thế {ma_hoso}' },
    ]);
    const long = await save(ministry, 'refused', {
      text: `{ly_do} {ly_do} {ly_do} {thu_tuc} ${'chữ '.repeat(20)}`,
      subject: 'x',
    });
    assert.equal(long.statusCode, 400);
    assert.match(long.json<{ errors: { message: string }[] }>().errors[0]?.message ?? '', /tối đa 2 phần/);
    const none = await s.db.database.db
      .selectFrom('notice_template')
      .select('id')
      .where('event', '=', 'refused')
      .execute();
    assert.equal(none.length, 0);
  });

  it("sends from the province's brandname once it set one", async () => {
    const hanoi = await signIn(s.app, 'hanoi.quantri', clock);
    assert.equal(
      (await hanoi.call('PUT', '/api/v1/provinces/01/sms-brandname', { brandname: 'UBND HANOI' })).statusCode,
      200,
    );
    assert.equal(
      (await hanoi.call('PUT', '/api/v1/provinces/01/sms-brandname', { brandname: 'Hà Nội' })).statusCode,
      400,
    );
    assert.equal(
      (await hanoi.call('PUT', '/api/v1/provinces/40/sms-brandname', { brandname: 'NGHEAN' })).statusCode,
      403,
    );
    const c = await intake();
    assert.equal((await sms(c, 'applicant.received'))[0]?.brandname, 'UBND HANOI');
  });

  it('an official writes to the applicant: kept in the dossier, sent by SMS, a monitor may not', async () => {
    const sent = await receiver.call('POST', `/api/v1/dossiers/${code}/messages`, {
      body: 'Đề nghị ông/bà mang bản chính CCCD khi nhận kết quả.',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    assert.deepEqual(sent.json<{ channels: string[] }>().channels, ['portal', 'sms']);
    const d = (await receiver.call('GET', `/api/v1/dossiers/${code}`)).json<{
      messages: { direction: string; body: string; sender: string }[];
    }>();
    assert.deepEqual(
      d.messages.map((m) => [m.direction, m.body]),
      [['to_applicant', 'Đề nghị ông/bà mang bản chính CCCD khi nhận kết quả.']],
    );
    const [m] = await sms(code, 'applicant.message');
    assert.equal(m?.text, `Ho so ${code}: De nghi ong/ba mang ban chinh CCCD khi nhan ket qua.`);
    const monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    const refused = await monitor.call('POST', `/api/v1/dossiers/${code}/messages`, { body: 'x' });
    assert.equal(refused.statusCode, 403);
    const outsider = await signIn(s.app, 'nghean.motcua', clock);
    assert.equal(
      (await outsider.call('POST', `/api/v1/dossiers/${code}/messages`, { body: 'x' })).statusCode,
      404,
    );
  });
});
