import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExport } from '../src/app/migration/checkExport.js';
import { writeProvincialExport } from './provincialExport.js';

/**
 * The migration's dry run at scale: a generated provincial export of BENCH_DOSSIERS dossiers
 * (200,000 by default; 1,000,000 for the issue's figure) checked by `migrate-in check`'s own code,
 * as dossiers (with their history and related rows) per second and the peak memory.
 */
export async function migration(): Promise<void> {
  const n = Number(process.env['BENCH_DOSSIERS'] ?? 200_000);
  const dir = await mkdtemp(join(tmpdir(), 'motcua-export-bench-'));
  try {
    let t = performance.now();
    await writeProvincialExport(dir, n);
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
  } finally {
    if (!process.env['BENCH_KEEP']) await rm(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}
