import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Role } from '../../src/domain/access/roles.js';
import { suggestedYear } from '../../src/domain/calendar/holidays.js';
import { fromLocal, toLocal } from '../../src/domain/calendar/localTime.js';
import { WorkCalendar } from '../../src/domain/calendar/workCalendar.js';
import {
  type Command,
  decide,
  evolve,
  submitted,
  type DossierState,
} from '../../src/domain/dossier/lifecycle.js';
import {
  contribution,
  indicators,
  type DossierRecord,
  type LogEntry,
  type Period,
} from '../../src/domain/reports/indicators.js';
import { consultingSteps, permissiveFacts } from '../../fixtures/workflows.js';
import { randomDossier } from '../support/randomDossiers.js';

const calendar = new WorkCalendar(suggestedYear);
const at = (local: string) => toLocal(new Date(`${local}:00+07:00`));
const show = (m: number | null) =>
  m === null ? null : fromLocal(m).toLocaleString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 16);
const month = (from: string, to: string): Period => ({ from: at(`${from}T00:00`), to: at(`${to}T00:00`) });

/** A dossier's log as the lifecycle writes it, from commands at local times (10 working days). */
function run(
  script: [Command, Role, string][],
  channel: 1 | 2 | 3 = 1,
): DossierRecord & { state: DossierState } {
  let s = submitted('A');
  const log: LogEntry[] = [{ at: at(script[0]?.[2] ?? '2026-03-02T08:00'), toStatus: 1, due: null }];
  for (const [command, role, when] of script) {
    const action = decide(s, command, {
      now: at(when),
      calendar,
      steps: consultingSteps,
      legalTime: { amount: 10, unit: 'working_days' },
      sameDayCutoff: false,
      role,
      facts: permissiveFacts,
    });
    s = evolve(s, action);
    log.push({ at: action.at, toStatus: action.toStatus, due: s.due });
  }
  return { channel, log, state: s };
}
const toProcessing = (day: string): [Command, Role, string][] => [
  [{ type: 'receive' }, 'receiver', `${day}T08:00`],
  [{ type: 'forward', toStep: 'TD', agencyCode: 'A' }, 'receiver', `${day}T09:00`],
];
const finish = (when: string): [Command, Role, string][] => [
  [{ type: 'forward', toStep: 'PD', agencyCode: 'A' }, 'processor', when],
  [{ type: 'issue_result' }, 'leader', when],
];

