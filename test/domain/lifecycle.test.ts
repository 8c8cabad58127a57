import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Role } from '../../src/domain/access/roles.js';
import { suggestedYear } from '../../src/domain/calendar/holidays.js';
import { fromLocal, toLocal } from '../../src/domain/calendar/localTime.js';
import { WorkCalendar } from '../../src/domain/calendar/workCalendar.js';
import {
  DossierError,
  type Command,
  allowedIn,
  decide,
  evolve,
  submitted,
  type DossierState,
} from '../../src/domain/dossier/lifecycle.js';
import { Status, terminalStatuses } from '../../src/domain/dossier/status.js';
import { consultingSteps, permissiveFacts } from '../../fixtures/workflows.js';

const steps = consultingSteps;
const calendar = new WorkCalendar(suggestedYear);
const at = (local: string) => toLocal(new Date(`${local}:00+07:00`));
const show = (m: number | null) =>
  m === null ? null : fromLocal(m).toLocaleString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 16);

function apply(state: DossierState, command: Command, role: Role, now: string): DossierState {
  const action = decide(state, command, {
    now: at(now),
    calendar,
    steps,
    legalTime: { amount: 10, unit: 'working_days' },
    sameDayCutoff: true,
    role,
    facts: permissiveFacts,
  });
  return evolve(state, action);
}

