import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExport } from '../src/app/migration/checkExport.js';
import { createAppContext } from '../src/app/context.js';
import { runImport } from '../src/app/migration/runImport.js';
import { DiskFileStore } from '../src/app/files/fileStore.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrations.js';
import { migrationTarget } from '../fixtures/migrationTarget.js';
import { freshPostgres } from './freshDatabase.js';
import { writeProvincialExport } from './provincialExport.js';

/**
 * The migration's dry run at scale: a generated provincial export of BENCH_DOSSIERS dossiers
 * (200,000 by default; 1,000,000 for the figure) checked by `migrate-in check`'s own code,
 * as dossiers (with their history and related rows) per second and the peak memory; then, with
 * BENCH_DATABASE_URL, `migrate-in run`'s import of the same export into a fresh PostgreSQL database
 * (as Nghệ An's, every unit and procedure mapped), as dossiers with their history per second.
 */
export async function migration(): Promise<void> {
  const n = Number(process.env['BENCH_DOSSIERS'] ?? 200_000);
  const dir = await mkdtemp(join(tmpdir(), 'motcua-export-bench-'));
  try {
    let t = performance.now();
    const source = await writeProvincialExport(dir, n);
    const size =
      (await stat(join(dir, 'HoSos.csv'))).size + (await stat(join(dir, 'QuaTrinhXuLyHoSos.csv'))).size;
    console.log(
      `\ngenerated an export of ${n.toLocaleString('en')} dossiers in ${((performance.now() - t) / 1000).toFixed(0)} s (HoSos + history ${(size / 2 ** 20).toFixed(0)} MiB)`,
    );
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
    t = performance.now();
    const r = await checkExport(dir, { asOf: '2025-06-30' });
    clearInterval(sample);
    const s = (performance.now() - t) / 1000;
    const c = r.check;
    console.log(
      `migrate-in check: ${c.source.dossiers.toLocaleString('en')} dossiers, ${c.source.history.toLocaleString('en')} history rows in ${s.toFixed(1)} s = ${Math.round(c.source.dossiers / s).toLocaleString('en')} dossiers/s (${Math.round(c.source.history / s).toLocaleString('en')} history rows/s); refused ${c.refused.length.toLocaleString('en')}, duplicates ${c.history.duplicates.length.toLocaleString('en')}; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
    );
    const url = process.env['BENCH_DATABASE_URL'];
    if (url) await importInto(url, dir, source);
    if (process.env['BENCH_PGLITE']) await importInto(null, dir, source);
  } finally {
    if (!process.env['BENCH_KEEP']) await rm(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

/** The import into a fresh PostgreSQL database (`adminUrl`), or into an embedded one in memory (null). */
async function importInto(
  adminUrl: string | null,
  dir: string,
  source: { units: string[]; procedures: string[] },
) {
  const fresh = adminUrl ? await freshPostgres(adminUrl) : null;
  const database = await openDatabase(fresh ? { url: fresh.url } : { memory: true });
  try {
    await migrate(database.db);
    await seedReferenceData(database.db);
    const mapping = await migrationTarget(database.db, source);
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
    const s = (performance.now() - t) / 1000;
    const checkS = r.check.check.source.dossiers > 0 ? (stagedAt - t) / 1000 : 0;
    const written = r.totals.imported;
    console.log(
      `migrate-in run (${fresh ? 'PostgreSQL' : 'PGlite'}): ${written.toLocaleString('en')} dossiers (${r.totals.inFlight.toLocaleString('en')} in flight) with ${r.totals.history.toLocaleString('en')} history rows in ${s.toFixed(1)} s = ${Math.round(written / s).toLocaleString('en')} dossiers/s end to end (check and staging ${checkS.toFixed(1)} s, ${staged.toLocaleString('en')} history lines staged); ${r.stayedProvincial.toLocaleString('en')} stay provincial, ${r.notWritten.length} not written`,
    );
  } finally {
    await database.close();
    await fresh?.drop();
  }
}
