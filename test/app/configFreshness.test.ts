import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { demoIntake } from '../../fixtures/intake.js';
import type { Signed } from '../../fixtures/staff.js';
import { actOn, startWithDossier } from '../support/dossierFixtures.js';
import type { TestServer } from '../support/testServer.js';

/**
 * The configuration a dossier command reads is cached in the process under the database's
 * configuration generation (src/app/configCache.ts), which the intake and the actions read with
 * their first statement. Whatever a ministry or an administrator changes applies from the next
 * command on, in every process: the rule held here, through the API, with the cache warm.
 */
describe('dossier commands: a configuration change applies from the next command on', () => {
  const clock = new Date('2026-03-02T08:30:00+07:00');
  let s: TestServer;
  let receiver: Signed;
  let first: string;
  before(async () => {
    ({ s, receiver, code: first } = await startWithDossier({}, clock));
  });
  after(() => s.close());

  const db = () => s.db.database.db;
  /** The calendar version the last log entry of a dossier was computed on. */
  const lastCalendar = async (code: string) =>
    (
      await sql<{ v: string | null }>`
        SELECT a.calendar_version AS v FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
        WHERE d.code = ${code} ORDER BY a.seq DESC LIMIT 1`.execute(db())
    ).rows[0]?.v;
  const intake = async (idNumber: string) => {
    const res = await receiver.call('POST', '/api/v1/dossiers', demoIntake(idNumber));
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ code: string; competentAgency: { code: string; name: string } }>();
  };

  it('a new calendar revision is used by the next intake and the next action', async () => {
    await actOn(receiver, first, { type: 'forward', toStep: 'TD' });
    const warm = await intake('001089011111');
    const before = await lastCalendar(warm.code);
    // A new revision of this year's calendar, as an administrator confirms one.
    const { rows } = await sql<{ revision: number }>`
      INSERT INTO calendar_year (year, revision, days_off, working_days, note, confirmed_at)
      SELECT 2026, coalesce(max(revision), 0) + 1,
        coalesce((SELECT days_off FROM calendar_year WHERE year = 2026 ORDER BY revision DESC LIMIT 1), '[]'),
        coalesce((SELECT working_days FROM calendar_year WHERE year = 2026 ORDER BY revision DESC LIMIT 1), '[]'),
        'kiểm thử', now()
      FROM calendar_year WHERE year = 2026
      RETURNING revision`.execute(db());
    const now = `2026:r${rows[0]?.revision}`;
    assert.notEqual(before, now);
    const next = await intake('001089022222');
    assert.equal(await lastCalendar(next.code), now, 'the intake after the change');
    await actOn(receiver, warm.code, { type: 'forward', toStep: 'TD' });
    assert.equal(await lastCalendar(warm.code), now, 'the action after the change');
  });

  it("an agency renamed is named so by the next intake's answer", async () => {
    const warm = await intake('001089033333');
    const renamed = `${warm.competentAgency.name} (đổi tên)`;
    await db()
      .updateTable('agency')
      .set({ name: renamed })
      .where('code', '=', warm.competentAgency.code)
      .execute();
    assert.equal((await intake('001089044444')).competentAgency.name, renamed);
  });
});
