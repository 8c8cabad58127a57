import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { agencyOf, birthDossier, startDemoSystem, unitOf } from '../support/demoSystem.js';
import { operationsOf, RawBody, requestFor, type Operation } from '../support/apiFuzzer.js';

/** Tries per operation and caller: a few in CI, many in `npm run fuzz` (FUZZ_RUNS=200). */
const runs = Number(process.env['FUZZ_RUNS'] ?? 3);
const seed = Number(process.env['FUZZ_SEED'] ?? 17);

/** Operations that end the caller's own session or factor: tried anonymously only. */
const endsSession = /\/auth\/logout|\/me\/password|\/me\/totp|\/citizen\/logout/;

/**
 * Never a 500 for bad input (issue 17, "close the classes"): every operation of the OpenAPI
 * document gets generated hostile and plausible values in every parameter and body field, as an
 * anonymous caller, an official and the system administrator. Any 5xx fails, and so does any 4xx
 * that is not problem+json.
 */
describe(`API fuzzer over the OpenAPI document (${testEngine})`, () => {
  let s: TestServer;
  let operations: Operation[] = [];
  const callers: { name: string; signed: Signed | null }[] = [];
  let known: string[] = [];

  before(async () => {
    s = await startDemoSystem({
      loginPerMinute: 1_000_000,
      publicLookupsPerMinute: 1_000_000,
      verificationsPerMinute: 1_000_000,
      integrations: {
        paymentSecret: 'fuzz-payment-secret-0123456789',
        postalCallbackToken: 'fuzz-postal-token-0123456789',
        docmgmtSecret: 'fuzz-docmgmt-secret-0123456789',
      },
    });
    const doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, Record<string, unknown>>>;
    }>();
    operations = operationsOf(doc);
    const receiver = await signIn(s.app, 'ngocha.motcua');
    const ngocha = await agencyOf(s, 'ngocha.motcua');
    const d = await birthDossier(receiver, await unitOf(s, ngocha));
    // Real identifiers, and well-formed ones that name nothing (an agency, a commune, a procedure).
    known = [
      d.code,
      ngocha,
      '1.001193',
      'VD.000005',
      '01',
      '00004',
      'TD',
      'TK',
      'all',
      'xlsx',
      'csv',
      '1',
      '000.00.99.H99',
      '99999',
      '9.999999',
      '000.08.51.H01-260101-000001',
    ];
    callers.push({ name: 'anonymous', signed: null });
    callers.push({ name: 'ngocha.motcua', signed: receiver });
    callers.push({ name: 'quantri', signed: await signIn(s.app, 'quantri') });
  });
  after(() => s.close());

  const send = (
    caller: Signed | null,
    op: Operation,
    r: { path: string; query: string; body: unknown; multipart: string | undefined },
  ): Promise<LightMyRequestResponse> => {
    const url = r.query ? `${r.path}?${r.query}` : r.path;
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (r.multipart !== undefined) {
      headers['content-type'] = 'multipart/form-data; boundary=b';
      payload = r.multipart;
    } else if (r.body instanceof RawBody) {
      headers['content-type'] = 'application/json';
      payload = r.body.text;
    } else if (r.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(r.body);
    }
    if (caller) headers['x-csrf-token'] = caller.csrf;
    return s.app.inject({
      method: op.method as 'GET',
      url,
      headers,
      ...(caller ? { cookies: { motcua_session: caller.cookie } } : {}),
      ...(payload === undefined ? {} : { payload }),
    });
  };

  it('answers every operation without a 5xx, and every refusal as problem+json', async () => {
    assert.ok(operations.length > 100, `${operations.length} operations`);
    const failures: string[] = [];
    let requests = 0;
    for (const op of operations) {
      for (const caller of callers) {
        if (caller.signed && endsSession.test(op.path)) continue;
        await fc
          .assert(
            fc.asyncProperty(requestFor(op, known), async (r) => {
              const res = await send(caller.signed, op, r);
              requests++;
              const type = String(res.headers['content-type'] ?? '');
              // A system this server runs without answers 503 "not configured": no fault of the input.
              const unconfigured = res.statusCode === 503 && res.body.includes('/problems/not-configured');
              const bad =
                (res.statusCode >= 500 && !unconfigured) ||
                (res.statusCode >= 400 && !type.startsWith('application/problem+json'));
              if (bad)
                failures.push(
                  `${caller.name} ${op.method} ${r.path}?${r.query} → ${res.statusCode} ${res.body.slice(0, 300)}`,
                );
              return !bad;
            }),
            { numRuns: runs, seed, endOnFailure: true },
          )
          .catch(() => undefined);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${requests} requests`);
  });
});
