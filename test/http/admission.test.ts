import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { laneOf } from '../../src/http/admission.js';
import { testEngine } from '../support/testDatabase.js';
import type { TestServer } from '../support/testServer.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import { startDemoSystem } from '../support/demoSystem.js';

/**
 * Admission control (issue 21, item 4): under a burst the public is shed first and cleanly — 503
 * with Retry-After and a problem in Vietnamese, at once — while officials' requests, with a share
 * of their own and a bounded queue, are all served; past the queue they too get a clean 503, never
 * a pile-up. Places are given back: after a burst the node serves as before.
 */
describe(`admission control (${testEngine})`, () => {
  let s: TestServer;
  let official: Signed;

  before(async () => {
    s = await startDemoSystem({
      anonymousPerMinute: 100_000,
      publicLookupsPerMinute: 100_000,
      admission: { publicConcurrent: 2, workConcurrent: 3, workQueue: 40, workWaitMs: 10_000 },
    });
    official = await signIn(s.app, 'badinh.motcua');
  });
  after(() => s.close());

  const publicRead = (i: number) =>
    s.app.inject({
      method: 'GET',
      url: `/api/v1/public/dossiers/000.00.00.H01-260101-${String(i).padStart(4, '0')}?digits=1234`,
    });

  it('puts public and citizen routes in the public lane, the rest of the API in the work lane', () => {
    assert.equal(laneOf('/api/v1/public/dossiers/:code'), 'public');
    assert.equal(laneOf('/api/v1/citizen/dossiers'), 'public');
    assert.equal(laneOf('/api/v1/citizen'), 'public');
    assert.equal(laneOf('/api/v1/citizenship-checks'), 'work');
    assert.equal(laneOf('/api/v1/dossiers'), 'work');
    assert.equal(laneOf('/api/v1/auth/login'), 'work');
    assert.equal(laneOf('/healthz'), null);
    assert.equal(laneOf(undefined), null);
  });

  it('sheds the public burst cleanly while every official request is served', async () => {
    const [pub, work] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, (_, i) => publicRead(i))),
      Promise.all(Array.from({ length: 12 }, () => official.call('GET', '/api/v1/dossiers?limit=5'))),
    ]);
    const shed = pub.filter((r) => r.statusCode === 503);
    assert.ok(shed.length > 0, 'some public requests shed');
    assert.ok(pub.length - shed.length >= 2, 'the public share served');
    for (const r of shed) {
      assert.equal(r.headers['retry-after'], '2');
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
      assert.equal(r.json<{ title: string }>().title, 'Hệ thống đang quá tải, vui lòng thử lại sau ít giây');
    }
    assert.ok(
      pub.every((r) => [503, 404, 400, 403].includes(r.statusCode)),
      pub.map((r) => r.statusCode).join(),
    );
    assert.deepEqual(
      work.map((r) => r.statusCode),
      work.map(() => 200),
    );
  });

  it('gives every place back: after bursts, one request at a time is always served', async () => {
    for (let round = 0; round < 3; round++)
      await Promise.all(Array.from({ length: 20 }, (_, i) => publicRead(i)));
    for (let i = 0; i < 5; i++) assert.notEqual((await publicRead(i)).statusCode, 503);
    for (let i = 0; i < 5; i++)
      assert.equal((await official.call('GET', '/api/v1/dossiers?limit=5')).statusCode, 200);
  });
});

describe(`admission control: the work queue is bounded (${testEngine})`, () => {
  let s: TestServer;
  let official: Signed;

  before(async () => {
    s = await startDemoSystem({ admission: { workConcurrent: 1, workQueue: 2, workWaitMs: 10_000 } });
    official = await signIn(s.app, 'badinh.motcua');
  });
  after(() => s.close());

  it('serves one at a time with two waiting, and refuses the rest at once with 503', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => official.call('GET', '/api/v1/dossiers?limit=5')),
    );
    const codes = answers.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 200).length, 3, codes.join());
    assert.equal(codes.filter((c) => c === 503).length, 7, codes.join());
  });
});
