import fc from 'fast-check';
import type { Role } from '../../src/domain/access/roles.js';
import { suggestedYear } from '../../src/domain/calendar/holidays.js';
import { toLocal } from '../../src/domain/calendar/localTime.js';
import { WorkCalendar } from '../../src/domain/calendar/workCalendar.js';
import { type Command, decide, evolve, submitted } from '../../src/domain/dossier/lifecycle.js';
import { ratingLevels } from '../../src/domain/reports/ratings.js';
import type { DossierRecord, LogEntry } from '../../src/domain/reports/indicators.js';
import { consultingSteps, permissiveFacts } from '../../fixtures/workflows.js';

const calendar = new WorkCalendar(suggestedYear);
export const localAt = (local: string) => toLocal(new Date(`${local}:00+07:00`));

/** Every command a clerk may try, including the ones that reopen (recall) or end (withdraw) a dossier. */
export const lifecycleCommands: Command[] = [
  { type: 'receive' },
  { type: 'refuse', reason: 'r' },
  { type: 'forward', toStep: 'TD', agencyCode: 'A' },
  { type: 'forward', toStep: 'PD', agencyCode: 'A' },
  { type: 'request_supplement', reason: 'r', components: ['X'] },
  { type: 'receive_supplement' },
  { type: 'request_payment', amount: 50_000 },
  { type: 'record_payment' },
  { type: 'withdraw', reason: 'r' },
  { type: 'stop', reason: 'r' },
  { type: 'issue_result' },
  { type: 'return_result', method: 'electronic', reference: '' },
  { type: 'recall_result', reason: 'r' },
];
const roles: Role[] = ['receiver', 'processor', 'leader'];

/**
 * A dossier's log as the real lifecycle and calendar write it, from random commands at random
 * times from early January 2026 (those the domain refuses are skipped, as a clerk would not have
 * been offered them), with random facts beside the log.
 */
export const randomDossier: fc.Arbitrary<DossierRecord> = fc
  .record({
    script: fc.array(
      fc.tuple(fc.constantFrom(...lifecycleCommands), fc.constantFrom(...roles), fc.nat(60 * 24 * 5)),
      { maxLength: 25 },
    ),
    channel: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
    offset: fc.nat(60 * 24 * 60),
    onlineEligible: fc.boolean(),
    digitized: fc.boolean(),
    reused: fc.boolean(),
    resultDigitized: fc.boolean(),
    feeBearing: fc.boolean(),
    paidOnline: fc.boolean(),
    rating: fc.option(fc.constantFrom(...ratingLevels)),
  })
  .map(({ script, channel, offset, ...facts }) => {
    let s = submitted('A');
    let t = localAt('2026-01-05T08:00') + offset;
    const log: LogEntry[] = [{ at: t, toStatus: 1, due: null }];
    for (const [command, role, minutes] of script) {
      t += minutes;
      try {
        const action = decide(s, command, {
          now: t,
          calendar,
          steps: consultingSteps,
          legalTime: { amount: 10, unit: 'working_days' },
          sameDayCutoff: false,
          role,
          facts: permissiveFacts,
        });
        s = evolve(s, action);
        log.push({ at: action.at, toStatus: action.toStatus, due: s.due });
      } catch {
        // not allowed now
      }
    }
    return { channel, log, ...facts };
  });
