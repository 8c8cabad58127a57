import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { createAppContext } from '../../src/app/context.js';
import { DiskFileStore } from '../../src/app/files/fileStore.js';
import { runImport } from '../../src/app/migration/runImport.js';
import type { Mapping } from '../../src/domain/migration/draftMapping.js';
import { projectRoot } from '../../src/paths.js';
import type { Database } from '../../src/store/database.js';
import { writeProvincialExport } from '../../bench/provincialExport.js';
import { migrationTarget } from '../../fixtures/migrationTarget.js';
import { cli } from '../support/serveProcess.js';
import { createSeededDatabase, testEngine, type TestDatabase } from '../support/testDatabase.js';

const asOf = '2025-06-30';

/** What a run leaves: dossiers, log entries, imported history rows (each source row once), sums. */
async function outcome(database: Database) {
  const { rows } = await sql<{
    dossiers: number;
    actions: number;
    history: number;
    distinct_history: number;
    codes: number;
    sums: number;
  }>`
    SELECT (SELECT count(*)::int FROM dossier) AS dossiers, (SELECT count(*)::int FROM dossier_action) AS actions,
      (SELECT count(*)::int FROM dossier_action WHERE data->>'sourceId' IS NOT NULL) AS history,
      (SELECT count(DISTINCT data->>'sourceId')::int FROM dossier_action WHERE data->>'sourceId' IS NOT NULL) AS distinct_history,
      (SELECT count(DISTINCT code)::int FROM dossier) AS codes,
      (SELECT coalesce(sum(n), 0)::int FROM indicator_change) AS sums`.execute(database.db);
  return rows[0];
}

/**
 * The import killed and resumed (issue 20): killed at three points and run again each time, it
 * ends with exactly what a clean run leaves — every dossier once, every history row once, the
 * indicator sums the same; run after success, it changes nothing; a later export holding the first
 * plus changed and new dossiers imports exactly those. The oracle is a clean run of the same
 * export into a database of its own.
 */