describe('dossier lifecycle (pure)', () => {
  it('follows a dossier from receipt to returned result, with pause, consultation and extension', () => {
    let s = submitted('000.00.01.H26');
    s = apply(s, { type: 'receive' }, 'receiver', '2026-03-02T08:00');
    assert.equal(s.status, Status.received);
    assert.equal(show(s.due), '2026-03-16 08:00'); // 10 working days
    assert.equal(show(s.stepDue), '2026-03-02 14:00'); // receipt step: 3.5 h before lunch, 0.5 h after
    s = apply(
      s,
      { type: 'forward', toStep: 'TD', agencyCode: '000.00.01.H26', assigneeId: 'cv1' },
      'receiver',
      '2026-03-02T09:00',
    );
    assert.equal(s.status, Status.processing);
    assert.equal(s.stepCode, 'TD');

    // A supplement pauses the clock from Tuesday 10:00 to Thursday 10:00: 16 working hours.
    s = apply(
      s,
      { type: 'request_supplement', reason: 'Thiếu bản sao', components: ['GTTT'] },
      'processor',
      '2026-03-03T10:00',
    );
    assert.equal(s.status, Status.supplement);
    s = apply(s, { type: 'receive_supplement' }, 'receiver', '2026-03-05T10:00');
    assert.equal(s.status, Status.processing);
    assert.equal(show(s.due), '2026-03-18 08:00');

    s = apply(
      s,
      { type: 'consult', consultationId: 'c1', toStep: 'YK', agencyCode: '000.00.99.H26' },
      'processor',
      '2026-03-05T11:00',
    );
    assert.equal(s.consultations[0]?.status, 'open');
    assert.throws(
      () => apply(s, { type: 'issue_result' }, 'leader', '2026-03-05T11:30'),
      (e: DossierError) => e.code === 'not_at_result_step',
    );
    s = apply(
      s,
      { type: 'consult_reply', consultationId: 'c1', outcome: 'accepted', note: '' },
      'processor',
      '2026-03-05T14:00',
    );
    s = apply(
      s,
      { type: 'consult_reply', consultationId: 'c1', outcome: 'answered', note: 'Đủ điều kiện' },
      'processor',
      '2026-03-09T09:00',
    );
    assert.equal(s.consultations[0]?.status, 'answered');

    // Apology and extension (Form 04) before the due time, approved by a leader.
    s = apply(
      s,
      { type: 'propose_extension', newDue: at('2026-03-20T17:00'), reason: 'Chờ xác minh' },
      'processor',
      '2026-03-16T09:00',
    );
    assert.equal(show(s.due), '2026-03-18 08:00');
    s = apply(s, { type: 'approve_extension' }, 'leader', '2026-03-16T10:00');
    assert.equal(show(s.due), '2026-03-20 17:00');

    s = apply(
      s,
      { type: 'forward', toStep: 'PD', agencyCode: '000.00.01.H26' },
      'processor',
      '2026-03-17T09:00',
    );
    s = apply(s, { type: 'issue_result' }, 'leader', '2026-03-18T09:00');
    assert.equal(s.status, Status.resolved);
    assert.equal(s.stepCode, 'TK');
    s = apply(
      s,
      { type: 'return_result', method: 'counter', reference: '001089012345' },
      'receiver',
      '2026-03-19T08:00',
    );
    assert.equal(s.status, Status.returned);
    assert.equal(s.delivery, 'counter');
    assert.equal(s.version, 12);
  });

  it('refuses what the status or the role does not allow, and missing reasons', () => {
    const s = apply(submitted('A'), { type: 'receive' }, 'receiver', '2026-03-02T08:00');
    const fails = (c: Command, role: Role, code: string) =>
      assert.throws(
        () => apply(s, c, role, '2026-03-02T09:00'),
        (e: DossierError) => e.code === code,
      );
    fails({ type: 'receive' }, 'receiver', 'not_allowed_in_status');
    fails({ type: 'issue_result' }, 'leader', 'not_allowed_in_status');
    fails({ type: 'forward', toStep: 'TD', agencyCode: 'A' }, 'monitor', 'role_cannot');
    fails({ type: 'forward', toStep: 'PD', agencyCode: 'A' }, 'receiver', 'not_a_next_step');
    fails({ type: 'refuse', reason: '  ' }, 'receiver', 'reason_required');
    fails({ type: 'request_supplement', reason: 'x', components: [] }, 'receiver', 'components_required');
  });

  it('recalls an issued result back to the step before it', () => {
    let s = apply(submitted('A'), { type: 'receive' }, 'receiver', '2026-03-02T08:00');
    s = apply(s, { type: 'forward', toStep: 'TD', agencyCode: 'A' }, 'receiver', '2026-03-02T09:00');
    s = apply(s, { type: 'forward', toStep: 'PD', agencyCode: 'A' }, 'processor', '2026-03-03T09:00');
    s = apply(s, { type: 'issue_result' }, 'leader', '2026-03-04T09:00');
    s = apply(s, { type: 'recall_result', reason: 'Sai tên' }, 'leader', '2026-03-04T10:00');
    assert.equal(s.status, Status.processing);
    assert.equal(s.stepCode, 'PD');
  });

  it('ends the supplement pause when the applicant withdraws during it', () => {
    let s = apply(submitted('A'), { type: 'receive' }, 'receiver', '2026-03-02T08:00');
    s = apply(
      s,
      { type: 'request_supplement', reason: 'r', components: ['X'] },
      'receiver',
      '2026-03-02T08:00',
    );
    assert.notEqual(s.pausedSince, null);
    s = apply(s, { type: 'withdraw', reason: 'Không bổ sung được' }, 'receiver', '2026-03-02T08:00');
    assert.equal(s.status, Status.withdrawn);
    assert.equal(s.pausedSince, null);
  });

  it("records the applicant's withdrawal request without deciding it; the counter's withdraw ends the dossier", () => {
    let s = apply(submitted('A'), { type: 'receive' }, 'receiver', '2026-03-02T08:00');
    const before = s;
    s = apply(s, { type: 'request_withdrawal', reason: 'Xin rút' }, 'receiver', '2026-03-02T09:00');
    assert.equal(s.status, Status.received);
    assert.equal(s.due, before.due);
    assert.equal(s.version, before.version + 1);
    assert.throws(
      () => apply(s, { type: 'request_withdrawal', reason: 'Xin rút' }, 'leader', '2026-03-02T09:00'),
      (e: DossierError) => e.code === 'role_cannot',
    );
    s = apply(s, { type: 'withdraw', reason: 'Chấp nhận' }, 'receiver', '2026-03-02T10:00');
    assert.equal(s.status, Status.withdrawn);
  });

  it('never leaves a terminal status, pauses only in 5 and 6, counts every action', () => {
    const commands: Command[] = [
      { type: 'receive' },
      { type: 'refuse', reason: 'r' },
      { type: 'forward', toStep: 'TD', agencyCode: 'A' },
      { type: 'forward', toStep: 'PD', agencyCode: 'A' },
      { type: 'return_to_step', toStep: 'TD', agencyCode: 'A', reason: 'r' },
      { type: 'request_supplement', reason: 'r', components: ['X'] },
      { type: 'receive_supplement' },
      { type: 'request_payment', amount: 50_000 },
      { type: 'record_payment' },
      { type: 'withdraw', reason: 'r' },
      { type: 'stop', reason: 'r' },
      { type: 'issue_result' },
      { type: 'return_result', method: 'electronic', reference: '' },
      { type: 'recall_result', reason: 'r' },
      { type: 'assign', assigneeId: 'cv1' },
      { type: 'assign', assigneeId: null },
    ];
    const roles: Role[] = ['receiver', 'processor', 'leader'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...commands), fc.constantFrom(...roles), fc.nat(600)), {
          maxLength: 40,
        }),
        (script) => {
          let s = submitted('A');
          let t = at('2026-03-02T08:00');
          for (const [command, role, minutes] of script) {
            t += minutes;
            const before = s;
            try {
              s = evolve(
                s,
                decide(s, command, {
                  now: t,
                  calendar,
                  steps,
                  legalTime: { amount: 10, unit: 'working_days' },
                  sameDayCutoff: false,
                  role,
                  facts: permissiveFacts,
                }),
              );
            } catch (e) {
              assert.ok(e instanceof DossierError);
              continue;
            }
            assert.ok(!terminalStatuses.includes(before.status), `left terminal ${before.status}`);
            assert.ok(allowedIn[before.status].includes(command.type));
            assert.equal(s.version, before.version + 1);
            assert.equal(
              s.pausedSince !== null,
              s.status === Status.supplement || s.status === Status.financial,
            );
            if ([2, 4, 5, 6, 9].includes(s.status)) assert.ok(s.due !== null);
          }
        },
      ),
    );
  });
});
