import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { reconcilePortalDay } from '../../src/app/integrations/portalReconciliation.js';
import { LinkKeys } from '../../src/integrations/http/linkKeys.js';
import { rotateLinkKey } from '../../src/app/links/rotateLinkKey.js';
import { LocalCertificateAuthority } from '../../src/app/signing/localCertificateAuthority.js';
import type { PortalDossier } from '../../src/integrations/dvcqg/portalMessage.js';
import type { Dispatcher } from '../../src/integrations/outbox/dispatcher.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { actOn } from '../support/dossierFixtures.js';
import { startWithHub, type TestHub } from '../support/integrationFixtures.js';
import { multipart } from '../support/multipart.js';
import { waitForDrain } from '../support/portalStream.js';
import type { TestServer } from '../support/testServer.js';

const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
  'hex',
);

/**
 * Every change the national portal shows reaches it (issue 22, item 1), with a dispatcher running
 * as in production: after each change the portal simulator holds the new value within a second,
 * its versions only ever increase, and the document and result links it was given open without a
 * session, until they expire, across a key rotation, and not when tampered with.
 */
describe('every change the national portal shows reaches it', () => {
  let s: TestServer;
  let code: string;
  let hub: TestHub;
  let close: () => Promise<void>;
  let dispatcher: Dispatcher;
  let receiver: Signed;
  let processor: Signed;
  let leader: Signed;
  let pki: string;
  before(async () => {
    pki = await mkdtemp(join(tmpdir(), 'motcua-pki-'));
    const signer = await LocalCertificateAuthority.open(pki, { now: new Date('2025-01-01') });
    ({ s, code, hub, close, receiver } = await startWithHub((h) => ({ paymentSecret: h.paymentSecret }), {
      signer,
    }));
    processor = await signIn(s.app, 'hanoi.chuyenvien');
    leader = await signIn(s.app, 'hanoi.lanhdao');
    dispatcher = hub.dispatcher();
    await dispatcher.start();
  });
  after(async () => {
    await dispatcher.stop();
    await close();
    await rm(pki, { recursive: true, force: true });
  });

  /** Waits (at most a second) until the portal's copy satisfies `holds`; its versions never went back. */
  const portalHolds = async (label: string, holds: (p: PortalDossier) => boolean): Promise<PortalDossier> => {
    const started = Date.now();
    for (;;) {
      const copies = hub.portal.state.dossiers.get(code);
      const copy = copies?.[0];
      if (copy && holds(copy.record)) {
        assert.equal(copies.length, 1, 'one copy');
        assert.deepEqual(
          copy.versions,
          [...copy.versions].sort((a, b) => a - b),
          'versions only increase',
        );
        assert.equal(hub.portal.state.staleUpdates, 0, 'never an older state after a newer one');
        return copy.record;
      }
      assert.ok(Date.now() - started < 1_000, `${label}: not at the portal within a second`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const history = () => [...(hub.portal.state.history.get(code)?.values() ?? [])];
  /** Opens a link the portal was given, as a citizen's browser would: no cookie, no token. */
  const open = (link: string) => {
    const u = new URL(link);
    return s.app.inject({ method: 'GET', url: `${u.pathname}${u.search}` });
  };
  const dossier = async () =>
    (await receiver.call('GET', `/api/v1/dossiers/${code}`)).json<{ status: number; dueAt: string }>();

  it('a document added: its component, digitization state and a link that opens without a session', async () => {
    const body = multipart('to-khai.png', png);
    const up = await receiver.call(
      'POST',
      `/api/v1/dossiers/${code}/documents?component=TK&digitization=1`,
      body.payload,
      { 'content-type': body.contentType },
    );
    assert.equal(up.statusCode, 201, up.body);
    const p = await portalHolds('document', (x) => x.TaiLieuNop.some((d) => d.MaThanhPhan === 'TK'));
    const doc = p.TaiLieuNop.find((d) => d.MaThanhPhan === 'TK')!;
    assert.equal(doc.DaSoHoa, 1);
    assert.equal(doc.TaiSuDung, 0);
    assert.equal(p.CoSoHoa, 1);
    const res = await open(doc.DuongDanTaiLieu);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.rawPayload, png);
    const read = await s.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_kind'])
      .where('action', '=', 'document.read_signed_link')
      .execute();
    assert.deepEqual(read, [{ action: 'document.read_signed_link', actor_kind: 'anonymous' }]);
  });

  it('refuses a link without its signature, tampered with, moved to another file, or expired', async () => {
    const link = new URL(hub.portal.state.dossiers.get(code)![0]!.record.TaiLieuNop[0]!.DuongDanTaiLieu);
    const type = async (url: string) => {
      const r = await s.app.inject({ method: 'GET', url });
      return [r.statusCode, r.json<{ type: string }>().type.split('/').at(-1)];
    };
    assert.deepEqual(await type(link.pathname), [403, 'link-invalid']);
    const tampered = new URLSearchParams(link.search);
    tampered.set('e', String(Number(tampered.get('e')) + 86_400));
    assert.deepEqual(await type(`${link.pathname}?${tampered}`), [403, 'link-invalid']);
    const other = link.pathname.replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000000');
    assert.deepEqual(await type(`${other}${link.search}`), [403, 'link-invalid']);
    const expired = (await new LinkKeys(s.db.database.db, -60_000).signer(new Date()))(link.pathname);
    assert.deepEqual(await type(expired), [403, 'link-expired']);
  });

  it('a link signed before a key rotation still opens; links signed after use the new key', async () => {
    const before = hub.portal.state.dossiers.get(code)![0]!.record.TaiLieuNop[0]!.DuongDanTaiLieu;
    const newKey = await rotateLinkKey(s.db.database.db, new Date());
    assert.equal((await open(before)).statusCode, 200, 'the old link within its validity');
    const path = new URL(before).pathname;
    const after = (await new LinkKeys(s.db.database.db).signer(new Date()))(path);
    assert.equal(new URLSearchParams(after.split('?')[1]).get('k'), newKey);
    assert.equal((await s.app.inject({ method: 'GET', url: after })).statusCode, 200, 'a new key, at once');
  });

  it('a hand-over between steps: the status and a process-history entry', async () => {
    const entries = history().length;
    await actOn(receiver, code, { type: 'forward', toStep: 'TD' });
    // The dossier first, then its new history entry: both there.
    await portalHolds('hand-over', (x) => x.TrangThaiHoSo === 4 && history().length === entries + 1);
    assert.equal(history().at(-1)!.TrangThai, 4);
  });

  it('a supplement request and its receipt: which papers, why, the due time before and after', async () => {
    const dueBefore = (await portalHolds('due', (x) => x.NgayHenTra !== '')).NgayHenTra;
    await actOn(processor, code, {
      type: 'request_supplement',
      reason: 'Thiếu bản sao CCCD',
      components: ['TK'],
    });
    const asked = await portalHolds('supplement request', (x) => x.BoSung.length === 1);
    assert.equal(asked.TrangThaiHoSo, 5);
    assert.equal(asked.BoSung[0]!.NoiDungYeuCau, 'Thiếu bản sao CCCD');
    assert.deepEqual(asked.BoSung[0]!.ThanhPhanBoSung, ['TK']);
    assert.equal(asked.BoSung[0]!.HanXuLyTruoc, dueBefore);
    assert.equal(asked.BoSung[0]!.NgayNhanBoSung, '');
    await new Promise((r) => setTimeout(r, 1_100));
    await actOn(receiver, code, { type: 'receive_supplement' });
    const got = await portalHolds('supplement received', (x) => x.BoSung[0]?.NgayNhanBoSung !== '');
    assert.match(got.BoSung[0]!.HanXuLySau, /^\d{14}$/);
    assert.equal(got.NgayHenTra, got.BoSung[0]!.HanXuLySau, 'the new due time is the dossier due time');
  });

  it('an approved extension: the new due time', async () => {
    const due = new Date((await dossier()).dueAt);
    const local = new Date(due.getTime() + 7 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    await actOn(processor, code, {
      type: 'propose_extension',
      newDue: `${local}T17:00:00+07:00`,
      reason: 'Chờ xác minh',
    });
    await actOn(leader, code, { type: 'approve_extension' });
    await portalHolds('extension', (x) => x.NgayHenTra === `${local.replaceAll('-', '')}170000`);
  });

  it('a fee and its payment: amount, paid, the e-receipt number', async () => {
    await actOn(processor, code, { type: 'request_payment', amount: 200_000 });
    await portalHolds('fee', (x) => x.PhiLePhi.length === 1 && x.PhiLePhi[0]!.TrangThaiThanhToan === 1);
    // The platform's payment page, once the dispatcher has opened the request there.
    let payUrl: string | null = null;
    for (let i = 0; i < 100 && !payUrl; i++) {
      const items = (await receiver.call('GET', `/api/v1/dossiers/${code}/payments`)).json<{
        items: { payUrl: string | null }[];
      }>().items;
      payUrl = items[0]?.payUrl ?? null;
      if (!payUrl) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(payUrl, 'a payment page');
    const paid = await fetch(`${payUrl}/xac-nhan`, { method: 'POST', redirect: 'manual' });
    assert.equal(paid.status, 303);
    const p = await portalHolds('paid', (x) => x.PhiLePhi[0]?.TrangThaiThanhToan === 2);
    assert.equal(p.PhiLePhi[0]!.SoTien, 200_000);
    // The platform's receipt number, or the e-receipt's (series-number) once the provider issued it
    // (test/integrations/ereceipts.test.ts waits for that one).
    assert.match(p.PhiLePhi[0]!.SoBienLai, /^(BL\d{4}-\d{6}|[0-9A-Z]{7}-\d{7})$/);
    assert.equal(p.DaThanhToan, 1);
  });

  it('a result issued: its name, number, verification code, hash and a link to the signed file', async () => {
    await actOn(processor, code, { type: 'forward', toStep: 'PD' });
    await actOn(leader, code, { type: 'issue_result' });
    const p = await portalHolds('result', (x) => x.KetQua.length === 1);
    const r = p.KetQua[0]!;
    assert.match(r.MaXacThuc, /^[0-9A-Z]{12}$/);
    assert.match(r.SoKyHieu, /\S/);
    const file = await open(r.DuongDanTaiLieu);
    assert.equal(file.statusCode, 200);
    assert.equal(createHash('sha256').update(file.rawPayload).digest('hex'), r.MaBam);
  });

  it('a rating: the level and when', async () => {
    await actOn(receiver, code, { type: 'return_result', method: 'counter', reference: '001089012345' });
    await portalHolds('returned', (x) => x.TrangThaiHoSo === 10);
    const rated = await s.app.inject({
      method: 'PUT',
      url: `/api/v1/public/dossiers/${code}/rating?verify=2345`,
      payload: { level: 'satisfied' },
    });
    assert.equal(rated.statusCode, 204, rated.body);
    await portalHolds('rating', (x) => x.DanhGia?.MucDoHaiLong === 3);
  });

  it('the daily reconciliation compares the new fields and sends the dossier again', async () => {
    // Nothing on its way (an undelivered message is counted as in flight, not as a mismatch).
    await waitForDrain(s.db.database.db, 5_000);
    const held = hub.portal.state.dossiers.get(code)![0]!;
    held.record = { ...held.record, DaThanhToan: 0, DanhGia: null, KetQua: [] };
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const report = await reconcilePortalDay(
      createAppContext(s.db.database.db),
      hub.portalClient,
      day,
      'operator',
    );
    assert.deepEqual(
      report.mismatched.map((m) => [m.code, m.fields]),
      [[code, ['DaThanhToan', 'SoKetQua', 'MucDoHaiLong']]],
      JSON.stringify(report),
    );
    await portalHolds(
      'resent',
      (x) => x.DaThanhToan === 1 && x.KetQua.length === 1 && x.DanhGia?.MucDoHaiLong === 3,
    );
  });
});
