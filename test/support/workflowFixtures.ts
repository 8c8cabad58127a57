import type { CommandFacts } from '../../src/domain/dossier/lifecycle.js';
import type { WorkflowStep } from '../../src/domain/catalog/workflow.js';

/** A commune workflow fitting one working day (8 hours): receipt → appraisal → approval → return. */
export const oneDayCommuneSteps: WorkflowStep[] = [
  {
    code: 'TN',
    name: 'Tiếp nhận',
    role: 'receiver',
    place: 'counter',
    hours: 1,
    dvcqgStatus: 2,
    kind: 'receipt',
    moves: [{ to: 'TD', kind: 'next' }],
  },
  {
    code: 'TD',
    name: 'Thẩm định',
    role: 'processor',
    place: 'specialist',
    hours: 4,
    dvcqgStatus: 4,
    kind: 'work',
    moves: [{ to: 'PD', kind: 'next' }],
  },
  {
    code: 'PD',
    name: 'Ký duyệt',
    role: 'leader',
    place: 'leader',
    hours: 2,
    dvcqgStatus: 4,
    kind: 'work',
    moves: [{ to: 'TK', kind: 'next' }],
  },
  {
    code: 'TK',
    name: 'Trả kết quả',
    role: 'receiver',
    place: 'counter',
    hours: 1,
    dvcqgStatus: 9,
    kind: 'result',
    moves: [],
  },
];

/** Receipt → appraisal (may consult the police) → approval → return; 10 working days by law. */
export const consultingSteps: WorkflowStep[] = [
  {
    code: 'TN',
    name: 'Tiếp nhận',
    role: 'receiver',
    place: 'counter',
    hours: 4,
    dvcqgStatus: 2,
    kind: 'receipt',
    moves: [{ to: 'TD', kind: 'next' }],
  },
  {
    code: 'TD',
    name: 'Thẩm định',
    role: 'processor',
    place: 'specialist',
    hours: 40,
    dvcqgStatus: 4,
    kind: 'work',
    moves: [
      { to: 'PD', kind: 'next' },
      { to: 'YK', kind: 'consult' },
    ],
  },
  {
    code: 'PD',
    name: 'Phê duyệt',
    role: 'leader',
    place: 'leader',
    hours: 8,
    dvcqgStatus: 4,
    kind: 'work',
    moves: [
      { to: 'TK', kind: 'next' },
      { to: 'TD', kind: 'back' },
    ],
  },
  {
    code: 'TK',
    name: 'Trả kết quả',
    role: 'receiver',
    place: 'counter',
    hours: 4,
    dvcqgStatus: 9,
    kind: 'result',
    moves: [],
  },
  {
    code: 'YK',
    name: 'Lấy ý kiến Công an',
    role: 'processor',
    place: 'consulted',
    hours: 16,
    dvcqgStatus: 4,
    kind: 'work',
    moves: [{ to: 'TD', kind: 'next' }],
  },
];

/**
 * Facts for deciding commands in pure tests: an official `cv1` acts, a named assignee holds every
 * role of the workflow there, and the dossier has a signed result.
 */
export const permissiveFacts: CommandFacts = {
  actorId: 'cv1',
  assigneeRoles: ['receiver', 'processor', 'leader'],
  signedResult: true,
};
