import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { createAppContext } from '../../src/app/context.js';
import { checkExport } from '../../src/app/migration/checkExport.js';
import { planMapping } from '../../src/app/migration/planMapping.js';
import { reconcileImport } from '../../src/app/migration/reconcileImport.js';
import { DiskFileStore } from '../../src/app/files/fileStore.js';
import { runImport, type RunOutcome } from '../../src/app/migration/runImport.js';
import { rollbackRun } from '../../src/app/migration/rollbackRun.js';
import { checkIndicators } from '../../src/app/reports/indicatorCheck.js';
import type { Mapping } from '../../src/domain/migration/draftMapping.js';
import { projectRoot } from '../../src/paths.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedDemoDeployment } from '../../src/seed/demoDeployment.js';
import { createSeededDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

const sample = join(projectRoot, '../shared/data/provincial-export/sample');
const csv = (path: string) =>
  parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
const blank = (v: string | undefined) => v === undefined || v === '' || v === 'NULL';

/**
 * The import of the shared sample (issue 20's acceptance), with the mapping completed as an
 * administrator would (every unit and procedure given a target). The oracle is the sample's
 * manifest (counts by status among valid rows) and the CSV files read here: each valid dossier is
 * imported or stays in the province (in flight, its procedure not received centrally), each live,
 * non-duplicate history row of an imported dossier is in its log, once.
 */
describe(`migrate-in run: the shared sample (${testEngine})`, { skip: !existsSync(sample) }, () => {
  let t: TestDatabase;
  let mapping: Mapping;
  let first: RunOutcome;
  const asOf = '2025-06-30';
  const store = mkdtempSync(join(tmpdir(), 'motcua-sample-store-'));
  const files = new DiskFileStore(store);
  const ctx = () => createAppContext(t.database.db, { now: () => new Date('2025-07-01T08:00:00+07:00') });
  const manifest = () =>
    JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8')) as {
      hoso: { by_status_valid: Record<string, number> };
      history: { duplicate_of: [string, string][] };
    };

  before(async () => {
    t = await createSeededDatabase();
    await seedCatalog(createAppContext(t.database.db, { now: () => new Date('2025-01-01') }));
    await seedDemoDeployment(t.database.db, new Date('2025-01-01T00:00:00+07:00'));
    ({ mapping } = await planMapping(createAppContext(t.database.db), sample, '38'));
    // The administrator's decisions: a split commune to its first successor, a district to the
    // province's committee, a local procedure without a national twin to a catalog one.
    for (const u of mapping.units) u.agency ??= u.candidates[0]?.code ?? '000.00.00.H38';
    for (const p of mapping.procedures) p.procedure ??= p.candidates[0]?.code ?? 'VD.000001';
    // Birth registration is received centrally in Thanh Hóa from 1 June 2025, at the communes' centres.
    const v = await t.database.db
      .selectFrom('procedure_version')
      .select('version_no')
      .where('procedure_code', '=', '1.001193')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('deployment_route')
      .values({
        procedure_code: '1.001193',
        province_code: '38',
        effective_from: new Date('2025-06-01T00:00:00+07:00'),
        mode: 'central',
        set_at: new Date('2025-05-01'),
      })
      .execute();
    await t.database.db
      .insertInto('workflow_binding')
      .values({
        procedure_code: '1.001193',
        version_no: v.version_no,
        case_code: '',
        unit_code: '38',
        revision: 1,
        steps: JSON.stringify(
          ['TN', 'TD', 'PD', 'TK'].map((stepCode) => ({ stepCode, agencyKind: 'commune_service_center' })),
        ),
        saved_at: new Date('2025-05-01'),
        saved_by: null,
      })
      .execute();
    first = await runImport(ctx(), sample, { files, asOf, mapping, batch: 40 });
  });
  after(async () => {
    await t.drop();
    rmSync(store, { recursive: true, force: true });
  });

  it('imports every valid dossier or keeps it in the province, by status as the manifest counts them', async () => {
    assert.deepEqual(first.check.problems, []);
    assert.deepEqual(first.notWritten, []);
    const r = await reconcileImport(ctx(), '38', first.check, { unchanged: 0, notWritten: [] });
    assert.deepEqual(r.defects, []);
    const stays: Record<string, number> = {};
    for (const s of first.check.check.staysProvincial) stays[s.status] = (stays[s.status] ?? 0) + 1;
    for (const [status, n] of Object.entries(manifest().hoso.by_status_valid))
      assert.equal((r.byStatus.imported[status] ?? 0) + (stays[status] ?? 0), n, `status ${status}`);
    assert.ok(first.check.check.staysProvincial.length > 0);
    assert.ok(r.imported.inFlight > 0, 'birth registrations in flight continue here');
  });

  it('brings each live, non-duplicate history row of an imported dossier once, in time order', async () => {
    const dups = new Set(manifest().history.duplicate_of.map(([, d]) => d));
    const { rows: codes } = await sql<{ code: string }>`
      SELECT d.code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id`.execute(t.database.db);
    const imported = new Set(codes.map((c) => c.code));
    const expected = csv(join(sample, 'QuaTrinhXuLyHoSos.csv')).filter(
      (h) => blank(h['DeletedOn']) && imported.has((h['MaHoSo'] ?? '').trim()) && !dups.has(h['Id'] ?? ''),
    );
    const { rows } = await sql<{ source_id: string; n: number }>`
      SELECT data->>'sourceId' AS source_id, count(*)::int AS n FROM dossier_action
      WHERE type = 'imported' AND data->>'sourceId' IS NOT NULL GROUP BY 1`.execute(t.database.db);
    assert.equal(rows.length, expected.length);
    assert.ok(rows.every((r) => r.n === 1));
    const { rows: disorder } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM dossier_action a JOIN dossier_action b
        ON b.dossier_id = a.dossier_id AND b.seq = a.seq + 1 WHERE b.at < a.at`.execute(t.database.db);
    assert.equal(disorder[0]?.n, 0);
  });

  it('places an in-flight dossier on a step of the bound workflow, known to the portal, counted in indicators', async () => {
    const { rows } = await sql<{
      status: number;
      step_code: string | null;
      agency_code: string;
      acked: number;
      version: number;
    }>`
      SELECT d.status, d.step_code, d.agency_code, s.acked_seq AS acked, d.version
      FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id JOIN portal_sync s ON s.dossier_id = d.id
      WHERE m.in_flight`.execute(t.database.db);
    assert.ok(rows.length > 0);
    for (const r of rows) {
      if (r.status !== 1) assert.ok(['TN', 'TD', 'PD', 'TK'].includes(r.step_code ?? ''), JSON.stringify(r));
      assert.equal(r.acked, r.version, 'the portal has it all: nothing to re-send as new');
    }
    const { rows: outbox } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox_message`.execute(
      t.database.db,
    );
    assert.equal(outbox[0]?.n, 0);
    const check = await checkIndicators(ctx());
    assert.equal(check.equal, true, JSON.stringify(check).slice(0, 500));
    assert.ok(check.dossiers > 200);
  });

  it("brings each attachment the export holds into the file store, names those it lacks, and the results with the holder's warehouse", async () => {
    const { rows: codes } = await sql<{ code: string }>`
      SELECT d.code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id`.execute(t.database.db);
    const imported = new Set(codes.map((c) => c.code));
    const expected = new Set<string>();
    const absent = new Set<string>();
    for (const c of csv(join(sample, 'ThanhPhanHoSos.csv'))) {
      if (!blank(c['DeletedOn']) || !imported.has((c['HoSo'] ?? '').trim()) || blank(c['DinhKem'])) continue;
      const paths = (c['DinhKem'] as string)
        .split(/##|,\s*(?=\/)/)
        .map((x) => x.trim())
        .filter((x) => x.startsWith('/'));
      for (const path of new Set(paths)) {
        const file = join(sample, 'files', path);
        if (!existsSync(file)) absent.add(path);
        else
          expected.add(
            `${(c['HoSo'] ?? '').trim()}|${(c['Ten'] ?? '').normalize('NFC').trim()}|${createHash('sha256').update(readFileSync(file)).digest('hex')}`,
          );
      }
    }
    const { rows } = await sql<{ code: string; component_code: string; sha256: string }>`
      SELECT d.code, x.component_code, x.sha256 FROM dossier_document x JOIN dossier d ON d.id = x.dossier_id`.execute(
      t.database.db,
    );
    assert.ok(expected.size > 100, `${expected.size} documents expected`);
    assert.deepEqual(new Set(rows.map((r) => `${r.code}|${r.component_code}|${r.sha256}`)), expected);
    assert.equal(rows.length, expected.size);
    for (const r of rows) assert.ok(await files.has(r.sha256));
    const m = JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8')) as {
      attachments: { missing_files: string[] };
    };
    for (const path of absent) assert.ok(m.attachments.missing_files.includes(path), path);
    assert.deepEqual(
      [...new Set(first.check.attachments.missing)].sort(),
      [...m.attachments.missing_files].sort(),
    );
    // Results: a finished dossier's number and signer, its file in the holder's warehouse, marked imported.
    const finished = csv(join(sample, 'HoSos.csv')).filter(
      (h) =>
        imported.has((h['MaHoSo'] ?? '').trim()) &&
        ['9', '10'].includes(h['TrangThaiHoSoId'] ?? '') &&
        (blank(h['LoaiKetQua']) || h['LoaiKetQua'] === 'Kết quả') &&
        (!blank(h['SoKyHieuKetQua']) || !blank(h['DinhKemKetQua'])),
    );
    const { rows: results } = await sql<{
      number: string | null;
      signer: string | null;
      sha256: string | null;
      imported: boolean | null;
    }>`
      SELECT r.number, r.signer, r.sha256, w.imported FROM dossier_result r LEFT JOIN warehouse_item w ON w.result_id = r.id
      WHERE r.status = 'imported'`.execute(t.database.db);
    assert.equal(results.length, finished.length);
    assert.ok(results.some((r) => r.sha256 && r.imported === true));
    assert.ok(results.every((r) => (r.sha256 === null) === (r.imported === null)));
  });

  it("maps the source workflow's nodes onto the bound steps, and a dossier in flight waits at its node's step", async () => {
    // The oracle: the demo workflow of birth registration (TN receipt, TD specialist, PD leader, TK
    // result) against the source's nodes read here: start → TN, a specialists' node → TD, the
    // leaders' → PD, end → TK.
    const cases = csv(join(sample, 'TruongHopThuTucs.csv')).filter(
      (c) => c['ThuTucId'] === '1.001193.000.00.00.H56',
    );
    const expected = new Map<string, string>();
    for (const c of cases)
      for (const n of JSON.parse(c['NodeQuyTrinh'] ?? '[]') as {
        id: string;
        type: string;
        data: { tenNhomNguoiDung?: string };
      }[])
        expected.set(
          n.id.toLowerCase(),
          n.type === 'start'
            ? 'TN'
            : n.type === 'end'
              ? 'TK'
              : n.data.tenNhomNguoiDung === 'lanhdao'
                ? 'PD'
                : 'TD',
        );
    assert.ok(expected.size >= 4);
    for (const [node, step] of expected)
      assert.equal(mapping.steps?.find((x) => x.node === node)?.step, step, node);
    const inFlight = csv(join(sample, 'HoSos.csv')).filter(
      (h) =>
        h['MaTTHC'] === '1.001193.000.00.00.H56' &&
        ['2', '4'].includes(h['TrangThaiHoSoId'] ?? '') &&
        blank(h['DeletedOn']),
    );
    const { rows } = await sql<{ code: string; step_code: string | null }>`
      SELECT d.code, d.step_code FROM migrated_dossier m JOIN dossier d ON d.id = m.dossier_id WHERE m.in_flight`.execute(
      t.database.db,
    );
    const stepOf = new Map(rows.map((r) => [r.code, r.step_code]));
    let checked = 0;
    for (const h of inFlight) {
      const want = expected.get((h['BuocHienTai'] ?? '').toLowerCase());
      if (!want || !stepOf.has((h['MaHoSo'] ?? '').trim())) continue;
      assert.equal(stepOf.get((h['MaHoSo'] ?? '').trim()), want, h['MaHoSo']);
      checked++;
    }
    assert.ok(checked > 0, 'some dossier in flight at a known node');
  });

  it('run again: every dossier unchanged, nothing written twice', async () => {
    const before = await counts();
    const again = await runImport(ctx(), sample, { files, asOf, mapping, batch: 40 });
    assert.equal(again.totals.imported, 0);
    assert.equal(again.totals.updated, 0);
    assert.equal(again.totals.unchanged, first.totals.imported);
    assert.deepEqual(await counts(), before);
  });

  it('a file problem stops the run before anything is written', async () => {
    const before = await counts();
    const bad = await runImport(ctx(), join(sample, 'files'), { files, asOf, mapping });
    assert.ok(bad.check.problems.length > 0);
    assert.equal(bad.run, null);
    assert.deepEqual(await counts(), before);
    void checkExport;
  });

  it('rolled back as a unit before any work here: every row of the run gone, the sums back, and it imports again', async () => {
    const before = await counts();
    const run = first.run as string;
    const r = await rollbackRun(ctx(), run, { operator: 'test' });
    assert.deepEqual(r, { kind: 'rolled_back', dossiers: first.totals.imported });
    assert.deepEqual(await counts(), { d: 0, a: 0, m: 0, x: 0, r: 0, w: 0 });
    const check = await checkIndicators(ctx());
    assert.equal(check.equal, true);
    const { rows } = await sql<{
      state: string;
    }>`SELECT state FROM migration_run WHERE id = ${run}::uuid`.execute(t.database.db);
    assert.equal(rows[0]?.state, 'rolled_back');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'migration.rolled_back')
      .execute();
    assert.deepEqual(audit, [{ action: 'migration.rolled_back', target_id: run }]);
    const again = await runImport(ctx(), sample, { files, asOf, mapping, batch: 40 });
    assert.equal(again.totals.imported, first.totals.imported);
    assert.deepEqual(await counts(), before);
    // The log stays append-only outside a rollback.
    await assert.rejects(sql`DELETE FROM dossier_action`.execute(t.database.db), /append-only/);
  });

  async function counts() {
    const { rows } = await sql<{ d: number; a: number; m: number; x: number; r: number; w: number }>`
      SELECT (SELECT count(*)::int FROM dossier) AS d, (SELECT count(*)::int FROM dossier_action) AS a,
        (SELECT count(*)::int FROM migrated_dossier) AS m, (SELECT count(*)::int FROM dossier_document) AS x,
        (SELECT count(*)::int FROM dossier_result) AS r, (SELECT count(*)::int FROM warehouse_item) AS w`.execute(
      t.database.db,
    );
    return rows[0];
  }
});
