import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FeedbackItem, FeedbackReceipt, FeedbackSummaryRow } from '../../src/contracts/feedback.js';
import { hanoiCenter } from '../../fixtures/intake.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

describe('feedback and difficulty reports (phản ánh, kiến nghị)', () => {
  // Monday 2 March 2026, 08:30: ten working days of 8 hours end on Monday 16 March, 08:30.
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  let dossier: string;
  let citizenCode: string;
  let leader: Signed;
  let nghean: Signed;
  const at = (iso: string) => clock.setTime(new Date(iso).getTime());
  const count = async () =>
    Number(
      (
        await s.db.database.db
          .selectFrom('feedback')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const list = async (who: Signed, q = '') => {
    const res = await who.call('GET', `/api/v1/feedback${q}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ items: FeedbackItem[] }>().items;
  };
  const act = (who: Signed, code: string, body: Record<string, unknown>) =>
    who.call('POST', `/api/v1/feedback/${code}/actions`, body);

  before(async () => {
    ({ s, code: dossier } = await startWithDossier(
      { loginPerMinute: 100, publicLookupsPerMinute: 1000 },
      clock,
    ));
    leader = await signIn(s.app, 'hanoi.lanhdao', clock);
    nghean = await signIn(s.app, 'nghean.giamsat', clock);
  });
  after(() => s.close());

  it("takes a citizen's feedback on their dossier, due in 10 working days, and refuses bad input whole", async () => {
    const post = (verify: string, body: unknown) =>
      s.app.inject({
        method: 'POST',
        url: `/api/v1/public/dossiers/${dossier}/feedback?verify=${verify}`,
        payload: body as object,
      });
    const bad = await post('2345', { category: 'nonsense', content: 'Chậm quá' });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /problem\+json/);
    assert.equal(bad.json<{ title: string }>().title, 'Dữ liệu gửi lên không hợp lệ');
    assert.equal((await post('9999', { category: 'slow', content: 'Chậm quá' })).statusCode, 404);
    assert.equal(await count(), 0, 'nothing written');

    const res = await post('2345', {
      category: 'slow',
      content: 'Đã quá hẹn mà chưa có kết quả',
      contact: '0912345678',
    });
    assert.equal(res.statusCode, 201, res.body);
    const receipt = res.json<FeedbackReceipt>();
    assert.match(receipt.code, /^PA-2026-\d{6}$/);
    assert.equal(receipt.dueAt, new Date('2026-03-16T08:30:00+07:00').toISOString());
    citizenCode = receipt.code;
  });

  it('shows it to the agency that received the dossier and to no other province', async () => {
    const mine = await list(leader);
    assert.deepEqual(
      mine.map((f) => [f.code, f.kind, f.status, f.agency.code, f.dossierCode, f.reporter.name]),
      [[citizenCode, 'citizen', 'new', hanoiCenter, dossier, 'Nguyễn Thị Mai']],
    );
    assert.deepEqual(await list(nghean), []);
    assert.equal((await nghean.call('GET', `/api/v1/feedback/${citizenCode}`)).statusCode, 404);
    const read = await leader.call('GET', `/api/v1/feedback/${citizenCode}`);
    assert.equal(read.statusCode, 200);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', citizenCode)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['feedback.submit', 'feedback.read'],
    );
  });

  it('is assigned by a leader, answered by the assignee once, and guards stale versions', async () => {
    const receiver = await signIn(s.app, 'hanoi.motcua', clock);
    const processor = await signIn(s.app, 'hanoi.chuyenvien', clock);
    const people = (await leader.call('GET', `/api/v1/feedback/${citizenCode}/assignees`)).json<{
      items: { id: string; name: string }[];
    }>().items;
    const me = (await processor.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    assert.ok(people.some((p) => p.id === me));
    assert.equal((await receiver.call('GET', `/api/v1/feedback/${citizenCode}/assignees`)).statusCode, 403);
    assert.equal(
      (await act(receiver, citizenCode, { type: 'assign', assigneeId: me, expectedVersion: 1 })).statusCode,
      403,
      'a receiver does not assign',
    );
    assert.equal(
      (await act(nghean, citizenCode, { type: 'assign', assigneeId: me, expectedVersion: 1 })).statusCode,
      404,
      'another province cannot even see it',
    );
    const outsider = (await nghean.call('GET', '/api/v1/me')).json<{ id: string }>().id;
    const wrong = await act(leader, citizenCode, {
      type: 'assign',
      assigneeId: outsider,
      expectedVersion: 1,
    });
    assert.equal(wrong.statusCode, 400, 'only an official of the agency');
    const assigned = await act(leader, citizenCode, { type: 'assign', assigneeId: me, expectedVersion: 1 });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json<FeedbackItem>().status, 'assigned');
    const stale = await act(processor, citizenCode, { type: 'answer', answer: 'Đã trả', expectedVersion: 1 });
    assert.equal(stale.statusCode, 409);
    at('2026-03-10T10:00:00+07:00');
    const answered = await act(processor, citizenCode, {
      type: 'answer',
      answer: 'Hồ sơ đã có kết quả, mời ông/bà đến nhận ngày 11/3.',
      expectedVersion: 2,
    });
    assert.equal(answered.statusCode, 200, answered.body);
    assert.equal(answered.json<FeedbackItem>().status, 'answered');
    assert.equal(answered.json<FeedbackItem>().late, false);
    const again = await act(leader, citizenCode, { type: 'answer', answer: 'Lần nữa', expectedVersion: 3 });
    assert.equal(again.statusCode, 409, 'an answer is final');
  });

  it("sends a commune's difficulty to its province centre, and a ministry's to the Government Office, once per key", async () => {
    const communeUser = await s.db.database.db
      .selectFrom('account')
      .select('username')
      .where('agency_code', 'like', '%.51.H01')
      .where('username', 'like', '%.motcua')
      .orderBy('username')
      .executeTakeFirstOrThrow();
    const commune = await signIn(s.app, communeUser.username, clock);
    const body = {
      category: 'accounts',
      subject: 'Chưa có tài khoản lãnh đạo xã',
      content: 'Xã chưa được cấp tài khoản lãnh đạo để phê duyệt.',
    };
    const first = await commune.call('POST', '/api/v1/feedback', body, { 'idempotency-key': 'k-1' });
    assert.equal(first.statusCode, 201, first.body);
    const again = await commune.call('POST', '/api/v1/feedback', body, { 'idempotency-key': 'k-1' });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json<FeedbackReceipt>().code, first.json<FeedbackReceipt>().code);
    const code = first.json<FeedbackReceipt>().code;

    const hanoi = await signIn(s.app, 'hanoi.giamsat', clock);
    const seen = await list(hanoi, '?kind=difficulty');
    assert.deepEqual(
      seen.map((f) => [f.code, f.agency.code, f.reporter.agency?.code.endsWith('.H01')]),
      [[code, hanoiCenter, true]],
    );
    assert.deepEqual(await list(nghean, '?kind=difficulty'), []);
    // The commune official sees what they reported, though it is addressed to the province.
    assert.deepEqual(
      (await list(commune, '?kind=difficulty')).map((f) => f.code),
      [code],
    );

    const ministry = await signIn(s.app, 'botuphap.quantri', clock);
    const central = await ministry.call('POST', '/api/v1/feedback', { ...body, category: 'catalog' });
    assert.equal(central.statusCode, 201, central.body);
    const nation = await signIn(s.app, 'vpcp.giamsat', clock);
    const national = await list(nation, '?kind=difficulty');
    assert.equal(
      national.find((f) => f.code === central.json<FeedbackReceipt>().code)?.agency.code,
      '000.00.00.G17',
    );
    assert.equal((await list(hanoi, '?kind=difficulty')).length, 1, 'not the ministry’s');

    at('2026-03-25T09:00:00+07:00');
    const late = await list(hanoi, '?late=true');
    assert.deepEqual(
      late.map((f) => f.code),
      [code],
      'open past its due; the answered one is not',
    );
    assert.equal(late[0]?.late, true);
  });

  it('sums the month by kind and category', async () => {
    const hanoi = await signIn(s.app, 'hanoi.giamsat', clock);
    const res = await hanoi.call('GET', '/api/v1/feedback/summary?from=2026-03-01&to=2026-03-31');
    assert.equal(res.statusCode, 200, res.body);
    const rows = res.json<{ items: FeedbackSummaryRow[] }>().items;
    assert.deepEqual(
      rows.map((r) => [r.kind, r.category, r.received, r.answered, r.answeredLate, r.open, r.openLate]),
      [
        ['citizen', 'slow', 1, 1, 0, 0, 0],
        ['difficulty', 'accounts', 1, 0, 0, 1, 1],
      ],
    );
    assert.equal(rows[0]?.categoryName, 'Chậm giải quyết, trễ hẹn');
  });

  it('refuses officials’ routes without a session', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/feedback' });
    assert.equal(res.statusCode, 401);
  });
});
