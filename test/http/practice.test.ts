import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { countDirty } from '../../src/app/reports/countIndicators.js';
import { checkIndicators } from '../../src/app/reports/indicatorCheck.js';
import { dossierTables } from '../../src/app/practice/wipePractice.js';
import type { Problem } from '../../src/contracts/common.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { consultingSteps } from '../../fixtures/workflows.js';
import { actOn } from '../support/dossierFixtures.js';
import { readPdf } from '../support/readPdf.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const adoption = '2.001263'; // Đăng ký nuôi con nuôi trong nước: at each commune's centre
const baDinh = '000.04.51.H01'; // Trung tâm phục vụ hành chính công phường Ba Đình
const ngocHa = '000.08.51.H01';

const intake = (idNumber: string, practice: boolean) => ({
  procedureCode: adoption,
  applicant: {
    kind: 'individual',
    idNumber,
    name: 'Trần Văn Học',
    phone: '0912000111',
    email: 'hoc@example.vn',
    address: { communeCode: '00004', detail: 'Số 5 phố Đội Cấn' },
  },
  components: ['TK', 'DON', 'GKSK', 'LLTP'].map((code) => ({ code, copies: 1 })),
  eform: { TK: { hoTen: 'Trần Văn Học', soDinhDanh: idNumber, noiDung: 'Đăng ký nuôi con nuôi' } },
  practice,
});

/**
 * Practice mode (issue 23 §1). Oracles from the issue: a commune in practice receives and handles
 * practice dossiers through the real workflow before its switch-over; they are marked (code, form),
 * never synced to the portal, never notify a citizen, never counted; the area administrator opens
 * practice and wipes it per agency; a trainer generates a set at each step for a class.
 */
