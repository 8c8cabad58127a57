import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { vietnamDate } from '../../src/domain/calendar/localDate.js';
import type { LocalCertificateAuthority } from '../../src/app/signing/localCertificateAuthority.js';
import { actOn } from '../support/dossierFixtures.js';
import {
  adoptionIntake,
  citizenCookie,
  issuedCriminalRecord,
  startSigning,
} from '../support/eResultFixtures.js';
import { readPdf } from '../support/readPdf.js';
import { signIn } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

const multipart = (name: string, bytes: Buffer) => {
  const boundary = '----motcua' + Date.now();
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};

describe('electronic results: drafted, numbered, signed, verified in public', () => {
  let s: TestServer;
  let ca: LocalCertificateAuthority;
  let close: () => Promise<void>;
  let code: string;
  let result: { id: string; number: string; sha256: string };
  let file: Buffer;
  let verification: string;

  before(async () => {
    ({ s, ca, close } = await startSigning());
    ({ code, result } = await issuedCriminalRecord(s, '001089012345'));
    const receiver = await signIn(s.app, 'hanoi.motcua');
    file = (await receiver.call('GET', `/api/v1/dossiers/${code}/results/${result.id}/content`)).rawPayload;
    const row = await s.db.database.db
      .selectFrom('dossier_result')
      .select('verification_code')
      .where('id', '=', result.id)
      .executeTakeFirstOrThrow();
    verification = row.verification_code ?? '';
  });
  after(() => close());

  it('drafts the result from its template, numbers it in the agency’s register, and signs it as the leader', async () => {
    const year = new Date().getFullYear();
    assert.equal(result.number, `1/${year}/PLLTP`);
    assert.equal(createHash('sha256').update(file).digest('hex'), result.sha256);
    const verdict = await ca.verify(file);
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
    const leader = await s.db.database.db
      .selectFrom('account')
      .select('full_name')
      .where('username', '=', 'hanoi.lanhdao')
      .executeTakeFirstOrThrow();
    assert.equal(verdict.signer, leader.full_name);
    const { text, qr } = await readPdf(file);
    assert.deepEqual(qr, [`http://motcua.test/xac-minh/${verification}`]);
    assert.match(text, /PHIẾU LÝ LỊCH TƯ PHÁP/);
    assert.match(text, /Nguyễn Thị Mai/);
    assert.match(text, /001089012345/);
    assert.match(text, /Cấp phiếu số 1/, 'the e-form field filled into the template');
    assert.match(text, new RegExp(`Số: 1/${year}/PLLTP`));
    assert.match(text, new RegExp(verification));
    // The next result of the centre takes the next number.
    const second = await issuedCriminalRecord(s, '001089099999');
    assert.equal(second.result.number, `2/${year}/PLLTP`);
  });

  it('shows the issued result on the public verification page, with the holder masked', async () => {
    const res = await s.app.inject({ method: 'GET', url: `/api/v1/public/results/${verification}` });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json<Record<string, unknown>>();
    assert.equal(r['number'], result.number);
    assert.equal(r['holder'], 'N. T. Mai');
    assert.equal(r['holderIdNumber'], '001*********');
    assert.equal(r['sha256'], result.sha256);
    assert.equal(
      (await s.app.inject({ method: 'GET', url: '/api/v1/public/results/ZZZZZZZZZZZZ' })).statusCode,
      404,
    );
  });

  it('tells the genuine file from a tampered one, and says why', async () => {
    const check = async (bytes: Buffer) => {
      const m = multipart('ket-qua.pdf', bytes);
      const res = await s.app.inject({
        method: 'POST',
        url: `/api/v1/public/results/${verification}/check`,
        payload: m.body,
        headers: m.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{
        matches: boolean;
        signature: { valid: boolean; checks: { check: string; ok: boolean }[] };
      }>();
    };
    const genuine = await check(file);
    assert.equal(genuine.matches, true);
    assert.equal(genuine.signature.valid, true);
    const tampered = Buffer.from(file);
    const at = Math.floor(tampered.length / 4);
    tampered[at] = (tampered[at] ?? 0) ^ 0x20;
    const bad = await check(tampered);
    assert.equal(bad.matches, false);
    assert.equal(bad.signature.checks.find((c) => c.check === 'integrity')?.ok, false);
    const byHash = await s.app.inject({
      method: 'POST',
      url: `/api/v1/public/results/${verification}/check`,
      payload: { sha256: result.sha256.toUpperCase() },
    });
    assert.equal(byHash.json<{ matches: boolean }>().matches, true);
    const badHash = await s.app.inject({
      method: 'POST',
      url: `/api/v1/public/results/${verification}/check`,
      payload: { sha256: 'xyz' },
    });
    assert.equal(badHash.statusCode, 400);
    assert.match(String(badHash.headers['content-type']), /problem\+json/);
  });

  it('returns the result electronically only once its signed file exists', async () => {
    const receiver = await signIn(s.app, 'hanoi.motcua');
    await actOn(receiver, code, { type: 'return_result', method: 'electronic', reference: '' });
    // A dossier whose result went unsigned (the document-management route) cannot.
    await s.db.database.db
      .updateTable('dossier_result')
      .set({ status: 'sent' })
      .where('id', '!=', result.id)
      .execute();
    const other = await s.db.database.db
      .selectFrom('dossier as d')
      .innerJoin('dossier_result as r', 'r.dossier_id', 'd.id')
      .select(['d.code', 'd.version'])
      .where('r.id', '!=', result.id)
      .executeTakeFirstOrThrow();
    const refused = await receiver.call('POST', `/api/v1/dossiers/${other.code}/actions`, {
      expectedVersion: other.version,
      type: 'return_result',
      method: 'electronic',
      reference: '',
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json<{ title: string }>().title, /chưa có bản điện tử đã ký số/);
  });
});

describe('the citizen data warehouse', () => {
  let s: TestServer;
  let close: () => Promise<void>;
  let itemId: string;
  const mai = '001089012345';

  before(async () => {
    ({ s, close } = await startSigning());
    await issuedCriminalRecord(s, mai);
  });
  after(() => close());

  const asCitizen = async (id: string, method: 'GET' | 'PATCH', url: string, payload?: unknown) =>
    s.app.inject({
      method,
      url,
      headers: { cookie: await citizenCookie(s, id, 'Nguyễn Thị Mai') },
      ...(payload ? { payload } : {}),
    });

  it('holds the signed result for its holder, and for nobody else', async () => {
    const mine = (await asCitizen(mai, 'GET', '/api/v1/citizen/warehouse')).json<{
      items: { id: string; kind: string; typeCode: string; title: string; issuingAgency: string }[];
    }>().items;
    const results = mine.filter((i) => i.kind === 'result');
    assert.equal(results.length, 1);
    assert.equal(results[0]?.typeCode, 'PLLTP');
    assert.match(results[0]?.issuingAgency ?? '', /Trung tâm Phục vụ hành chính công/);
    itemId = results[0]!.id;
    const other = (await asCitizen('001089099999', 'GET', '/api/v1/citizen/warehouse')).json<{
      items: unknown[];
    }>();
    assert.deepEqual(other.items, []);
    assert.equal(
      (await asCitizen('001089099999', 'GET', `/api/v1/citizen/warehouse/${itemId}/content`)).statusCode,
      404,
    );
    const own = await asCitizen(mai, 'GET', `/api/v1/citizen/warehouse/${itemId}/content`);
    assert.equal(own.statusCode, 200);
    assert.equal(own.headers['content-type'], 'application/pdf');
    assert.equal((await s.app.inject({ method: 'GET', url: '/api/v1/citizen/warehouse' })).statusCode, 401);
  });

  it('offers it at intake for the component it can replace, and the dossier reuses it (state 3)', async () => {
    const receiver = await signIn(s.app, 'badinh.motcua');
    const offers = await receiver.call(
      'GET',
      `/api/v1/warehouse/offers?idNumber=${mai}&procedureCode=2.001263`,
    );
    assert.equal(offers.statusCode, 200, offers.body);
    const items = offers.json<{ items: { id: string; components: string[] }[] }>().items;
    assert.deepEqual(
      items.map((i) => [i.id, i.components]),
      [[itemId, ['LLTP']]],
    );
    // Nothing to offer for a procedure none of whose components it replaces.
    const none = await receiver.call(
      'GET',
      `/api/v1/warehouse/offers?idNumber=${mai}&procedureCode=VD.000005`,
    );
    assert.deepEqual(none.json<{ items: unknown[] }>().items, []);
    // Only receivers look at warehouses at intake.
    const processor = await signIn(s.app, 'badinh.chuyenvien');
    assert.equal(
      (await processor.call('GET', `/api/v1/warehouse/offers?idNumber=${mai}&procedureCode=2.001263`))
        .statusCode,
      403,
    );

    const code = await adoptionIntake(receiver, mai);
    const wrong = await receiver.call('POST', `/api/v1/dossiers/${code}/documents/reuse`, {
      component: 'DON',
      itemId,
    });
    assert.equal(wrong.statusCode, 400, wrong.body);
    const reused = await receiver.call('POST', `/api/v1/dossiers/${code}/documents/reuse`, {
      component: 'LLTP',
      itemId,
    });
    assert.equal(reused.statusCode, 201, reused.body);
    const doc = reused.json<{
      digitization: number;
      reusedFrom: string;
      componentCode: string;
      sha256: string;
    }>();
    assert.equal(doc.digitization, 3);
    assert.equal(doc.reusedFrom, itemId);
    assert.equal(doc.componentCode, 'LLTP');
    // The same request again (a retry) changes nothing: no second version, no second history entry.
    const again = await receiver.call('POST', `/api/v1/dossiers/${code}/documents/reuse`, {
      component: 'LLTP',
      itemId,
    });
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json<{ id: string }>().id, reused.json<{ id: string }>().id);
    const content = await receiver.call('GET', `/api/v1/dossiers/${code}/documents`);
    const documents = content.json<{ items: { sha256: string; componentCode: string }[] }>().items;
    assert.deepEqual(
      documents.filter((i) => i.componentCode === 'LLTP').map((i) => i.sha256),
      [doc.sha256],
    );
    // The monitoring rates count the reuse and the signed result.
    const monitor = await signIn(s.app, 'hanoi.giamsat');
    const today = vietnamDate(new Date());
    const report = await monitor.call(
      'GET',
      `/api/v1/reports/indicators?from=${today.slice(0, 8)}01&to=${today}`,
    );
    assert.equal(report.statusCode, 200, report.body);
    const rates = report.json<{ indicators: { rates: Record<string, number | null> } }>().indicators.rates;
    assert.ok((rates['reuse'] ?? 0) > 0, JSON.stringify(rates));
    assert.ok((rates['resultDigitization'] ?? 0) > 0, JSON.stringify(rates));
  });

  it('lets an official open a warehouse item only through a dossier of its holder, and logs each access for the holder', async () => {
    const commune = await signIn(s.app, 'badinh.motcua');
    const [adoptionCode] = (
      await s.db.database.db
        .selectFrom('dossier')
        .select('code')
        .where('procedure_code', '=', '2.001263')
        .execute()
    ).map((d) => d.code);
    // Ba Đình's receiver through the adoption dossier: allowed.
    assert.equal(
      (await commune.call('GET', `/api/v1/dossiers/${adoptionCode}/warehouse/${itemId}/content`)).statusCode,
      200,
    );
    // Nghệ An's receiver cannot see that dossier: not found.
    const outsider = await signIn(s.app, 'nghean.motcua');
    assert.equal(
      (await outsider.call('GET', `/api/v1/dossiers/${adoptionCode}/warehouse/${itemId}/content`)).statusCode,
      404,
    );
    // Ba Đình's monitor reads the dossier but does not handle it: no opening of Mai's papers.
    const monitor = await signIn(s.app, 'badinh.giamsat');
    assert.equal((await monitor.call('GET', `/api/v1/dossiers/${adoptionCode}`)).statusCode, 200);
    assert.equal(
      (await monitor.call('GET', `/api/v1/dossiers/${adoptionCode}/warehouse/${itemId}/content`)).statusCode,
      404,
    );
    // A dossier of someone else does not justify opening Mai's item.
    const otherCode = await adoptionIntake(commune, '001089099999');
    assert.equal(
      (await commune.call('GET', `/api/v1/dossiers/${otherCode}/warehouse/${itemId}/content`)).statusCode,
      404,
    );
    // …and a reuse through it is refused the same way.
    assert.equal(
      (
        await commune.call('POST', `/api/v1/dossiers/${otherCode}/documents/reuse`, {
          component: 'LLTP',
          itemId,
        })
      ).statusCode,
      404,
    );

    const history = (await asCitizen(mai, 'GET', '/api/v1/citizen/warehouse/access')).json<{
      items: { action: string; purpose: string; official: string; dossier: string | null }[];
    }>().items;
    assert.deepEqual(
      history.map((h) => h.action),
      ['view', 'reuse', 'list'],
    );
    assert.ok(history.every((h) => h.official.length > 0));
    assert.equal(history[0]?.dossier, adoptionCode);
    assert.match(history[1]?.purpose ?? '', /Phiếu lý lịch tư pháp của người nhận con nuôi/);
    // The other citizen's history does not show Mai's accesses.
    const theirs = (await asCitizen('001089099999', 'GET', '/api/v1/citizen/warehouse/access')).json<{
      items: unknown[];
    }>();
    assert.deepEqual(theirs.items, []);
  });

  it('stops offering an item once its holder withdraws consent', async () => {
    const off = await asCitizen(mai, 'PATCH', `/api/v1/citizen/warehouse/${itemId}`, { reusable: false });
    assert.equal(off.statusCode, 200, off.body);
    const receiver = await signIn(s.app, 'badinh.motcua');
    const offers = await receiver.call(
      'GET',
      `/api/v1/warehouse/offers?idNumber=${mai}&procedureCode=2.001263`,
    );
    assert.deepEqual(offers.json<{ items: unknown[] }>().items, []);
    const code = await adoptionIntake(receiver, mai);
    const refused = await receiver.call('POST', `/api/v1/dossiers/${code}/documents/reuse`, {
      component: 'LLTP',
      itemId,
    });
    assert.equal(refused.statusCode, 409);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', '=', 'warehouse.withdraw')
      .execute();
    assert.deepEqual(audit, [{ action: 'warehouse.withdraw', actor_id: mai }]);
  });

  it('reuses a document scanned in an earlier dossier (state 2), e.g. when a refused dossier is handed in again', async () => {
    const receiver = await signIn(s.app, 'badinh.motcua');
    const first = await adoptionIntake(receiver, mai);
    const scan = await PDFDocument.create();
    scan.addPage().drawText('Giay kham suc khoe');
    const bytes = Buffer.from(await scan.save());
    const m = multipart('gksk.pdf', bytes);
    const up = await s.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${first}/documents?component=GKSK&pages=1`,
      cookies: { motcua_session: receiver.cookie },
      headers: { ...m.headers, 'x-csrf-token': receiver.csrf },
      payload: m.body,
    });
    assert.equal(up.statusCode, 201, up.body);
    await actOn(receiver, first, { type: 'refuse', reason: 'Thiếu xác nhận của cha mẹ đẻ' });

    const offers = (
      await receiver.call('GET', `/api/v1/warehouse/offers?idNumber=${mai}&procedureCode=2.001263`)
    ).json<{ items: { id: string; kind: string; components: string[] }[] }>().items;
    const health = offers.find((o) => o.kind === 'document');
    assert.deepEqual(health?.components, ['GKSK']);
    const second = await adoptionIntake(receiver, mai);
    const reused = await receiver.call('POST', `/api/v1/dossiers/${second}/documents/reuse`, {
      component: 'GKSK',
      itemId: health?.id,
    });
    assert.equal(reused.statusCode, 201, reused.body);
    assert.equal(reused.json<{ digitization: number }>().digitization, 2);
    assert.equal(reused.json<{ sha256: string }>().sha256, createHash('sha256').update(bytes).digest('hex'));
  });
});
