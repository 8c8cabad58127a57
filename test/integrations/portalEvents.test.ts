import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext } from '../../src/app/context.js';
import { checkStorage } from '../../src/app/documents/storageCheck.js';
import { DiskFileStore } from '../../src/app/files/fileStore.js';
import { issueSystemClientKey } from '../../src/app/integrations/apiClients.js';
import { releaseWaitingEvents } from '../../src/app/portalEvents/citizenEvents.js';
import { signedHeaders } from '../../src/integrations/http/signedCallback.js';
import { setFaults } from '../../src/integrations/simulator/faults.js';
import { demoIntake } from '../../fixtures/intake.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { actOn } from '../support/dossierFixtures.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import type { TestServer } from '../support/testServer.js';

const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
  'hex',
);
const waitMs = 400;

interface Sent {
  MaSuKien: string;
  SoThuTu: number;
  status: number;
  answer: { eventId: string; state: string; reason: string | null; repeated: boolean };
}
interface Detail {
  status: number;
  log: { type: string; actorKind: string }[];
  citizenEvents: {
    eventId: string;
    seq: number;
    kind: string;
    state: string;
    outcome: string | null;
    awaitsAnswer: boolean;
    logSeq: number | null;
    files: { component: string; name: string }[];
    text: string | null;
  }[];
  messages: { direction: string; channels: string[]; sender: string; body: string }[];
}

/**
 * What citizens do on the national portal reaches the dossier (issue 22, item 2): each event sent
 * by the portal simulator, with its API key and signature, duplicated and out of order, is applied
 * once and in the portal's order, shows in the dossier's log and events, and a forged one is refused.
 * The oracle is the issue's rule, not the code: n distinct events in, n rows, each effect once.
 */
