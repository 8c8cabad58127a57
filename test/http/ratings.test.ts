import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IndicatorReport } from '../../src/contracts/indicators.js';
import { demoIntake } from '../../fixtures/intake.js';
import { actOn, startWithDossier } from '../support/dossierFixtures.js';
import { signIn, type Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

describe("the applicant's satisfaction rating", () => {
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  let receiver: Signed;
  let finished: string;
  let open: string;
  before(async () => {
    ({ s, receiver, code: open } = await startWithDossier({ publicLookupsPerMinute: 1000 }, clock));
    finished = (await receiver.call('POST', '/api/v1/dossiers', demoIntake('001089012366'))).json<{
      code: string;
    }>().code;
    const act = (who: Signed, body: Record<string, unknown>) => actOn(who, finished, body);
    await act(receiver, { type: 'forward', toStep: 'TD' });
    await act(await signIn(s.app, 'hanoi.chuyenvien', clock), { type: 'forward', toStep: 'PD' });
    await act(await signIn(s.app, 'hanoi.lanhdao', clock), { type: 'issue_result' });
  });
  after(() => s.close());

  const rate = (code: string, verify: string, body: unknown) =>
    s.app.inject({
      method: 'PUT',
      url: `/api/v1/public/dossiers/${code}/rating?verify=${verify}`,
      payload: body as object,
    });
  const status = async (code: string, verify: string) =>
    (await s.app.inject({ method: 'GET', url: `/api/v1/public/dossiers/${code}?verify=${verify}` })).json<{
      canRate: boolean;
      rating: string | null;
    }>();
  const satisfaction = async () => {
    const monitor = await signIn(s.app, 'hanoi.giamsat', clock);
    const r = await monitor.call('GET', '/api/v1/reports/indicators?from=2026-03-01&to=2026-03-31');
    return r.json<IndicatorReport>().indicators.rates.satisfaction;
  };

  it('lets the applicant rate a finished dossier, change the rating, and feeds the satisfaction rate', async () => {
    assert.deepEqual(await status(finished, '2366'), {
      ...(await status(finished, '2366')),
      canRate: true,
      rating: null,
    });
    assert.equal(await satisfaction(), null, 'no ratings yet');
    const first = await rate(finished, '2366', {
      level: 'unsatisfied',
      reasons: ['slow', 'attitude'],
      comment: 'Chờ lâu',
    });
    assert.equal(first.statusCode, 204, first.body);
    assert.equal(await satisfaction(), 0);
    assert.equal((await rate(finished, '2366', { level: 'very_satisfied' })).statusCode, 204);
    assert.equal((await status(finished, '2366')).rating, 'very_satisfied');
    assert.equal(await satisfaction(), 1);
    const row = await s.db.database.db.selectFrom('dossier_rating').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(row.reasons, [], 'reasons belong to a rating that was not satisfied');
  });

  it('refuses a dossier not finished, a wrong second factor and a level that does not exist', async () => {
    assert.equal((await status(open, '2345')).canRate, false);
    const early = await rate(open, '2345', { level: 'satisfied' });
    assert.equal(early.statusCode, 409);
    assert.match(early.json<{ detail: string }>().detail, /chưa giải quyết xong/);
    assert.equal((await rate(finished, '0000', { level: 'satisfied' })).statusCode, 404);
    const bad = await rate(finished, '2366', { level: 'great' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await s.db.database.db.selectFrom('dossier_rating').select('level').execute()).length, 1);
  });
});