describe(`migrate-in run: killed, resumed, delta (${testEngine})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-resume-'));
  const first = join(dir, 'first');
  const delta = join(dir, 'delta');
  let clean: TestDatabase;
  let t: TestDatabase;
  let mapping: Mapping;
  let expected: NonNullable<Awaited<ReturnType<typeof outcome>>>;
  const n = 4000;
  const files = new DiskFileStore(join(dir, 'store'));

  before(async () => {
    const source = await writeProvincialExport(first, n);
    clean = await createSeededDatabase();
    mapping = await migrationTarget(clean.database.db, source);
    await runImport(createAppContext(clean.database.db), first, { files, asOf, mapping, batch: 200 });
    expected = (await outcome(clean.database)) as typeof expected;
    t = await createSeededDatabase();
    await migrationTarget(t.database.db, source);
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(mapping));
  });
  after(async () => {
    await clean?.drop();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a clean run imports the dossiers with their history, nothing twice', () => {
    assert.ok(expected && expected.dossiers > n * 0.9, JSON.stringify(expected));
    assert.equal(expected.codes, expected.dossiers);
    assert.equal(expected.distinct_history, expected.history);
    assert.ok(expected.history > n * 3);
  });

  it('killed at three points and resumed each time, ends as the clean run', async (c) => {
    const ctx = createAppContext(t.database.db);
    const progress = async () =>
      (await t.database.db.selectFrom('migration_run').select(['state', 'progress']).executeTakeFirst()) ??
      null;
    if (t.url) {
      // The real thing: the command in its own process, SIGKILL while it works.
      const points: ((p: {
        state: string;
        progress: { stagedLine?: number; dossierLine?: number };
      }) => boolean)[] = [
        (p) => p.state === 'staging' && (p.progress.stagedLine ?? 0) > 0,
        (p) => p.state === 'importing' && (p.progress.dossierLine ?? 0) > 0,
        (p) => p.state === 'importing' && (p.progress.dossierLine ?? 0) > n / 2,
      ];
      for (const reached of points) {
        const child = spawn(
          process.execPath,
          [
            ...cli,
            'migrate-in',
            'run',
            first,
            '--mapping',
            join(dir, 'mapping.json'),
            '--report',
            join(dir, 'r.json'),
            '--as-of',
            asOf,
          ],
          { cwd: projectRoot, env: { ...process.env, DATABASE_URL: t.url }, stdio: 'ignore' },
        );
        const exited = new Promise((r) => child.on('exit', r));
        let killed = false;
        for (let i = 0; i < 3000 && child.exitCode === null; i++) {
          const p = await progress();
          if (p && reached(p as never)) {
            child.kill('SIGKILL');
            killed = true;
            break;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
        await exited;
        assert.ok(killed, 'killed while it worked');
        assert.notEqual((await progress())?.state, 'done');
      }
    } else {
      c.diagnostic('embedded database: the run is stopped in-process at the same three points');
      for (const at of [
        (p: { phase: string; done: number }) => p.phase === 'staging' && p.done > 0,
        (p: { phase: string; done: number }) => p.phase === 'importing' && p.done > 0,
        (p: { phase: string; done: number }) => p.phase === 'importing' && p.done > n / 2,
      ]) {
        await assert.rejects(
          runImport(ctx, first, {
            files,
            asOf,
            mapping,
            batch: 200,
            onProgress: (p) => {
              if (at(p)) throw new Error('stopped');
            },
          }),
          /stopped/,
        );
      }
    }
    const resumed = await runImport(ctx, first, { files, asOf, mapping, batch: 200 });
    assert.equal(resumed.resumed, true);
    assert.deepEqual(await outcome(t.database), expected);
    const { rows } = await sql<{ state: string }>`SELECT state FROM migration_run`.execute(t.database.db);
    assert.deepEqual(
      rows.map((r) => r.state),
      ['done'],
    );
  });

  it('run again after success: nothing changes', async () => {
    const again = await runImport(createAppContext(t.database.db), first, {
      files,
      asOf,
      mapping,
      batch: 500,
    });
    assert.equal(again.totals.imported + again.totals.updated, 0);
    assert.deepEqual(await outcome(t.database), expected);
  });

  it('a delta export (the first, 100 changed, 100 new) imports exactly those 200', async () => {
    // The same generator's export, with 100 rows moved on (returned) and 100 added.
    const table = parse(readFileSync(join(first, 'HoSos.csv'), 'utf8'), { bom: true }) as string[][];
    const columns = table[0] as string[];
    const status = columns.indexOf('TrangThaiHoSoId');
    const code = columns.indexOf('MaHoSo');
    const id = columns.indexOf('Id');
    const { rows: importedCodes } = await sql<{ code: string }>`
      SELECT d.code FROM dossier d WHERE d.status = 9`.execute(t.database.db);
    const finishable = new Set(importedCodes.map((r) => r.code));
    let changed = 0;
    const added: string[][] = [];
    const lines = table.map((cells, i) => {
      if (i === 0) return cells;
      if (changed < 100 && finishable.has(cells[code] ?? '')) {
        changed++;
        return cells.map((c, k) => (k === status ? '10' : c));
      }
      // A dossier received since the first export: another code, another row id.
      if (added.length < 100 && !finishable.has(cells[code] ?? '') && i % 7 === 0)
        added.push(cells.map((c, k) => (k === code ? `${c}-N` : k === id ? `${c.slice(0, -4)}ffff` : c)));
      return cells;
    });
    assert.equal(changed, 100);
    assert.equal(added.length, 100);
    rmSync(delta, { recursive: true, force: true });
    await writeProvincialExport(delta, 0);
    for (const f of [
      'ThuTucs',
      'QuaTrinhXuLyHoSos',
      'ThanhPhanHoSos',
      'YeuCauThanhToans',
      'HoSoBoSungs',
      'KetQuaLienQuans',
    ])
      writeFileSync(join(delta, `${f}.csv`), readFileSync(join(first, `${f}.csv`)));
    writeFileSync(
      join(delta, 'HoSos.csv'),
      `\uFEFF${stringify([...lines, ...added], { record_delimiter: '\r\n' })}`,
    );
    const m = mapping;
    const before = await outcome(t.database);
    const r = await runImport(createAppContext(t.database.db), delta, {
      files,
      asOf,
      mapping: m,
      batch: 500,
    });
    assert.equal(
      r.totals.updated,
      100,
      JSON.stringify({
        totals: r.totals,
        notWritten: r.notWritten.slice(0, 3),
        problems: r.check.problems,
        refused: r.check.check.refused.length,
      }),
    );
    const newValid = r.check.check.valid.dossiers - expected.dossiers - r.check.check.staysProvincial.length;
    assert.equal(r.totals.imported, newValid);
    assert.ok(r.totals.imported >= 95, `${r.totals.imported} new (the others refused by the check, named)`);
    const afterDelta = await outcome(t.database);
    assert.equal(afterDelta?.dossiers, (before?.dossiers ?? 0) + r.totals.imported);
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM dossier WHERE status = 10 AND code = ANY(${[...finishable]}::text[])`.execute(
      t.database.db,
    );
    assert.equal(rows[0]?.n, 100);
  });
});
