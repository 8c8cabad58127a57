import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createAppContext } from '../../src/app/context.js';
import { DiskFileStore } from '../../src/app/files/fileStore.js';
import { runImport } from '../../src/app/migration/runImport.js';
import { rollbackRun } from '../../src/app/migration/rollbackRun.js';
import { checkIndicators } from '../../src/app/reports/indicatorCheck.js';
import { readPortalSnapshots } from '../../src/integrations/dvcqg/portalFacts.js';
import { portalDossier } from '../../src/integrations/dvcqg/portalMessage.js';
import { writeProvincialExport } from '../../bench/provincialExport.js';
import { demoCommuneCentre, migrationTarget } from '../../fixtures/migrationTarget.js';
import { seedStaff, signIn } from '../../fixtures/staff.js';
import { startTestHub, type TestHub } from '../support/integrationFixtures.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { testEngine } from '../support/testDatabase.js';

/**
 * An in-flight dossier taken over from a provincial system continues here (issue 20): placed on
 * the bound workflow's step at the mapped agency, processed to its result by that agency's
 * officials; the portal, which already held it from the provincial system, gets updates and never
 * a second create; its public status page shows the whole history, old and new; the indicators'
 * recount stays equal.
 */
describe(`an imported dossier continues here (${testEngine})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-continue-'));
  let s: TestServer;
  let hub: TestHub;
  let centre: Awaited<ReturnType<typeof demoCommuneCentre>>;
  let code: string;
  const files = new DiskFileStore(join(dir, 'store'));

  before(async () => {
    s = await startTestServer({ loginPerMinute: 1000 });
    const db = s.db.database.db;
    await seedStaff(db);
    centre = await demoCommuneCentre(db);
    const source = await writeProvincialExport(dir, 150);
    const mapping = await migrationTarget(db, source, [centre.agency]);
    const r = await runImport(createAppContext(db), dir, { files, asOf: '2025-06-30', mapping });
    assert.ok(r.totals.inFlight > 10);
    const d = await db
      .selectFrom('dossier')
      .select(['code', 'id'])
      .where('procedure_code', '=', '1.001193')
      .where('status', '=', 4)
      .where('step_code', '=', 'TD')
      .where('agency_code', '=', centre.agency)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    code = d.code;
    hub = await startTestHub(s.db.database);
    // The provincial system had sent it to the portal: the portal holds it under the same code.
    const snap = (await readPortalSnapshots(db, [d.id])).get(d.id);
    assert.ok(snap);
    const seeded = await hub.portalClient.createDossier(
      portalDossier(snap.dossier, (path) => `https://tinh.example${path}`).message,
      'provincial-1',
    );
    assert.equal(seeded.kind, 'ack');
  });
  after(async () => {
    await hub?.close();
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is worked on by the mapped agency to its result; the portal gets updates, no new create', async () => {
    const db = s.db.database.db;
    const act = async (username: string, body: Record<string, unknown>) => {
      const who = await signIn(s.app, username);
      const d = await db
        .selectFrom('dossier')
        .select('version')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      const res = await who.call('POST', `/api/v1/dossiers/${encodeURIComponent(code)}/actions`, {
        ...body,
        expectedVersion: d.version,
      });
      assert.equal(res.statusCode, 200, `${String(body['type'])}: ${res.body}`);
    };
    const detail = await (
      await signIn(s.app, centre.processor)
    ).call('GET', `/api/v1/dossiers/${encodeURIComponent(code)}`);
    assert.equal(detail.statusCode, 200, detail.body);
    await act(centre.processor, { type: 'forward', toStep: 'PD', agencyCode: centre.agency });
    await act(centre.leader, { type: 'issue_result' });
    await act(centre.receiver, { type: 'return_result', method: 'counter', reference: '040189000321' });

    const dispatcher = hub.dispatcher();
    await hub.drain(dispatcher);
    const state = (await (await fetch(`${hub.portal.url}/_sim/state`)).json()) as {
      dossiers: { MaHoSo: string; TrangThaiHoSo: number; versions: number[] }[];
    };
    const held = state.dossiers.filter((x) => x.MaHoSo === code);
    assert.equal(held.length, 1, 'one dossier at the portal: never created twice');
    assert.equal(held[0]?.TrangThaiHoSo, 10);
    assert.ok((held[0]?.versions.length ?? 0) >= 2, 'updated after the provincial create');
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM outbox_message WHERE destination = 'dvcqg' AND status <> 'sent'`.execute(
      db,
    );
    assert.equal(rows[0]?.n, 0);
  });

  it('shows its whole history on the public status page, old and new', async () => {
    const d = await s.db.database.db
      .selectFrom('dossier')
      .select('applicant_id_number')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/v1/public/dossiers/${encodeURIComponent(code)}?verify=${d.applicant_id_number.slice(-4)}`,
    });
    assert.equal(res.statusCode, 200, res.body);
    const status = res.json() as { status: number; history: { action: string; statusName: string }[] };
    assert.equal(status.status, 10);
    const actions = status.history.map((h) => h.action);
    assert.ok(actions.includes('Tiếp nhận hồ sơ'), actions.join(' | '));
    assert.ok(actions.includes('Chuyển sang hệ thống tập trung, tiếp tục xử lý'));
    assert.deepEqual(actions.slice(-3), ['Chuyển xử lý', 'Phê duyệt, ban hành kết quả', 'Trả kết quả']);
  });

  it('once worked on here, the run cannot be rolled back: the dossier is named', async () => {
    const db = s.db.database.db;
    const run = await db.selectFrom('migration_run').select('id').executeTakeFirstOrThrow();
    const before = await db
      .selectFrom('dossier')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await rollbackRun(createAppContext(db), run.id, { operator: 'test' });
    assert.equal(r.kind, 'worked_on');
    assert.ok(r.kind === 'worked_on' && r.codes.includes(code), JSON.stringify(r));
    const after = await db
      .selectFrom('dossier')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('keeps the indicators equal to a recount', async () => {
    const check = await checkIndicators(createAppContext(s.db.database.db));
    assert.equal(check.equal, true);
  });
});
