import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { checkIndicators } from '../../src/app/reports/indicatorCheck.js';
import { LocalCertificateAuthority } from '../../src/app/signing/localCertificateAuthority.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { actOn } from '../support/dossierFixtures.js';
import { readPdf } from '../support/readPdf.js';
import { agencyOf, startDemoSystem } from '../support/demoSystem.js';
import type { TestServer } from '../support/testServer.js';

/**
 * Cross-boundary receipt (issue 22 §5), from the rules of the issue and DOMAIN §5.3, with the demo
 * deployment (every procedure central in Hà Nội and Nghệ An): Cấp Phiếu lý lịch tư pháp may be
 * received anywhere in the country, the competent agency being the centre of the province where
 * the applicant lives; a domestic adoption only at the applicant's own commune.
 */
describe('cross-boundary receipt', () => {
  let s: TestServer;
  let dir: string;
  let hanoi: Signed;
  let hanoiCenter: string;
  let ngheanCenter: string;
  let ngheanCommune: string;
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

  const record = (idNumber: string, extra: Record<string, unknown> = {}) => ({
    procedureCode: 'VD.000005',
    applicant: {
      kind: 'individual',
      idNumber,
      name: 'Hồ Văn Nghĩa',
      phone: '0912345678',
      address: { communeCode: ngheanCommune, detail: 'Xóm 3' },
    },
    components: [{ code: 'TK', copies: 1 }],
    eform: { TK: { hoTen: 'Hồ Văn Nghĩa', soDinhDanh: idNumber, noiDung: 'Xin việc tại Hà Nội' } },
    ...extra,
  });

  const detail = async (who: Signed, code: string) => {
    const res = await who.call('GET', `/api/v1/dossiers/${code}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{
      status: number;
      stepCode: string;
      agencyCode: string;
      receivedByAgency: string;
      competentAgency: string;
      crossBoundary: { competent: { code: string }; returnAt: { code: string } | null } | null;
    }>();
  };
  const queue = async (who: Signed, q: string) =>
    (await who.call('GET', `/api/v1/dossiers?queue=${q}&limit=100`))
      .json<{ items: { code: string }[] }>()
      .items.map((i) => i.code);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-pki-'));
    const ca = await LocalCertificateAuthority.open(dir, { now: new Date('2025-01-01') });
    s = await startDemoSystem({ signer: ca });
    hanoi = await signIn(s.app, 'hanoi.motcua');
    hanoiCenter = await agencyOf(s, 'hanoi.motcua');
    ngheanCenter = await agencyOf(s, 'nghean.motcua');
    const c = await s.db.database.db
      .selectFrom('admin_unit')
      .select('code')
      .where('parent_code', '=', '40')
      .where('valid_to', 'is', null)
      .orderBy('code', 'desc')
      .executeTakeFirstOrThrow();
    ngheanCommune = c.code;
  });
  after(async () => {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a Nghệ An resident's criminal-record request received in Hà Nội is processed in Nghệ An and returned in Hà Nội", async () => {
    const res = await hanoi.call('POST', '/api/v1/dossiers', record('040090011111'));
    assert.equal(res.statusCode, 201, res.body);
    const made = res.json<{ code: string; agencyCode: string; competentAgency: { code: string } }>();
    // Received here (the code from this counter's sequence, Form 01 issued here), for Nghệ An.
    assert.ok(made.code.startsWith(hanoiCenter), made.code);
    assert.equal(made.competentAgency.code, ngheanCenter);
    const form01 = await hanoi.call('GET', `/api/v1/dossiers/${made.code}/forms/receipt`);
    assert.equal(form01.statusCode, 200);
    const { text } = await readPdf(form01.rawPayload);
    const names = await s.db.database.db.selectFrom('agency').select(['code', 'name']).execute();
    const nameOf = (code: string) => names.find((n) => n.code === code)?.name ?? code;
    assert.ok(text.includes(nameOf(hanoiCenter)), 'Form 01 is issued by the receiving centre');

    // Both agencies see it from the start; it waits at the Hà Nội counter for the hand-over.
    const nghean = await signIn(s.app, 'nghean.motcua');
    assert.ok((await queue(nghean, 'all')).includes(made.code));
    assert.ok((await queue(hanoi, 'agency')).includes(made.code));
    assert.equal((await detail(nghean, made.code)).crossBoundary?.returnAt?.code, hanoiCenter);

    // The hand-over is the transfer: it now waits at the competent agency, with its scans, and
    // the original declaration follows by post to that agency.
    await actOn(hanoi, made.code, { type: 'forward', toStep: 'TD' });
    const moved = await detail(hanoi, made.code);
    assert.equal(moved.agencyCode, ngheanCenter);
    const ngheanClerk = await signIn(s.app, 'nghean.chuyenvien');
    assert.ok((await queue(ngheanClerk, 'agency')).includes(made.code));
    assert.ok(!(await queue(await signIn(s.app, 'hanoi.chuyenvien'), 'agency')).includes(made.code));
    const orders = (await hanoi.call('GET', `/api/v1/dossiers/${made.code}/postal-orders`)).json<
      | { kind: string; recipient: { name: string } }[]
      | { items: { kind: string; recipient: { name: string } }[] }
    >();
    const list = Array.isArray(orders) ? orders : orders.items;
    assert.deepEqual(
      list.map((o) => o.kind),
      ['originals'],
    );

    // Processed and signed in Nghệ An; the result comes back to the Hà Nội counter.
    await actOn(ngheanClerk, made.code, { type: 'forward', toStep: 'PD' });
    await actOn(await signIn(s.app, 'nghean.lanhdao'), made.code, { type: 'issue_result' });
    const resolved = await detail(hanoi, made.code);
    assert.equal(resolved.status, 9);
    assert.equal(resolved.agencyCode, hanoiCenter);
    assert.ok((await queue(hanoi, 'to_return')).includes(made.code));
    assert.ok(!(await queue(nghean, 'to_return')).includes(made.code));
    await actOn(hanoi, made.code, { type: 'return_result', method: 'counter', reference: 'Đã trao tận tay' });
    assert.equal((await detail(hanoi, made.code)).status, 10);

    // Counted for Nghệ An, credited to Hà Nội for the receipt; the running sums equal the recount.
    const rows = async (who: string) =>
      (
        await (
          await signIn(s.app, who)
        ).call('GET', `/api/v1/reports/indicators/by-agency?from=${today}&to=${today}`)
      ).json<{
        items: {
          agency: string;
          receivedForOthers: number;
          indicators: { received: { total: number }; finished: { total: number } };
        }[];
      }>().items;
    const ours = (await rows('hanoi.giamsat')).find((r) => r.agency === hanoiCenter);
    assert.equal(ours?.receivedForOthers, 1);
    assert.equal(ours?.indicators.received.total, 0);
    const theirs = (await rows('nghean.giamsat')).find((r) => r.agency === ngheanCenter);
    assert.equal(theirs?.indicators.received.total, 1);
    assert.equal(theirs?.indicators.finished.total, 1);
    assert.equal(theirs?.receivedForOthers, 0);
    assert.ok((await checkIndicators(createAppContext(s.db.database.db))).equal);
  });

  it('returns the result at the competent agency when the applicant chooses it', async () => {
    const res = await hanoi.call(
      'POST',
      '/api/v1/dossiers',
      record('040090022222', { returnAt: 'competent' }),
    );
    assert.equal(res.statusCode, 201, res.body);
    const { code } = res.json<{ code: string }>();
    await actOn(hanoi, code, { type: 'forward', toStep: 'TD' });
    await actOn(await signIn(s.app, 'nghean.chuyenvien'), code, { type: 'forward', toStep: 'PD' });
    await actOn(await signIn(s.app, 'nghean.lanhdao'), code, { type: 'issue_result' });
    const d = await detail(hanoi, code);
    assert.equal(d.agencyCode, ngheanCenter);
    assert.ok((await queue(await signIn(s.app, 'nghean.motcua'), 'to_return')).includes(code));
  });

  it('a procedure received only at its competent agency refuses elsewhere, with where to go, and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await s.db.database.db
            .selectFrom('dossier')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // Đăng ký nuôi con nuôi: at the applicant's commune only. A Hà Nội commune's counter, for a
    // resident of a Nghệ An commune, and for a resident of another Hà Nội commune.
    const badinh = await signIn(s.app, 'badinh.motcua');
    const otherHanoi = await s.db.database.db
      .selectFrom('admin_unit')
      .select('code')
      .where('parent_code', '=', '01')
      .where('valid_to', 'is', null)
      .orderBy('code', 'desc')
      .executeTakeFirstOrThrow();
    for (const communeCode of [ngheanCommune, otherHanoi.code]) {
      const res = await badinh.call('POST', '/api/v1/dossiers', {
        procedureCode: '2.001263',
        applicant: {
          kind: 'individual',
          idNumber: '040090033333',
          name: 'Hồ Thị Lan',
          address: { communeCode, detail: 'Số 2' },
        },
        components: ['TK', 'DON', 'GKSK', 'LLTP'].map((code) => ({ code, copies: 1 })),
        eform: { TK: { hoTen: 'Hồ Thị Lan', soDinhDanh: '040090033333', noiDung: 'Nhận con nuôi' } },
      });
      assert.equal(res.statusCode, 409, res.body);
      const p = res.json<{ type: string; title: string; detail: string }>();
      assert.equal(p.type, 'https://motcua.gov.vn/problems/receive-elsewhere');
      assert.match(p.detail, /chỉ tiếp nhận tại cơ quan có thẩm quyền: đề nghị người nộp đến .+/);
      assert.doesNotMatch(p.detail, /Ba Đình/);
    }
    assert.equal(await count(), before);
  });

  it("a leader's transfer names the competent agency: the dossier is counted there from then on", async () => {
    const rows = async (who: string, agency: string) =>
      (
        await (
          await signIn(s.app, who)
        ).call('GET', `/api/v1/reports/indicators/by-agency?from=${today}&to=${today}`)
      )
        .json<{
          items: { agency: string; receivedForOthers: number; indicators: { received: { total: number } } }[];
        }>()
        .items.find((r) => r.agency === agency);
    const hanoiBefore = await rows('hanoi.giamsat', hanoiCenter);
    const ngheanBefore = await rows('nghean.giamsat', ngheanCenter);
    // A Hà Nội resident's request, received at its competent agency, then found to belong to Nghệ An.
    const res = await hanoi.call('POST', '/api/v1/dossiers', {
      ...record('001090044444'),
      applicant: { ...record('001090044444').applicant, address: { communeCode: '00004', detail: 'Số 4' } },
    });
    assert.equal(res.statusCode, 201, res.body);
    const { code, version } = res.json<{ code: string; version: number }>();
    const leader = await signIn(s.app, 'hanoi.lanhdao');
    const moved = await leader.call('POST', `/api/v1/dossiers/${code}/actions`, {
      type: 'transfer',
      agencyCode: ngheanCenter,
      reason: 'Người nộp thường trú tại Nghệ An',
      expectedVersion: version,
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal((await detail(hanoi, code)).competentAgency, ngheanCenter);
    const hanoiAfter = await rows('hanoi.giamsat', hanoiCenter);
    const ngheanAfter = await rows('nghean.giamsat', ngheanCenter);
    assert.equal(hanoiAfter?.indicators.received.total, hanoiBefore?.indicators.received.total);
    assert.equal(hanoiAfter?.receivedForOthers, (hanoiBefore?.receivedForOthers ?? 0) + 1);
    assert.equal(ngheanAfter?.indicators.received.total, (ngheanBefore?.indicators.received.total ?? 0) + 1);
    assert.ok((await checkIndicators(createAppContext(s.db.database.db))).equal);
  });
});
