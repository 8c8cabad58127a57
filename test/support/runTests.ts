/**
 * `npm test` and `npm run test:browser`: prepares this run's databases once (see testDatabase.ts),
 * runs the test files with Node's test runner, and removes what it prepared, whatever the outcome.
 *
 *   tsx test/support/runTests.ts [--concurrency N] <folder or file>... [--skip <folder>]...
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seedReferenceData } from '../../src/seed/seedReferenceData.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrations.js';
import { templateEnv, withAdmin } from './testDatabase.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const values: string[] = [];
  for (let i = args.indexOf(name); i >= 0; i = args.indexOf(name)) values.push(...args.splice(i, 2).slice(1));
  return values;
};
const concurrency = option('--concurrency')[0] ?? '1';
const skipped = option('--skip');

/** The `*.test.ts` files under the given folders, in order, leaving out the skipped folders. */
function testFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    if (skipped.some((s) => path === s || path.startsWith(`${s}/`))) return;
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    else if (path.endsWith('.test.ts')) files.push(path);
  };
  paths.forEach(walk);
  return files;
}

/** The embedded engine's blank and seeded snapshots, in a folder of this run's own. */
async function embeddedSnapshots(dir: string): Promise<void> {
  const database = await openDatabase({ memory: true });
  const snapshot = database.snapshot as () => Promise<Blob>;
  writeFileSync(join(dir, 'blank.tar'), Buffer.from(await (await snapshot()).arrayBuffer()));
  await migrate(database.db);
  await seedReferenceData(database.db);
  writeFileSync(join(dir, 'seeded.tar'), Buffer.from(await (await snapshot()).arrayBuffer()));
  await database.close();
}

/** A PostgreSQL template database with the schema and the reference data; its name. */
async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `motcua_test_template_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  try {
    await migrate(database.db);
    await seedReferenceData(database.db);
  } finally {
    await database.close();
  }
  return name;
}

const files = testFiles(args);
if (files.length === 0) throw new Error(`no test files under ${args.join(', ')}`);
const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'motcua-test-snapshots-'));
const adminUrl = process.env['TEST_DATABASE_URL'];
let template: string | undefined;
const cleanUp = async () => {
  rmSync(dir, { recursive: true, force: true });
  if (adminUrl && template) {
    const name = template;
    template = undefined;
    await withAdmin(adminUrl, (c) =>
      c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
    );
  }
};

let code = 1;
try {
  if (adminUrl) template = await postgresTemplate(adminUrl);
  else await embeddedSnapshots(dir);
  console.log(`# prepared the test databases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        ...(template ? { [templateEnv.postgres]: template } : { [templateEnv.pgliteDir]: dir }),
      },
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
} finally {
  await cleanUp();
}
process.exit(code);
