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
    // Then the server crashes: PostgreSQL empties unlogged tables, the staged history with them
    // (the staging is unlogged). The run resumed stages it again from the export.
    assert.ok(
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM migration_history`.execute(t.database.db))
          .rows[0]?.n,
      ) > 0,
    );
    await sql`DELETE FROM migration_history`.execute(t.database.db);
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

  it('a delta export (the first, 1,000 changed, 1,000 new) imports exactly those 2,000', async () => {
    // The same export with 1,000 imported dossiers moved on since (returned, or their summary
    // corrected) and 1,000 received since (new codes and row ids, otherwise like imported ones).
    const table = parse(readFileSync(join(first, 'HoSos.csv'), 'utf8'), { bom: true }) as string[][];
    const columns = table[0] as string[];
    const status = columns.indexOf('TrangThaiHoSoId');
    const code = columns.indexOf('MaHoSo');
    const id = columns.indexOf('Id');
    const summary = columns.indexOf('TrichYeuHoSo');
    const { rows: importedRows } = await sql<{ code: string; status: number }>`
      SELECT d.code, d.status FROM dossier d JOIN migrated_dossier m ON m.dossier_id = d.id`.execute(
      t.database.db,
    );
    const imported = new Map(importedRows.map((r) => [r.code, r.status]));
    const returned = new Set<string>();
    let changed = 0;
    const added: string[][] = [];
    const lines = table.map((cells, i) => {
      const c = cells[code] ?? '';
      if (i === 0 || !imported.has(c)) return cells;
      if (i % 2 === 0 && changed < 1000) {
        changed++;
        if (imported.get(c) === 9) {
          returned.add(c);
          return cells.map((x, k) => (k === status ? '10' : x));
        }
        return cells.map((x, k) => (k === summary ? `${x} (đính chính)` : x));
      }
      if (added.length < 1000)
        added.push(cells.map((x, k) => (k === code ? `${x}-N` : k === id ? `${x.slice(0, -4)}ffff` : x)));
      return cells;
    });
    assert.equal(changed, 1000);
    assert.equal(added.length, 1000);
    assert.ok(returned.size > 10);
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
      1000,
      JSON.stringify({
        totals: r.totals,
        notWritten: r.notWritten.slice(0, 3),
        problems: r.check.problems,
        refused: r.check.check.refused.length,
      }),
    );
    assert.equal(r.totals.imported, 1000);
    assert.equal(r.totals.unchanged, expected.dossiers - 1000);
    const afterDelta = await outcome(t.database);
    assert.equal(afterDelta?.dossiers, (before?.dossiers ?? 0) + r.totals.imported);
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM dossier WHERE status = 10 AND code = ANY(${[...returned]}::text[])`.execute(
      t.database.db,
    );
    assert.equal(rows[0]?.n, returned.size);
    assert.deepEqual(r.reconciliation?.defects, []);
  });
});
