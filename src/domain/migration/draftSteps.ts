import type { WorkflowStep } from '../catalog/workflow.js';
import type { StepMapping } from './draftMapping.js';

/** A workflow node of the source (`TruongHopThuTucs.NodeQuyTrinh`, React-Flow JSON). */
export interface SourceNode {
  /** The local procedure the case belongs to. */
  procedure: string;
  id: string;
  name: string;
  /** start, custom, end. */
  type: string;
  /** The status the node puts the dossier in (`maTrangThaiHoSo`). */
  status: number | null;
  /** The user group that works it (`tenNhomNguoiDung`): motcua, chuyenvien, lanhdao, … */
  group: string;
}

/** The role a source user group stands for. */
const roleOfGroup: Record<string, WorkflowStep['role']> = {
  motcua: 'receiver',
  chuyenvien: 'processor',
  lanhdao: 'leader',
};

/**
 * The nodes of one procedure's source workflow mapped onto the steps of the workflow bound for it
 * here: the start node (status 2) to the receipt step; the end node, or a node of status 9 or 10,
 * to the result step; a processing node to the step worked by the same role (specialist, leader),
 * the first such when the source has several. An in-flight dossier waits at its node's step.
 */
export type { StepMapping };

export function draftSteps(nodes: readonly SourceNode[], steps: readonly WorkflowStep[]): StepMapping[] {
  const candidates = steps.map((s) => ({ code: s.code, name: s.name }));
  return nodes.map((n) => {
    const base = { procedure: n.procedure, node: n.id, name: n.name, candidates };
    if (steps.length === 0)
      return { ...base, step: null, found: 'unmapped', note: 'no_workflow', candidates: [] };
    const of = (kind: WorkflowStep['kind']) => steps.find((s) => s.kind === kind);
    let step: WorkflowStep | undefined;
    if (n.type === 'start' || n.status === 2) step = of('receipt');
    else if (n.type === 'end' || n.status === 9 || n.status === 10) step = of('result');
    else {
      const role = roleOfGroup[n.group.trim().toLowerCase()];
      step = steps.find((s) => s.kind === 'work' && s.role === role);
    }
    return step
      ? { ...base, step: step.code, found: 'code' as const }
      : { ...base, step: null, found: 'unmapped' as const };
  });
}

/** The nodes of a source case's `NodeQuyTrinh` (its JSON as written; null when it does not parse). */
export function sourceNodes(procedure: string, json: string | undefined): SourceNode[] | null {
  if (!json || json === 'NULL') return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!Array.isArray(parsed)) return null;
    return parsed.flatMap((x: unknown) => {
      if (typeof x !== 'object' || x === null) return [];
      const o = x as { id?: unknown; type?: unknown; data?: Record<string, unknown> };
      if (typeof o.id !== 'string') return [];
      const d = o.data ?? {};
      const status = Number(d['maTrangThaiHoSo']);
      return [
        {
          procedure,
          id: o.id.toLowerCase(),
          name: String(d['tenBuocXuLy'] ?? '').normalize('NFC'),
          type: String(o.type ?? ''),
          status: Number.isInteger(status) ? status : null,
          group: String(d['tenNhomNguoiDung'] ?? ''),
        },
      ];
    });
  } catch {
    return null;
  }
}
