import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import pg from 'pg';
import { demoPassword } from '../../src/seed/demoAccounts.js';

/** The intake a Ba Đình counter official sends for dossier `key` (1.001193, the demo deployment). */
export function counterIntakeBody(key: string): string {
  return JSON.stringify({
    procedureCode: '1.001193',
    applicant: {
      kind: 'individual',
      idNumber: '001089012345',
      name: `Người nộp ${key}`,
      address: { communeCode: '00004', detail: 'Số 1' },
    },
    components: [
      { code: 'TK', copies: 1 },
      { code: 'GCS', copies: 1 },
    ],
    eform: { TK: { hoTen: `Người nộp ${key}` } },
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * A steady intake load on a running `serve` (`base`): counter clients of one official, each
 * submitting dossiers with idempotency keys and retrying a key until it is acknowledged, as a
 * counter screen does. `stop` ends it once every key's outcome is known.
 */
export async function counterLoad(base: string, clients = 8, deadlineMs = 90_000, keyPrefix = 'tai') {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'badinh.motcua', password: demoPassword }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const acknowledged = new Map<string, string>();
  /** When each key was acknowledged (ms since the epoch). */
  const at = new Map<string, number>();
  const statuses = new Map<number, number>();
  const problems = { sawRetryAfter: false, notProblemJson: 0 };
  let stop = false;
  const submit = (key: string) =>
    fetch(`${base}/api/v1/dossiers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie,
        'x-csrf-token': csrfToken,
        'idempotency-key': key,
      },
      body: counterIntakeBody(key),
      signal: AbortSignal.timeout(15_000),
    });
  const deadline = Date.now() + deadlineMs;
  const client = async (n: number) => {
    for (let i = 0; !stop && Date.now() < deadline; i++) {
      const key = `${keyPrefix}-${n}-${i}`;
      while (Date.now() < deadline) {
        try {
          const res = await submit(key);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 503) {
            problems.sawRetryAfter ||= res.headers.get('retry-after') !== null;
            if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? ''))
              problems.notProblemJson++;
          }
          if (res.status === 200 || res.status === 201) {
            acknowledged.set(key, ((await res.json()) as { code: string }).code);
            at.set(key, Date.now());
            break;
          }
          await res.body?.cancel();
        } catch {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
        }
        // A key is retried until acknowledged, even after the load stops: its outcome must be known.
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const running = Array.from({ length: clients }, (_, n) => client(n));
  return {
    acknowledged,
    at,
    statuses,
    problems,
    stop: async () => {
      stop = true;
      await Promise.all(running);
    },
  };
}

/** Every acknowledged dossier stored exactly once under its key, and nothing else stored. */
export async function assertStoredOnce(
  url: string,
  acknowledged: ReadonlyMap<string, string>,
): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ intake_key: string; code: string; n: number }>(
      `SELECT intake_key, min(code) AS code, count(*)::int AS n FROM dossier WHERE intake_key LIKE 'counter:%' GROUP BY intake_key`,
    );
    const stored = new Map(rows.map((r) => [r.intake_key.split(':').slice(2).join(':'), r]));
    for (const [key, code] of acknowledged) {
      const row = stored.get(key);
      assert.ok(row, `acknowledged ${key} is stored`);
      assert.equal(row.n, 1, `${key} stored once`);
      assert.equal(row.code, code);
    }
    assert.equal(rows.length, acknowledged.size, 'nothing stored that was not acknowledged in the end');
  } finally {
    await db.end();
  }
}
