import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

export const cli = ['--import', 'tsx', join(projectRoot, 'src', 'cli.ts')];

export interface Running {
  url: string;
  output: () => string;
  /** Whether the process is still running. */
  alive: () => boolean;
  stop: () => Promise<void>;
}

/** Starts `serve` as a newcomer would, on a free port, and waits for the address it prints. */
export function serve(env: NodeJS.ProcessEnv, startMs = 60_000): Promise<Running> {
  const child = spawn(process.execPath, [...cli, 'serve'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      running = false;
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start in ${startMs / 1000} s:\n${out}`)),
      startMs,
    );
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
    const poll = setInterval(() => {
      const m = /Giao diện:\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (!m?.[1]) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        url: m[1],
        output: () => out,
        alive: () => running,
        stop: async () => {
          if (running) child.kill('SIGTERM');
          await exited;
        },
      });
    }, 50);
  });
}

/** `serve` on a PostgreSQL database with the demo accounts, its files under `dir`, quiet, unthrottled. */
export function serveOn(databaseUrl: string, dir: string, env: NodeJS.ProcessEnv = {}): Promise<Running> {
  return serve({
    DATABASE_URL: databaseUrl,
    DEMO_ACCOUNTS: 'true',
    DATA_DIR: join(dir, 'app'),
    PKI_DIR: join(dir, 'pki'),
    LOG_LEVEL: 'fatal',
    RATE_LIMIT_ACCOUNT_PER_MINUTE: '1000000',
    ...env,
  });
}
