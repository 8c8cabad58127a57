import { createAppContext } from '../src/app/context.js';
import { importOfficials } from '../src/app/accounts/importOfficials.js';
import { importRegister } from '../src/app/agencies/importRegister.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrations.js';
import { seedReferenceData } from '../src/seed/seedReferenceData.js';
import { nationalOfficials } from '../fixtures/nationalOfficials.js';
import { nationalRegister, registerCsv } from '../fixtures/nationalRegister.js';
import { freshPostgres } from './freshDatabase.js';

const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const meta = { ip: null, requestId: 'bench:onboarding' };

/**
 * Loading the real organisation (issue 19): the national register (~10,600 agencies) and ~20,000
 * officials, each a dry run, then applied, then applied again (nothing changes), by the system
 * (what `motcua import-agencies` and `import-accounts` do), each run on a fresh PostgreSQL database.
 */
export async function onboarding(): Promise<void> {
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (!adminUrl) {
    console.log('onboarding: needs BENCH_DATABASE_URL (PostgreSQL)');
    return;
  }
  const agencies = nationalRegister();
  const register = Buffer.from(registerCsv(agencies));
  const officials = Buffer.from(nationalOfficials(agencies));
  const times: Record<string, number[]> = {};
  for (let run = 0; run < runs; run++) {
    const pg = await freshPostgres(adminUrl);
    const database = await openDatabase({ url: pg.url });
    try {
      await migrate(database.db);
      await seedReferenceData(database.db, {});
      const ctx = createAppContext(database.db);
      const timed = async (label: string, work: () => Promise<{ refused: unknown[] }>) => {
        const t = performance.now();
        const r = await work();
        (times[label] ??= []).push((performance.now() - t) / 1000);
        if (r.refused.length > 0) throw new Error(`${label}: ${JSON.stringify(r.refused.slice(0, 3))}`);
        return r;
      };
      const system = { kind: 'system' as const };
      await timed('register, dry run', () => importRegister(ctx, system, register, true, meta));
      await timed('register, apply', () => importRegister(ctx, system, register, false, meta));
      await timed('register, apply again', () => importRegister(ctx, system, register, false, meta));
      await timed('officials, dry run', () => importOfficials(ctx, system, officials, true, meta));
      const made = await timed('officials, apply', () =>
        importOfficials(ctx, system, officials, false, meta),
      );
      await timed('officials, apply again', () => importOfficials(ctx, system, officials, false, meta));
      if (run === 0)
        console.log(
          `  ${agencies.length} agencies, ${JSON.stringify({ ...made, refused: undefined, changes: undefined })}`,
        );
    } finally {
      await database.close();
      await pg.drop();
    }
  }
  for (const [label, ts] of Object.entries(times)) {
    const sorted = [...ts].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    console.log(
      `  ${label.padEnd(24)} median ${median.toFixed(1)} s (${sorted.map((t) => t.toFixed(1)).join(', ')})`,
    );
  }
}