describe(`practice mode (${testEngine})`, () => {
  let s: TestServer;
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let province: Signed;
  let commune: Signed;
  let receiver: Signed;
  const db = () => s.db.database.db;
  const outboxOf = async (code: string) =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM outbox_message m JOIN dossier d ON d.id = m.dossier_id
        WHERE d.code = ${code}`.execute(db())
    ).rows[0]?.n;

  before(async () => {
    s = await startTestServer({
      loginPerMinute: 10_000,
      now: () => clock,
      settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 },
    });
    await seedStaff(db());
    await seedCatalog(createAppContext(db(), { now: () => new Date('2026-01-01') }));
    const ministry = await signIn(s.app, 'botuphap.quantri', clock);
    const wf = await ministry.call('PUT', `/api/v1/procedures/${adoption}/versions/1/workflow`, {
      steps: consultingSteps,
    });
    assert.equal(wf.statusCode, 200, wf.body);
    province = await signIn(s.app, 'hanoi.quantri', clock);
    const bind = await province.call('PUT', `/api/v1/procedures/${adoption}/versions/1/bindings/01`, {
      steps: consultingSteps.map((st) => ({ stepCode: st.code, agencyKind: 'commune_service_center' })),
    });
    assert.equal(bind.statusCode, 200, bind.body);
    commune = await signIn(s.app, 'badinh.quantri', clock);
    receiver = await signIn(s.app, 'badinh.motcua', clock);
  });
  after(() => s.close());

  it('is opened by the administrator of the area only', async () => {
    const open = (who: Signed, agencyCode: string, procedureCode = adoption) =>
      who.call('POST', '/api/v1/practice', { agencyCode, procedureCode });
    for (const who of ['nghean.quantri', 'botuphap.quantri', 'badinh.motcua', 'hanoi.giamsat']) {
      const res = await open(await signIn(s.app, who, clock), baDinh);
      assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
    }
    // A commune's administrator keeps their own commune, not the next one.
    assert.equal((await open(commune, ngocHa)).statusCode, 403);
    const anonymous = await s.app.inject({ method: 'GET', url: '/api/v1/practice' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal((await open(commune, baDinh, 'KHONG.CO')).statusCode, 400);

    const opened = await open(commune, baDinh);
    assert.equal(opened.statusCode, 200, opened.body);
    assert.deepEqual(opened.json(), { opened: true });
    assert.deepEqual(
      (await open(province, baDinh)).json(),
      { opened: false },
      'opening again changes nothing',
    );

    const listed = (await receiver.call('GET', '/api/v1/practice')).json<{
      scopes: { agency: { code: string }; procedure: { code: string }; canManage: boolean }[];
    }>();
    assert.deepEqual(
      listed.scopes.map((x) => [x.agency.code, x.procedure.code, x.canManage]),
      [[baDinh, adoption, false]],
      'the counter sees where it may practise, and keeps nothing',
    );
    const elsewhere = await signIn(s.app, 'nghean.quantri', clock);
    assert.deepEqual((await elsewhere.call('GET', '/api/v1/practice')).json<{ scopes: [] }>().scopes, []);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'practice.open')
      .execute();
    assert.equal(audit.length, 1);
  });

  it('receives practice dossiers where real ones are not yet received, with codes of their own', async () => {
    const real = await receiver.call('POST', '/api/v1/dossiers', intake('001089000001', false));
    assert.equal(real.statusCode, 409, 'adoption is not yet received centrally in Hà Nội');
    assert.equal(real.json<Problem>().type, 'https://motcua.gov.vn/problems/route-not-central');

    const first = await receiver.call('POST', '/api/v1/dossiers', intake('001089000001', true));
    assert.equal(first.statusCode, 201, first.body);
    const second = await receiver.call('POST', '/api/v1/dossiers', intake('001089000002', true));
    const codes = [first, second].map((r) => r.json<{ code: string }>().code);
    assert.deepEqual(codes, [`THUNGHIEM-${baDinh}-260302-000001`, `THUNGHIEM-${baDinh}-260302-000002`]);

    // Another procedure is not open for practice at Ba Đình.
    const closed = await receiver.call('POST', '/api/v1/dossiers', {
      ...intake('001089000003', true),
      procedureCode: 'VD.000005',
    });
    assert.equal(closed.statusCode, 403, closed.body);
    assert.equal(closed.json<Problem>().type, 'https://motcua.gov.vn/problems/practice-closed');

    const detail = await receiver.call('GET', `/api/v1/dossiers/${codes[0]}`);
    assert.equal(detail.json<{ practice: boolean }>().practice, true);
    const form = await receiver.call('GET', `/api/v1/dossiers/${codes[0]}/forms/receipt`);
    assert.equal(form.statusCode, 200, form.body);
    const { text } = await readPdf(form.rawPayload);
    assert.match(text, /THỬ NGHIỆM/);
    assert.match(text, /KHÔNG CÓ GIÁ TRỊ PHÁP LÝ/);
    assert.match(text, new RegExp(`THUNGHIEM-${baDinh.replaceAll('.', '\\.')}`));
  });

  it('runs the real workflow to the return and tells nobody outside, counts nothing', async () => {
    const code = `THUNGHIEM-${baDinh}-260302-000001`;
    const processor = await signIn(s.app, 'badinh.chuyenvien', clock);
    const leader = await signIn(s.app, 'badinh.lanhdao', clock);
    await actOn(receiver, code, { type: 'forward', toStep: 'TD' });
    const message = await processor.call('POST', `/api/v1/dossiers/${code}/messages`, {
      body: 'Mời ông bổ sung giấy khám sức khỏe.',
    });
    assert.equal(message.statusCode, 201, message.body);
    await actOn(processor, code, { type: 'forward', toStep: 'PD' });
    await actOn(leader, code, { type: 'issue_result' });
    await actOn(receiver, code, { type: 'return_result', method: 'counter', reference: '001089000001' });
    const done = await receiver.call('GET', `/api/v1/dossiers/${code}`);
    assert.equal(done.json<{ status: number }>().status, 10);

    assert.equal(await outboxOf(code), 0, 'no portal sync, SMS, e-mail or partner message');
    // What the folding job would count of the dossier's marks: nothing.
    await countDirty(createAppContext(db()));
    const counted = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM dossier_indicator i JOIN dossier d ON d.id = i.dossier_id WHERE d.practice)
           + (SELECT count(*) FROM indicator_change) + (SELECT count(*) FROM indicator_dirty) AS n`.execute(
      db(),
    );
    assert.equal(Number(counted.rows[0]?.n), 0, 'no indicator row, no change queued, no mark left');
    const check = await checkIndicators(createAppContext(db()));
    assert.ok(check.equal);
    assert.equal(check.dossiers, 0, 'the recount does not see practice dossiers either');
    const monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    const report = await monitor.call('GET', '/api/v1/reports/indicators?from=2026-03-01&to=2026-03-31');
    assert.equal(report.json<{ dossiers: number }>().dossiers, 0);
    const status = await s.app.inject({ url: `/api/v1/public/dossiers/${code}?verify=0001` });
    assert.equal(status.statusCode, 404, 'a practice dossier is nobody’s on the status page');
  });

  it('generates a class set at each step, for the trainer of the area', async () => {
    const generate = (who: Signed, agency: string) =>
      who.call('POST', `/api/v1/practice/${agency}/generate`, { procedureCode: adoption, perStep: 2 });
    assert.equal((await generate(await signIn(s.app, 'nghean.quantri', clock), baDinh)).statusCode, 403);
    assert.equal((await generate(receiver, baDinh)).statusCode, 403);
    assert.equal((await generate(province, ngocHa)).statusCode, 403, 'practice is not open at Ngọc Hà');
    const res = await generate(province, baDinh);
    assert.equal(res.statusCode, 200, res.body);
    const steps = res.json<{ steps: { step: { code: string }; codes: string[] }[] }>().steps;
    // The main path of the consulting workflow, from receipt to the result.
    const path = ['TN', 'TD', 'PD', 'TK'];
    assert.deepEqual(
      steps.map((x) => [x.step.code, x.codes.length]),
      path.map((p) => [p, 2]),
    );
    for (const { step, codes } of steps)
      for (const code of codes) {
        const d = (await receiver.call('GET', `/api/v1/dossiers/${code}`)).json<{
          stepCode: string;
          practice: boolean;
        }>();
        assert.deepEqual([d.stepCode, d.practice], [step.code, true], code);
        assert.equal(await outboxOf(code), 0);
      }
    // The learner at the counter takes one from the receipt step on.
    await actOn(receiver, steps[0]?.codes[0] as string, { type: 'forward', toStep: 'TD' });
    assert.ok((await checkIndicators(createAppContext(db()))).equal);
  });

  it('is wiped per agency by its administrator, leaving real dossiers and their logs alone', async () => {
    const fks = await sql<{ tbl: string; col: string }>`
      SELECT c.conrelid::regclass::text AS tbl, a.attname AS col FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = 'dossier'::regclass`.execute(db());
    assert.deepEqual(
      fks.rows.map((r) => `${r.tbl}.${r.col}`).sort(),
      dossierTables.map(([t, c]) => `${t}.${c}`).sort(),
      'the wipe empties every table that refers to a dossier',
    );

    // A real dossier at Ba Đình once adoption is switched over (the ministry's leader decides).
    const switched = await (
      await signIn(s.app, 'botuphap.lanhdao', clock)
    ).call('PUT', `/api/v1/procedures/${adoption}/routes/01`, {
      mode: 'central',
      override: { reason: 'Thí điểm tại hai phường có cán bộ (dữ liệu thử nghiệm)' },
    });
    assert.equal(switched.statusCode, 204, switched.body);
    const real = await receiver.call('POST', '/api/v1/dossiers', intake('001089000009', false));
    assert.equal(real.statusCode, 201, real.body);
    const realCode = real.json<{ code: string }>().code;
    assert.equal(realCode, `${baDinh}-260302-000001`, 'practice took no number of the real sequence');
    assert.ok(
      ((await outboxOf(realCode)) ?? 0) > 0,
      'a real dossier is told to the portal and the applicant',
    );

    assert.equal(
      (await (await signIn(s.app, 'nghean.quantri', clock)).call('POST', `/api/v1/practice/${baDinh}/wipe`))
        .statusCode,
      403,
    );
    const wiped = await commune.call('POST', `/api/v1/practice/${baDinh}/wipe`);
    assert.equal(wiped.statusCode, 200, wiped.body);
    assert.equal(wiped.json<{ wiped: number }>().wiped, 10);
    const left = await db().selectFrom('dossier').select(['code', 'practice']).execute();
    assert.deepEqual(
      left.map((d) => [d.code, d.practice]),
      [[realCode, false]],
    );
    for (const [table, column] of dossierTables) {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}
        WHERE ${sql.ref(column)} IS NOT NULL AND ${sql.ref(column)} NOT IN (SELECT id FROM dossier)`.execute(
        db(),
      );
      assert.equal(rows[0]?.n, 0, table);
    }
    assert.ok((await db().selectFrom('dossier_action').select('seq').execute()).length >= 2, 'the real log');
    // The real log still cannot be deleted.
    await assert.rejects(sql`DELETE FROM dossier_action`.execute(db()), /append-only/);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'practice.wipe')
      .executeTakeFirstOrThrow();
    assert.equal((audit.detail as { wiped: number }).wiped, 10);
  });
});
