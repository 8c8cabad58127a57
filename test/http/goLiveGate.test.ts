import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.js';
import { importOfficials } from '../../src/app/accounts/importOfficials.js';
import type { Problem } from '../../src/contracts/common.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedStaff, signIn, type Signed } from '../../fixtures/staff.js';
import { consultingSteps } from '../../fixtures/workflows.js';
import { testEngine } from '../support/testDatabase.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const adoption = '2.001263'; // Đăng ký nuôi con nuôi trong nước (Bộ Tư pháp), at each commune's centre
const centreOf = (commune: string) => `${commune.slice(0, 3)}.${commune.slice(3)}.51.H01`;

/**
 * The go-live gate (issue 19): Hà Nội cannot switch adoption to central reception while a commune
 * centre has nobody in a step's role on the day; it can once the officials are imported; the
 * ministry's leader may decide otherwise in writing; and after the switch no dossier received on
 * its day waits at a step nobody may take.
 */
describe(`the go-live gate (${testEngine})`, () => {
  let s: TestServer;
  let clock = new Date('2026-03-02T08:00:00+07:00');
  const tomorrow = '2026-03-03T00:00:00+07:00';
  let ministry: Signed;
  let communes: string[] = [];
  const staffed = new Set(['00004', '00008']); // Ba Đình, Ngọc Hà: the demo staff

  before(async () => {
    s = await startTestServer({
      loginPerMinute: 10_000,
      now: () => clock,
      settings: { sessionIdleMs: 1e12, sessionMaxMs: 1e12 },
    });
    const db = s.db.database.db;
    await seedStaff(db);
    await seedCatalog(createAppContext(db, { now: () => new Date('2026-01-01') }));
    ministry = await signIn(s.app, 'botuphap.quantri', clock);
    const wf = await ministry.call('PUT', `/api/v1/procedures/${adoption}/versions/1/workflow`, {
      steps: consultingSteps,
    });
    assert.equal(wf.statusCode, 200, wf.body);
    const province = await signIn(s.app, 'hanoi.quantri', clock);
    const bind = await province.call('PUT', `/api/v1/procedures/${adoption}/versions/1/bindings/01`, {
      steps: consultingSteps.map((st) => ({ stepCode: st.code, agencyKind: 'commune_service_center' })),
    });
    assert.equal(bind.statusCode, 200, bind.body);
    communes = (
      await db
        .selectFrom('admin_unit')
        .select('code')
        .where('parent_code', '=', '01')
        .where('level', '=', 'commune')
        .orderBy('code')
        .execute()
    ).map((c) => c.code);
  });
  after(() => s.close());

  const switchTo = (who: Signed, body: Record<string, unknown> = {}) =>
    who.call('PUT', `/api/v1/procedures/${adoption}/routes/01`, {
      mode: 'central',
      effectiveFrom: tomorrow,
      ...body,
    });

  it('refuses the switch while commune centres have nobody, naming each centre and missing role', async () => {
    const res = await switchTo(ministry);
    assert.equal(res.statusCode, 409, res.body);
    const p = res.json<Problem>();
    assert.equal(p.type, 'https://motcua.gov.vn/problems/would-strand');
    // Oracle from the rule: every commune centre without demo staff lacks the receiver, processor and leader.
    const expected = communes
      .filter((c) => !staffed.has(c))
      .flatMap((c) => ['receiver', 'processor', 'leader'].map((r) => `${centreOf(c)}/${r}`))
      .sort();
    const named = (p.errors ?? []).map((e) => e.field);
    assert.equal(new Set(named).size, communes.length - staffed.size);
    assert.deepEqual([...new Set(expected.map((k) => k.split('/')[0]))].sort(), [...new Set(named)].sort());
    assert.ok((p.errors ?? []).every((e) => /chưa có/.test(e.message)));
    assert.ok(!named.includes(centreOf('00004')), 'Ba Đình is staffed');
    const routes = await s.db.database.db
      .selectFrom('deployment_route')
      .selectAll()
      .where('procedure_code', '=', adoption)
      .execute();
    assert.deepEqual(routes, [], 'nothing was switched');
  });

  it('lets only a leader of the ministry decide the switch over the gate, in writing, audited', async () => {
    assert.equal(
      (await switchTo(ministry, { override: { reason: 'Tôi là quản trị, không phải lãnh đạo' } })).statusCode,
      403,
    );
    const leader = await signIn(s.app, 'botuphap.lanhdao', clock);
    const decided = await leader.call('PUT', `/api/v1/procedures/${adoption}/routes/40`, {
      mode: 'central',
      effectiveFrom: tomorrow,
      override: { reason: 'Nghệ An đăng ký vận hành thử, bổ sung cán bộ trong tuần' },
    });
    assert.equal(decided.statusCode, 204, decided.body);
    const audit = await s.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'route.override')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(
      (audit[0]?.detail as { reason: string }).reason,
      'Nghệ An đăng ký vận hành thử, bổ sung cán bộ trong tuần',
    );
    const board = (await ministry.call('GET', '/api/v1/readiness')).json<{
      switches: { provinceCode: string; override: { reason: string } | null; gaps: unknown[] }[];
    }>();
    const shown = board.switches.find((x) => x.provinceCode === '40');
    assert.match(shown?.override?.reason ?? '', /vận hành thử/);
    assert.ok((shown?.gaps.length ?? 0) > 0, 'the board shows the gaps of the day ahead');
  });

  it('accepts the switch once the officials are imported, and no dossier received that day is stranded', async () => {
    const lines = ['Họ và tên,Số định danh,Mã cơ quan,Vai trò'];
    communes
      .filter((c) => !staffed.has(c))
      .forEach((c, i) => {
        lines.push(
          `Cán bộ Tiếp Nhận,001${String(100_000_000 + i * 2)
            .slice(1)
            .padStart(9, '0')},${centreOf(c)},Cán bộ một cửa`,
        );
        lines.push(
          `Cán bộ Xử Lý,001${String(100_000_001 + i * 2)
            .slice(1)
            .padStart(9, '0')},${centreOf(c)},"Chuyên viên, Lãnh đạo"`,
        );
      });
    const ctx = createAppContext(s.db.database.db, { now: () => clock });
    const report = await importOfficials(ctx, { kind: 'system' }, Buffer.from(lines.join('\n')), false, {
      ip: null,
      requestId: 'test',
    });
    assert.deepEqual(report.refused, []);
    const res = await switchTo(ministry);
    assert.equal(res.statusCode, 204, res.body);

    // The day comes: a dossier from every commune, submitted online, lands at its centre with someone to take it.
    clock = new Date('2026-03-03T09:00:00+07:00');
    const system = await signIn(s.app, 'quantri', clock);
    const made = await system.call('POST', '/api/v1/api-clients', {
      name: 'Cổng DVCQG',
      scopes: ['dossiers.submit'],
    });
    assert.equal(made.statusCode, 201, made.body);
    const key = made.json<{ key: string }>().key;
    for (const [i, c] of communes.entries()) {
      const sent = await s.app.inject({
        method: 'POST',
        url: '/api/v1/portal/dossiers',
        headers: {
          authorization: `Bearer ${key}`,
          'idempotency-key': `G22.99-260303-${String(i).padStart(4, '0')}`,
        },
        payload: {
          procedureCode: adoption,
          agencyCode: centreOf(c),
          applicant: {
            kind: 'individual',
            idNumber: '001089012345',
            name: 'Nguyễn Thị Mai',
            address: { communeCode: c, detail: 'Số 1' },
          },
          components: ['TK', 'DON', 'GKSK', 'LLTP'].map((code) => ({ code, copies: 1 })),
          eform: { TK: { hoTen: 'Nguyễn Thị Mai', soDinhDanh: '001089012345', noiDung: 'Nhận con nuôi' } },
        },
      });
      assert.equal(sent.statusCode, 201, `${c}: ${sent.body}`);
    }
    const dossiers = await s.db.database.db.selectFrom('dossier').select(['agency_code', 'orphan']).execute();
    assert.equal(dossiers.length, communes.length);
    assert.deepEqual(
      dossiers.filter((d) => d.orphan).map((d) => d.agency_code),
      [],
    );
  });
});
