import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/paths.js';
import { freshPostgres } from './freshDatabase.js';

interface Run {
  readyMs: number;
  rssMb: number;
}

/** Starts the built server as `npm start` does; time to a 200 from /readyz, then RSS when idle. */
async function once(env: NodeJS.ProcessEnv): Promise<Run> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--expose-gc', join(projectRoot, 'dist', 'src', 'cli.js'), 'serve'],
    {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    const poll = setInterval(() => {
      const m = /Giao diện:\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (m?.[1]) {
        clearInterval(poll);
        resolve(m[1]);
      }
    }, 5);
  });
  while ((await fetch(`${url}/readyz`)).status !== 200) await new Promise((r) => setTimeout(r, 5));
  const readyMs = performance.now() - started;
  // Touch the map and the agencies as the first screens do, then let the process settle.
  for (const path of [
    '/api/v1/admin-units?level=province',
    '/api/v1/admin-units?parent=01&limit=500',
    '/api/v1/agencies?limit=500',
  ]) {
    await (await fetch(url + path)).arrayBuffer();
  }
  await new Promise((r) => setTimeout(r, 3000));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, rssMb: rssKb / 1024 };
}

export async function startup(): Promise<void> {
  if (!existsSync(join(projectRoot, 'dist', 'src', 'cli.js'))) throw new Error('run `npm run build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  try {
    const first = await once({ DATA_DIR: dataDir, DATABASE_URL: '' });
    const again = await once({ DATA_DIR: dataDir, DATABASE_URL: '' });
    console.log(
      `startup pglite  first start (migrate + seed): ready ${(first.readyMs / 1000).toFixed(2)} s, idle RSS ${first.rssMb.toFixed(0)} MB`,
    );
    console.log(
      `startup pglite  restart:                      ready ${(again.readyMs / 1000).toFixed(2)} s, idle RSS ${again.rssMb.toFixed(0)} MB`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (adminUrl) {
    const db = await freshPostgres(adminUrl);
    try {
      const first = await once({ DATABASE_URL: db.url });
      const again = await once({ DATABASE_URL: db.url });
      console.log(
        `startup postgres first start (migrate + seed): ready ${(first.readyMs / 1000).toFixed(2)} s, idle RSS ${first.rssMb.toFixed(0)} MB`,
      );
      console.log(
        `startup postgres restart:                      ready ${(again.readyMs / 1000).toFixed(2)} s, idle RSS ${again.rssMb.toFixed(0)} MB`,
      );
    } finally {
      await db.drop();
    }
  }
}
