import { randomBytes } from 'node:crypto';
import { demoPassword } from '../../src/seed/demoAccounts.js';
import { counterIntakeBody } from '../support/counterLoad.js';
import { multipart, tinyPng } from '../support/multipart.js';

/** What a mixed load saw: everything the system acknowledged, and every answer by kind and status. */
export interface LoadOutcome {
  /** Idempotency key → dossier code, for every intake answered 2xx. */
  acknowledged: Map<string, string>;
  /** When each key was first sent, and when it was acknowledged (ms since the epoch). */
  started: Map<string, number>;
  at: Map<string, number>;
  /** Dossiers whose forward to the processing step was answered 200. */
  forwarded: Set<string>;
  /** Document id → dossier code, for every upload answered 201. */
  uploads: Map<string, string>;
  /** `kind status` → count (status 0: no answer at all). */
  answers: Map<string, number>;
  /** Answers that are neither success nor a clean refusal (problem+json 503/429/409). */
  unclean: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retryable = new Set([0, 429, 502, 503]);

/**
 * The chaos suite's steady mixed load through the load balancer at `base`: counter officials
 * (each: receive a dossier under an idempotency key, upload a scan to it, forward it to the
 * processing step, retrying each step until it is answered, as the counter screen does) and
 * citizens reading the public status page. `stop` ends it once every begun dossier's outcome is
 * known.
 */
export async function mixedLoad(base: string, keyPrefix: string, officials = 4, readers = 2) {
  const outcome: LoadOutcome = {
    acknowledged: new Map(),
    started: new Map(),
    at: new Map(),
    forwarded: new Set(),
    uploads: new Map(),
    answers: new Map(),
    unclean: [],
  };
  const signIn = () =>
    fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'badinh.motcua', password: demoPassword }),
    });
  let login = await signIn();
  // Signing in is retried like anything else while the system says "not now".
  for (let i = 0; i < 120 && login.status === 503; i++) {
    await sleep(500);
    login = await signIn();
  }
  if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  let stopping = false;
  const deadline = () => Date.now() + 120_000;

  /** One request, retried while the answer is a clean "not now"; the final answer. */
  const call = async (kind: string, make: () => Promise<Response>, until: number) => {
    for (;;) {
      let res: Response | null = null;
      try {
        res = await make();
      } catch {
        res = null;
      }
      const status = res?.status ?? 0;
      const key = `${kind} ${status}`;
      outcome.answers.set(key, (outcome.answers.get(key) ?? 0) + 1);
      const problemJson = /^application\/problem\+json/.test(res?.headers.get('content-type') ?? '');
      if (status >= 500 && status !== 502 && !(status === 503 && problemJson))
        outcome.unclean.push(`${kind} ${status} ${(await res?.clone().text())?.slice(0, 200)}`);
      if (!retryable.has(status) || Date.now() > until) return res;
      await res?.body?.cancel();
      await sleep(300);
    }
  };

  const official = async (n: number) => {
    for (let i = 0; !stopping; i++) {
      const key = `${keyPrefix}-${n}-${i}`;
      const until = deadline();
      outcome.started.set(key, Date.now());
      const intake = await call(
        'intake',
        () =>
          fetch(`${base}/api/v1/dossiers`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
            body: counterIntakeBody(key),
            signal: AbortSignal.timeout(15_000),
          }),
        until,
      );
      if (!intake || (intake.status !== 200 && intake.status !== 201)) continue;
      const { code } = (await intake.json()) as { code: string };
      outcome.acknowledged.set(key, code);
      outcome.at.set(key, Date.now());

      const scan = Buffer.concat([tinyPng, randomBytes(16)]);
      const upload = await call(
        'upload',
        () => {
          const body = multipart('to-khai.png', scan, 'image/png');
          return fetch(`${base}/api/v1/dossiers/${code}/documents?component=TK`, {
            method: 'POST',
            headers: { ...headers, 'content-type': body.contentType },
            body: body.payload,
            signal: AbortSignal.timeout(15_000),
          });
        },
        until,
      );
      if (upload?.status === 201) outcome.uploads.set(((await upload.json()) as { id: string }).id, code);
      else await upload?.body?.cancel();

      // Forward, as an official does after a failed click: look again, and act only if not done.
      while (Date.now() < until) {
        const view = await call('view', () => fetch(`${base}/api/v1/dossiers/${code}`, { headers }), until);
        if (view?.status !== 200) break;
        const d = (await view.json()) as { version: number; stepCode: string };
        if (d.stepCode === 'TD') break;
        const fwd = await call(
          'forward',
          () =>
            fetch(`${base}/api/v1/dossiers/${code}/actions`, {
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body: JSON.stringify({ expectedVersion: d.version, type: 'forward', toStep: 'TD' }),
              signal: AbortSignal.timeout(15_000),
            }),
          until,
        );
        if (fwd?.status === 200) {
          outcome.forwarded.add(code);
          break;
        }
        await fwd?.body?.cancel();
      }
    }
  };

  const reader = async () => {
    while (!stopping) {
      const codes = [...outcome.acknowledged.values()];
      const code = codes[Math.floor(Math.random() * codes.length)];
      await call(
        'public',
        () =>
          code
            ? fetch(`${base}/api/v1/public/dossiers/${code}?verify=2345`, {
                signal: AbortSignal.timeout(15_000),
              })
            : fetch(`${base}/api/v1/procedures?limit=5`, { signal: AbortSignal.timeout(15_000) }),
        0,
      ).then((r) => r?.body?.cancel());
      await sleep(100);
    }
  };

  const running = [
    ...Array.from({ length: officials }, (_, n) => official(n)),
    ...Array.from({ length: readers }, () => reader()),
  ];
  return {
    outcome,
    stop: async () => {
      stopping = true;
      await Promise.all(running);
    },
  };
}
