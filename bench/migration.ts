import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExport } from '../src/app/migration/checkExport.js';
import { createAppContext } from '../src/app/context.js';
import { runImport } from '../src/app/migration/runImport.js';
import { DiskFileStore } from '../src/app/files/fileStore.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import { openDatabase, type Database } from '../src/store/database.js';
import type { Mapping } from '../src/domain/migration/draftMapping.js';
import { migrate } from '../src/store/migrations.js';
import { migrationTarget } from '../fixtures/migrationTarget.js';
import { copyOfDatabase, freshPostgres } from './freshDatabase.js';
import { importCeiling } from './importCeiling.js';
import { writeProvincialExport } from './provincialExport.js';

/**
 * The migration's dry run at scale: a generated provincial export of BENCH_DOSSIERS dossiers
 * (200,000 by default; 1,000,000 for the issue's figure) checked by `migrate-in check`'s own code,
 * as dossiers (with their history and related rows) per second and the peak memory; then, with
 * BENCH_DATABASE_URL, `migrate-in run`'s import of the same export into a fresh PostgreSQL database
 * (as Nghệ An's, every unit and procedure mapped), as dossiers with their history per second.
 */
export async function migration(): Promise<void> {
  const n = Number(process.env['BENCH_DOSSIERS'] ?? 200_000);
  const dir = await mkdtemp(join(tmpdir(), 'motcua-export-bench-'));
  try {
    const t = performance.now();
    const source = await writeProvincialExport(dir, n);
    const size =
      (await stat(join(dir, 'HoSos.csv'))).size + (await stat(join(dir, 'QuaTrinhXuLyHoSos.csv'))).size;
    console.log(
      `\ngenerated an export of ${n.toLocaleString('en')} dossiers in ${((performance.now() - t) / 1000).toFixed(0)} s (HoSos + history ${(size / 2 ** 20).toFixed(0)} MiB)`,
    );
    await dryRun(dir);
    const url = process.env['BENCH_DATABASE_URL'];
    if (url) await importInto(url, dir, source);
    if (process.env['BENCH_PGLITE']) await importInto(null, dir, source);
  } finally {
    if (!process.env['BENCH_KEEP']) await rm(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

/** `migrate-in check` over the export, timed, with its peak memory (nothing of it kept after). */
async function dryRun(dir: string): Promise<void> {
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const t = performance.now();
  const r = await checkExport(dir, { asOf: '2025-06-30' });
  clearInterval(sample);
  const s = (performance.now() - t) / 1000;
  const c = r.check;
  console.log(
    `migrate-in check: ${c.source.dossiers.toLocaleString('en')} dossiers, ${c.source.history.toLocaleString('en')} history rows in ${s.toFixed(1)} s = ${Math.round(c.source.dossiers / s).toLocaleString('en')} dossiers/s (${Math.round(c.source.history / s).toLocaleString('en')} history rows/s); refused ${c.refused.length.toLocaleString('en')}, duplicates ${c.history.duplicates.length.toLocaleString('en')}; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
}

/**
 * The import into a fresh PostgreSQL database (`adminUrl`), or into an embedded one in memory (null).
 * On PostgreSQL the database is copied before the import, and the rows the import wrote are then
 * stored into the copy with COPY: the database's own ceiling for the same rows, in the same run.
 */
async function importInto(
  adminUrl: string | null,
  dir: string,
  source: { units: string[]; procedures: string[] },
) {
  const fresh = adminUrl ? await freshPostgres(adminUrl) : null;
  let database = await openDatabase(fresh ? { url: fresh.url } : { memory: true });
  let before: Awaited<ReturnType<typeof copyOfDatabase>> | null = null;
  try {
    await migrate(database.db);
    await seedReferenceData(database.db);
    const mapping = await migrationTarget(database.db, source);
    if (adminUrl && fresh) {
      await database.close();
      before = await copyOfDatabase(adminUrl, fresh.url);
      database = await openDatabase({ url: fresh.url });
    }
    const r = await timedImport(database, dir, mapping);
    if (fresh && before) {
      const c = await importCeiling(fresh.url, before.url, dir);
      const perS = (n: number) => Math.round(n / c.seconds).toLocaleString('en');
      console.log(
        `  the database's ceiling for the same rows (COPY into a copy of the database before the import, one backend): ${c.seconds.toFixed(1)} s = ${perS(r.written)} dossiers/s (${Object.entries(
          c.rows,
        )
          .filter(([, n]) => n > 0)
          .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
          .join(
            ', ',
          )}); import ÷ ceiling ${(c.seconds / r.seconds).toFixed(2)}× (the import phase alone: ${(c.seconds / (r.seconds - r.checkS)).toFixed(2)}×)`,
      );
    }
  } finally {
    await database.close();
    await fresh?.drop();
    await before?.drop();
  }
}

/** `migrate-in run`'s import, timed: end to end, and the dry run with the staging apart. */
export async function timedImport(database: Database, dir: string, mapping: Mapping) {
  const ctx = createAppContext(database.db, { now: () => new Date('2025-07-01T08:00:00+07:00') });
  let staged = 0;
  let stagedAt = 0;
  const t = performance.now();
  const r = await runImport(ctx, dir, {
    asOf: '2025-06-30',
    mapping,
    files: new DiskFileStore(join(dir, 'store')),
    onProgress: (p) => {
      if (p.phase === 'staging') staged = p.done;
      if (p.phase === 'importing' && stagedAt === 0) stagedAt = performance.now();
    },
  });
  const seconds = (performance.now() - t) / 1000;
  const checkS = r.check.check.source.dossiers > 0 ? (stagedAt - t) / 1000 : 0;
  const written = r.totals.imported;
  console.log(
    `migrate-in run (${database.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}): ${written.toLocaleString('en')} dossiers (${r.totals.inFlight.toLocaleString('en')} in flight) with ${r.totals.history.toLocaleString('en')} history rows in ${seconds.toFixed(1)} s = ${Math.round(written / seconds).toLocaleString('en')} dossiers/s end to end (check and staging ${checkS.toFixed(1)} s, ${staged.toLocaleString('en')} history lines staged; the import phase ${Math.round(written / (seconds - checkS)).toLocaleString('en')} dossiers/s); ${r.stayedProvincial.toLocaleString('en')} stay provincial, ${r.notWritten.length} not written`,
  );
  return { written, seconds, checkS };
}
