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