describe('what citizens do on the national portal', () => {
  let s: TestServer;
  let code: string;
  let hub: TestHub;
  let base: string;
  let key: string;
  let close: () => Promise<void>;
  let receiver: Signed;
  let files: DiskFileStore;
  let filesDir: string;
  before(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'motcua-event-files-'));
    files = new DiskFileStore(filesDir);
    ({ s, code, hub, base, close, receiver } = await startWithHub(
      (h) => ({ paymentSecret: h.paymentSecret, portalEventSecret: h.portalEventSecret }),
      { portalEventWaitMs: waitMs, files },
    ));
    key = await issueSystemClientKey(createAppContext(s.db.database.db), 'Cổng DVCQG (thử)', [
      'dossiers.submit',
      'portal.events',
    ]);
    hub.portal.connect({ url: base, key });
  });
  after(async () => {
    await close();
    await rm(filesDir, { recursive: true, force: true });
  });

  const send = async (body: object): Promise<Sent[]> => {
    const r = await fetch(`${hub.portal.url}/_sim/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(r.status, 200, await r.clone().text());
    return ((await r.json()) as { sent: Sent[] }).sent;
  };
  const detail = async (c = code) =>
    (await receiver.call('GET', `/api/v1/dossiers/${c}`)).json<Detail & { version: number }>();
  const newDossier = async () => {
    const r = await receiver.call('POST', '/api/v1/dossiers', demoIntake());
    assert.equal(r.statusCode, 201, r.body);
    return r.json<{ code: string }>().code;
  };
  const inWorklist = async (c: string) =>
    (await receiver.call('GET', '/api/v1/dossiers?queue=citizen_requests&limit=100'))
      .json<{ items: { code: string }[] }>()
      .items.some((i) => i.code === c);
  /** Posts an event as the portal would, or as an attacker would with `opts`. */
  const post = (event: object, opts: { secret?: string; key?: string | null } = {}) => {
    const body = JSON.stringify(event);
    return fetch(`${base}/api/v1/portal/events`, {
      method: 'POST',
      headers: {
        ...signedHeaders(opts.secret ?? hub.portalEventSecret, body),
        ...(opts.key === null ? {} : { authorization: `Bearer ${opts.key ?? key}` }),
      },
      body,
    });
  };
  const now14 = () => '20261206120000';

  it('an online supplement and the message after it, each sent twice and in reverse: received once, in order, with the files', async () => {
    await actOn(receiver, code, { type: 'request_supplement', reason: 'Thiếu tờ khai', components: ['TK'] });
    assert.equal((await detail()).status, 5);
    const sent = await send({
      order: 'reverse',
      repeat: true,
      events: [
        {
          MaHoSo: code,
          LoaiSuKien: 'BoSung',
          NoiDung: {
            TepDinhKem: [{ MaThanhPhan: 'TK', TenTep: 'to-khai.png', NoiDungBase64: png.toString('base64') }],
          },
        },
        {
          MaHoSo: code,
          LoaiSuKien: 'TinNhan',
          NoiDung: { NguoiGui: 'Nguyễn Văn An', NoiDung: 'Tôi đã nộp bổ sung.' },
        },
      ],
    });
    assert.deepEqual(
      sent.map((x) => [x.SoThuTu, x.status, x.answer.state, x.answer.repeated]),
      [
        [2, 200, 'pending', false],
        [2, 200, 'pending', true],
        [1, 200, 'applied', false],
        [1, 200, 'applied', true],
      ],
    );
    const d = await detail();
    assert.equal(d.status, 4, 'the supplement was received: processing again, clock resumed');
    assert.deepEqual(
      d.citizenEvents.map((e) => [e.seq, e.kind, e.state, e.awaitsAnswer]),
      [
        [1, 'supplement', 'applied', false],
        [2, 'message', 'applied', true],
      ],
    );
    const entry = d.log.find((l) => l.type === 'receive_supplement');
    assert.equal(entry?.actorKind, 'client', 'the log names the portal as the source');
    assert.equal(d.log.filter((l) => l.type === 'receive_supplement').length, 1);
    assert.equal(d.citizenEvents[0]?.logSeq, d.log.indexOf(entry!) + 1);
    assert.deepEqual(d.citizenEvents[0]?.files, [{ component: 'TK', name: 'to-khai.png' }]);
    assert.deepEqual(
      d.messages.map((m) => [m.direction, m.channels, m.sender, m.body]),
      [['from_applicant', ['portal'], 'Nguyễn Văn An', 'Tôi đã nộp bổ sung.']],
    );
    const docs = await s.db.database.db
      .selectFrom('dossier_document as x')
      .innerJoin('dossier as d', 'd.id', 'x.dossier_id')
      .select(['x.sha256', 'x.uploaded_by'])
      .where('d.code', '=', code)
      .where('x.component_code', '=', 'TK')
      .execute();
    assert.deepEqual(docs, [{ sha256: createHash('sha256').update(png).digest('hex'), uploaded_by: null }]);
    assert.ok(await inWorklist(code), 'the message waits for an answer in the worklist');

    const message = d.citizenEvents[1]!;
    const handled = await receiver.call(
      'POST',
      `/api/v1/dossiers/${code}/citizen-events/${message.eventId}/handled`,
    );
    assert.equal(handled.statusCode, 200, handled.body);
    assert.equal(handled.json<{ awaitsAnswer: boolean }>().awaitsAnswer, false);
    assert.equal(await inWorklist(code), false);
    const twice = await receiver.call(
      'POST',
      `/api/v1/dossiers/${code}/citizen-events/${message.eventId}/handled`,
    );
    assert.equal(twice.statusCode, 404);
  });

  it('a supplement for a dossier not waiting for one is refused with the reason, and nothing of it stays', async () => {
    const [x] = await send({
      events: [
        {
          MaHoSo: code,
          LoaiSuKien: 'BoSung',
          NoiDung: {
            TepDinhKem: [
              {
                MaThanhPhan: 'TK',
                TenTep: 'lan-2.png',
                NoiDungBase64: Buffer.concat([png, Buffer.from([0])]).toString('base64'),
              },
            ],
          },
        },
      ],
    });
    assert.equal(x?.answer.state, 'refused');
    assert.match(x?.answer.reason ?? '', /không ở trạng thái chờ bổ sung/);
    const d = await detail();
    assert.equal(d.status, 4);
    assert.equal(d.citizenEvents.at(-1)?.state, 'refused');
    const docs = await s.db.database.db
      .selectFrom('dossier_document as x')
      .innerJoin('dossier as d', 'd.id', 'x.dossier_id')
      .select('x.version')
      .where('d.code', '=', code)
      .execute();
    assert.equal(docs.length, 1, 'no document version added by the refused event');
    const storage = await checkStorage(createAppContext(s.db.database.db), files);
    assert.equal(storage.filesWithoutRecords.count, 0, 'the refused event still holds its file');
    // …and an official opens it from the event; an official elsewhere cannot learn it exists.
    const refused = d.citizenEvents.at(-1)!;
    const opened = await receiver.call(
      'GET',
      `/api/v1/dossiers/${code}/citizen-events/${refused.eventId}/files/0`,
    );
    assert.equal(opened.statusCode, 200);
    assert.deepEqual(opened.rawPayload, Buffer.concat([png, Buffer.from([0])]));
    assert.equal(opened.headers['content-type'], 'image/png');
    const outsider = await signIn(s.app, 'nghean.motcua');
    const hidden = await outsider.call(
      'GET',
      `/api/v1/dossiers/${code}/citizen-events/${refused.eventId}/files/0`,
    );
    assert.equal(hidden.statusCode, 404);
    assert.equal(
      (await receiver.call('GET', `/api/v1/dossiers/${code}/citizen-events/${refused.eventId}/files/1`))
        .statusCode,
      404,
    );
  });

  it('a withdrawal request waits for an official; accepting it withdraws the dossier (status 7)', async () => {
    const c = await newDossier();
    const [x] = await send({
      events: [{ MaHoSo: c, LoaiSuKien: 'RutHoSo', NoiDung: { LyDo: 'Đã nộp nhầm thủ tục' } }],
    });
    assert.equal(x?.answer.state, 'applied');
    const d = await detail(c);
    assert.equal(d.log.at(-1)?.type, 'request_withdrawal');
    assert.equal(d.log.at(-1)?.actorKind, 'client');
    assert.equal(d.status, 2, 'a request, not yet the decision');
    assert.ok(await inWorklist(c));
    await actOn(receiver, c, { type: 'withdraw', reason: 'Theo yêu cầu của công dân trên Cổng' });
    const after = await detail(c);
    assert.equal(after.status, 7);
    assert.equal(after.citizenEvents[0]?.awaitsAnswer, false);
    assert.equal(await inWorklist(c), false);
  });

  it("paid on the portal's payment platform: processing resumes once, with the receipt; a repeat and a second report change nothing", async () => {
    const c = await newDossier();
    await actOn(receiver, c, { type: 'forward', toStep: 'TD' });
    await actOn(receiver, c, { type: 'request_payment', amount: 120_000 });
    await hub.drain(hub.dispatcher());
    const [p] = (await receiver.call('GET', `/api/v1/dossiers/${c}/payments`)).json<{
      items: { payUrl: string }[];
    }>().items;
    const ref = p!.payUrl.split('/').at(-1)!;
    const pay = {
      MaHoSo: c,
      LoaiSuKien: 'ThanhToan',
      NoiDung: { MaThanhToan: ref, SoTien: 120_000, MaBienLai: 'BL-DVCQG-7' },
    };
    await setFaults(hub.portal.url, { duplicateCallbacks: true });
    const sent = await send({ events: [pay, pay] });
    await setFaults(hub.portal.url, {});
    assert.deepEqual(
      sent.map((x) => [x.SoThuTu, x.answer.state, x.answer.repeated, x.answer.reason]),
      [
        [1, 'applied', false, null],
        [1, 'applied', true, null],
        [2, 'applied', false, 'Khoản thu đã được ghi nhận trước đó'],
        [2, 'applied', true, 'Khoản thu đã được ghi nhận trước đó'],
      ],
    );
    const d = await detail(c);
    assert.equal(d.status, 4);
    assert.equal(d.log.filter((l) => l.type === 'record_payment').length, 1);
    const [settled] = (await receiver.call('GET', `/api/v1/dossiers/${c}/payments`)).json<{
      items: { status: string; receiptNo: string }[];
    }>().items;
    assert.deepEqual([settled?.status, settled?.receiptNo], ['paid', 'BL-DVCQG-7']);

    // Another dossier's payment, named in this dossier's event: not found, refused.
    const other = await newDossier();
    const [y] = await send({ events: [{ ...pay, MaHoSo: other }] });
    assert.equal(y?.answer.state, 'refused');
  });

  it('a rating: refused on an unfinished dossier, kept once it is finished', async () => {
    const c = await newDossier();
    const rating = { MaHoSo: c, LoaiSuKien: 'DanhGia', NoiDung: { MucDoHaiLong: 4, GopY: 'Nhanh, chu đáo' } };
    const [early] = await send({ events: [rating] });
    assert.equal(early?.answer.state, 'refused');
    assert.match(early?.answer.reason ?? '', /chưa giải quyết xong/);
    await actOn(receiver, c, { type: 'forward', toStep: 'TD' });
    await actOn(await signIn(s.app, 'hanoi.chuyenvien'), c, { type: 'forward', toStep: 'PD' });
    await actOn(await signIn(s.app, 'hanoi.lanhdao'), c, { type: 'issue_result' });
    const [later] = await send({ events: [rating] });
    assert.equal(later?.answer.state, 'applied');
    const kept = await s.db.database.db
      .selectFrom('dossier_rating as r')
      .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
      .select(['r.level', 'r.comment'])
      .where('d.code', '=', c)
      .execute();
    assert.deepEqual(kept, [{ level: 'very_satisfied', comment: 'Nhanh, chu đáo' }]);
  });

  it('an event whose predecessor never comes is applied after the wait, and the late one after it', async () => {
    const c = await newDossier();
    const message = (seq: number, text: string) => ({
      MaHoSo: c,
      SoThuTu: seq,
      LoaiSuKien: 'TinNhan',
      NoiDung: { NguoiGui: 'Trần Thị Bình', NoiDung: text },
    });
    const [x] = await send({ events: [message(2, 'thứ hai')] });
    assert.equal(x?.answer.state, 'pending');
    assert.equal(await releaseWaitingEvents(createAppContext(s.db.database.db), waitMs), 0, 'not yet');
    await new Promise((r) => setTimeout(r, waitMs + 50));
    assert.equal(await releaseWaitingEvents(createAppContext(s.db.database.db), waitMs), 1);
    let d = await detail(c);
    assert.equal(d.citizenEvents[0]?.state, 'applied');
    assert.match(d.citizenEvents[0]?.outcome ?? '', /số 1 không đến/);
    const [late] = await send({ events: [message(1, 'thứ nhất')] });
    assert.equal(late?.answer.state, 'applied');
    d = await detail(c);
    assert.deepEqual(
      d.messages.map((m) => m.body),
      ['thứ hai', 'thứ nhất'],
    );
    assert.match(d.citizenEvents[0]?.outcome ?? '', /Đến sau/);
  });

  it('refuses a forged, unauthenticated, out-of-scope, conflicting or malformed event, recording nothing', async () => {
    const count = async () =>
      Number(
        (
          await s.db.database.db
            .selectFrom('portal_event')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const event = {
      MaSuKien: `SK-${randomUUID()}`,
      MaHoSo: code,
      SoThuTu: 50,
      ThoiDiem: now14(),
      LoaiSuKien: 'TinNhan',
      NoiDung: { NguoiGui: 'Kẻ giả mạo', NoiDung: 'xin chào' },
    };
    const forged = await post(event, { secret: 'not-the-portal-secret-012345' });
    assert.equal(forged.status, 401);
    assert.equal(forged.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal((await post(event, { key: null })).status, 401, 'no API key');
    const narrow = await issueSystemClientKey(createAppContext(s.db.database.db), 'Cổng khác (thử)', [
      'dossiers.submit',
    ]);
    assert.equal((await post(event, { key: narrow })).status, 403, 'a key without the scope');
    assert.equal((await post({ ...event, LoaiSuKien: 'XoaHoSo' })).status, 400);
    assert.equal((await post({ ...event, MaHoSo: 'KHONG-CO' })).status, 404);
    const nul = await post({ ...event, NoiDung: { NguoiGui: 'A', NoiDung: 'x\u0000y' } });
    assert.equal(nul.status, 400);
    const exe = await post({
      ...event,
      LoaiSuKien: 'BoSung',
      NoiDung: {
        TepDinhKem: [
          {
            MaThanhPhan: 'TK',
            TenTep: 'a.exe',
            NoiDungBase64: Buffer.from('MZ\x90\x00rest').toString('base64'),
          },
        ],
      },
    });
    assert.equal(exe.status, 415, await exe.text());
    assert.equal(await count(), before, 'nothing recorded');

    assert.equal((await post(event)).status, 200);
    const changed = await post({ ...event, NoiDung: { NguoiGui: 'Kẻ giả mạo', NoiDung: 'nội dung khác' } });
    assert.equal(changed.status, 409, 'the same event id with other content');
    const sameSeq = await post({ ...event, MaSuKien: `SK-${randomUUID()}` });
    assert.equal(sameSeq.status, 409, 'another event under a number already used');
    assert.equal(await count(), before + 1);
  });
});