describe('service-quality indicators (pure, from the log)', () => {
  it('finished exactly at the due minute is on time; the next morning is late; the day before is before due', () => {
    const received = run(toProcessing('2026-03-02'));
    assert.equal(show(received.state.due), '2026-03-16 08:00');
    const march = month('2026-03-01', '2026-04-01');
    const verdictOf = (when: string) => {
      const c = contribution(run([...toProcessing('2026-03-02'), ...finish(when)]), march);
      return c?.end === 'finished' ? c.verdict : c?.end;
    };
    assert.equal(verdictOf('2026-03-16T08:00'), 'on_time');
    assert.equal(verdictOf('2026-03-16T08:01'), 'late');
    assert.equal(verdictOf('2026-03-17T07:30'), 'late');
    assert.equal(verdictOf('2026-03-13T16:59'), 'before_due');
  });

  it('a supplement pause over the 30/4–1/5 holidays moves the due time by the working time paused only', () => {
    const paused = run([
      ...toProcessing('2026-04-27'),
      [
        { type: 'request_supplement', reason: 'Thiếu bản sao', components: ['GTTT'] },
        'processor',
        '2026-04-29T08:00',
      ],
      [{ type: 'receive_supplement' }, 'receiver', '2026-05-04T08:00'],
    ]);
    const nominal = run(toProcessing('2026-04-27')).state.due;
    // Received on 27/4, the day off in lieu of Giỗ Tổ (Sunday 26/4): the clock starts on 28/4.
    assert.equal(show(nominal), '2026-05-13 17:00');
    // 29/4 is the only working day of the pause (30/4, 1/5 holidays, then the weekend): 8 hours.
    assert.equal(show(paused.state.due), '2026-05-14 17:00');
    const may = month('2026-05-01', '2026-06-01');
    const finishedAt = (when: string) =>
      contribution(
        run([
          ...toProcessing('2026-04-27'),
          [
            { type: 'request_supplement', reason: 'Thiếu bản sao', components: ['GTTT'] },
            'processor',
            '2026-04-29T08:00',
          ],
          [{ type: 'receive_supplement' }, 'receiver', '2026-05-04T08:00'],
          ...finish(when),
        ]),
        may,
      );
    // The day after the nominal due is still on time: the pause moved the due time.
    const dayAfterNominal = finishedAt('2026-05-14T10:00');
    assert.ok(dayAfterNominal?.end === 'finished' && dayAfterNominal.verdict === 'on_time');
    const atShiftedDue = finishedAt('2026-05-14T17:00');
    assert.ok(atShiftedDue?.end === 'finished' && atShiftedDue.verdict === 'on_time');
    const nextMorning = finishedAt('2026-05-15T08:00');
    assert.ok(nextMorning?.end === 'finished' && nextMorning.verdict === 'late');
  });

  it('sorts dossiers into received or carried over, and finished, in progress (on time or late) or paused', () => {
    const march = month('2026-03-01', '2026-04-01');
    const april = month('2026-04-01', '2026-05-01');
    const carried = run([...toProcessing('2026-03-25'), ...finish('2026-04-02T10:00')]);
    const overdue = run(toProcessing('2026-03-02'));
    const waiting = run([
      ...toProcessing('2026-04-20'),
      [{ type: 'request_supplement', reason: 'r', components: ['GTTT'] }, 'processor', '2026-04-21T08:00'],
    ]);
    const refused = run([[{ type: 'refuse', reason: 'Sai thủ tục' }, 'receiver', '2026-04-03T08:00']]);
    const notYet = run([[{ type: 'receive' }, 'receiver', '2026-05-04T08:00']]);
    assert.deepEqual(contribution(carried, march), {
      start: 'received',
      channel: 1,
      end: 'in_progress',
      late: false,
    });
    assert.deepEqual(contribution(carried, april), {
      start: 'carried_over',
      channel: 1,
      end: 'finished',
      verdict: 'before_due',
    });
    assert.deepEqual(contribution(overdue, april), {
      start: 'carried_over',
      channel: 1,
      end: 'in_progress',
      late: true,
    });
    assert.deepEqual(contribution(waiting, april), {
      start: 'received',
      channel: 1,
      end: 'paused',
      late: false,
    });
    assert.equal(contribution(refused, april), null, 'refused at the counter: never received');
    assert.equal(contribution(notYet, april), null, 'received after the period');
    assert.equal(
      contribution(carried, month('2026-05-01', '2026-06-01')),
      null,
      'finished before the period',
    );
  });

  it('computes the counts and the rates', () => {
    const april = month('2026-04-01', '2026-05-01');
    const dossiers: DossierRecord[] = [
      {
        ...run([...toProcessing('2026-04-01'), ...finish('2026-04-03T10:00')], 2),
        onlineEligible: true,
        digitized: true,
        resultDigitized: true,
        rating: 'very_satisfied',
        feeBearing: true,
        paidOnline: true,
      },
      {
        ...run([...toProcessing('2026-04-01'), ...finish('2026-04-30T10:00')], 1),
        onlineEligible: true,
        rating: 'unsatisfied',
        feeBearing: true,
      },
      { ...run(toProcessing('2026-04-06'), 3), onlineEligible: false, digitized: true, reused: true },
    ];
    const r = indicators(dossiers, april);
    assert.deepEqual(r.received, { total: 3, byChannel: { counter: 1, online: 1, postal: 1 } });
    assert.equal(r.carriedOver, 0);
    assert.deepEqual(r.finished, { total: 2, beforeDue: 1, onTime: 0, late: 1 });
    assert.deepEqual(r.inProgress, { total: 1, onTime: 0, late: 1 });
    assert.equal(r.paused, 0);
    assert.deepEqual(r.rates, {
      onTime: 0.5,
      online: 0.5,
      digitization: 2 / 3,
      reuse: 1 / 3,
      resultDigitization: 0.5,
      onlinePayment: 0.5,
      satisfaction: 0.5,
    });
    assert.deepEqual(indicators([], april).rates.onTime, null);
  });

  const cut = fc.tuple(fc.nat(60 * 24 * 200), fc.nat(60 * 24 * 200)).map(([a, b]) => {
    const base = at('2026-01-01T00:00');
    return [base + Math.min(a, b), base + Math.max(a, b) + 1] as const;
  });

  it('keeps carried over + received = finished + in progress + paused, for any logs and period (property)', () => {
    fc.assert(
      fc.property(fc.array(randomDossier, { maxLength: 30 }), cut, (dossiers, [from, to]) => {
        const r = indicators(dossiers, { from, to });
        assert.equal(r.carriedOver + r.received.total, r.finished.total + r.inProgress.total + r.paused);
        assert.equal(r.finished.total, r.finished.beforeDue + r.finished.onTime + r.finished.late);
      }),
      { numRuns: 300 },
    );
  });

  it('adds up over adjacent periods: what one period hands on, the next carries over (property)', () => {
    fc.assert(
      fc.property(
        fc.array(randomDossier, { maxLength: 30 }),
        cut,
        fc.nat(60 * 24 * 100),
        (dossiers, [from, mid], extra) => {
          const to = mid + 1 + extra;
          const first = indicators(dossiers, { from, to: mid });
          const second = indicators(dossiers, { from: mid, to });
          const whole = indicators(dossiers, { from, to });
          assert.equal(first.received.total + second.received.total, whole.received.total);
          assert.equal(whole.carriedOver, first.carriedOver);
          // Everything open at the end of the first period is carried over into the second (a dossier
          // finished in the first and reopened in the second is carried over too).
          assert.ok(second.carriedOver >= first.inProgress.total + first.paused);
        },
      ),
      { numRuns: 300 },
    );
  });
});
