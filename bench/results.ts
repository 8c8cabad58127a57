import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/http/server.js';
import { LocalCertificateAuthority } from '../src/app/signing/localCertificateAuthority.js';
import { openDatabase, type Database } from '../src/store/database.js';
import { demoIntake } from '../fixtures/intake.js';
import { signIn, type Signed } from '../fixtures/staff.js';
import { startBenchServer } from './benchSetup.js';
import { freshPostgres, percentile } from './freshDatabase.js';

const perMode = 40;

async function actOn(who: Signed, code: string, body: Record<string, unknown>): Promise<number> {
  const { version } = (await who.call('GET', `/api/v1/dossiers/${code}`)).json<{ version: number }>();
  const t = performance.now();
  const r = await who.call('POST', `/api/v1/dossiers/${code}/actions`, { expectedVersion: version, ...body });
  const ms = performance.now() - t;
  if (r.statusCode !== 200) throw new Error(r.body);
  return ms;
}

/**
 * What signing a result here costs: the leader's "issue result" when the result is drafted from its
 * template, numbered, rendered, signed (PAdES) and kept in the same transaction, against the same
 * action when the result only goes to the document-management system's queue (the action's own
 * cost, its ceiling here). Then the public check of a signed file.
 */
async function measure(label: string, database: Database): Promise<void> {
  const pki = mkdtempSync(join(tmpdir(), 'motcua-bench-pki-'));
  try {
    const { app } = await startBenchServer(database);
    const ca = await LocalCertificateAuthority.open(pki);
    const signing = await buildServer({
      database,
      signer: ca,
      verifyBase: () => 'https://motcua.gov.vn',
      loginPerMinute: 1000,
    });
    await signing.ready();
    const receiver = await signIn(app, 'hanoi.motcua');
    const processor = await signIn(app, 'hanoi.chuyenvien');
    const leader = await signIn(app, 'hanoi.lanhdao');
    const ready: string[] = [];
    for (let i = 0; i < perMode * 2 + 2; i++) {
      const r = await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012345'));
      const { code } = r.json<{ code: string }>();
      await actOn(receiver, code, { type: 'forward', toStep: 'TD' });
      await actOn(processor, code, { type: 'forward', toStep: 'PD' });
      ready.push(code);
    }
    // The leader's first signature issues their certificate: measured apart.
    const signer = await signIn(signing, 'hanoi.lanhdao');
    const first = await actOn(signer, ready.shift() as string, { type: 'issue_result' });
    await actOn(leader, ready.shift() as string, { type: 'issue_result' });
    const signed: number[] = [];
    const queued: number[] = [];
    for (let i = 0; i < perMode; i++) {
      signed.push(await actOn(signer, ready.shift() as string, { type: 'issue_result' }));
      queued.push(await actOn(leader, ready.shift() as string, { type: 'issue_result' }));
    }
    signed.sort((a, b) => a - b);
    queued.sort((a, b) => a - b);
    // Verifying a signed file (what the public page does with an upload).
    const r = await database.db
      .selectFrom('dossier_result as r')
      .innerJoin('dossier as d', 'd.id', 'r.dossier_id')
      .select(['r.id', 'd.code'])
      .where('r.status', '=', 'signed')
      .executeTakeFirstOrThrow();
    const file = (await signer.call('GET', `/api/v1/dossiers/${r.code}/results/${r.id}/content`)).rawPayload;
    const verify: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      if (!(await ca.verify(file)).valid) throw new Error('not valid');
      verify.push(performance.now() - t);
    }
    verify.sort((a, b) => a - b);
    console.log(
      `  ${label}: issue result, signed here p50 ${percentile(signed, 50).toFixed(1)} ms, p95 ${percentile(signed, 95).toFixed(1)} ms; ` +
        `queued for the document system p50 ${percentile(queued, 50).toFixed(1)} ms, p95 ${percentile(queued, 95).toFixed(1)} ms; ` +
        `signed ÷ queued ${(percentile(signed, 50) / percentile(queued, 50)).toFixed(1)}× (p50); first signature (certificate issued) ${first.toFixed(0)} ms; ` +
        `verifying a signed file p50 ${percentile(verify, 50).toFixed(1)} ms (${file.length} bytes)`,
    );
    await signing.close();
    await app.close();
  } finally {
    rmSync(pki, { recursive: true, force: true });
  }
}

export async function results(): Promise<void> {
  console.log(`results: ${perMode} signed and ${perMode} queued, one at a time`);
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  const embedded = await openDatabase({ dataDir: dir });
  try {
    await measure('PGlite', embedded);
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const admin = process.env['BENCH_DATABASE_URL'];
  if (!admin) return;
  const fresh = await freshPostgres(admin);
  const database = await openDatabase({ url: fresh.url });
  try {
    await measure('PostgreSQL', database);
  } finally {
    await database.close();
    await fresh.drop();
  }
}
