import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ProblemList } from './ProblemList';
import type { WorkflowLayout } from '../../../src/contracts/workflow.js';
import type { Role } from '../../../src/domain/access/roles.js';
import {
  allottedHours,
  checkWorkflow,
  moveKinds,
  rolesAt,
  stepPlaces,
  type MoveKind,
  type StepPlace,
  type WorkflowStep,
} from '../../../src/domain/catalog/workflow.js';
import type { ProcessingTime } from '../../../src/domain/catalog/procedureVersion.js';
import { vi } from '../../../src/domain/i18n/vi.js';

/** The role each place is performed by, so a new step is valid as soon as it is placed. */
const roleFor: Record<StepPlace, Role> = {
  counter: 'receiver',
  specialist: 'processor',
  leader: 'leader',
  consulted: 'processor',
};
const edgeStyle: Record<MoveKind, { stroke: string; strokeDasharray?: string }> = {
  next: { stroke: '#262626' },
  back: { stroke: '#d46b08', strokeDasharray: '6 4' },
  consult: { stroke: '#1677ff', strokeDasharray: '2 4' },
};

type StepData = { step: WorkflowStep; index: number; broken: boolean };
type StepNode = Node<StepData, 'step'>;

function StepBox({ data, selected }: NodeProps<StepNode>) {
  const s = data.step;
  return (
    <div
      style={{
        width: 180,
        padding: '6px 10px',
        borderRadius: 8,
        background: s.kind === 'work' ? (s.place === 'consulted' ? '#e6f4ff' : '#fff') : '#f6ffed',
        border: `2px solid ${data.broken ? '#ff4d4f' : selected ? '#1677ff' : '#d9d9d9'}`,
        fontSize: 12,
      }}
    >
      <Handle type="target" id="top" position={Position.Top} />
      <Handle type="target" id="back-in" position={Position.Left} style={{ top: '70%' }} />
      <Handle type="source" id="back-out" position={Position.Left} style={{ top: '30%' }} />
      <Handle type="target" id="side-in" position={Position.Right} style={{ top: '70%' }} />
      <Handle type="source" id="side-out" position={Position.Right} style={{ top: '30%' }} />
      <div style={{ fontWeight: 600 }}>
        {data.index + 1}. {s.name || '(chưa đặt tên)'}
      </div>
      <div>
        {vi.role[s.role]} · {vi.stepPlace[s.place]}
      </div>
      <div>
        {s.hours} giờ · DVCQG {s.dvcqgStatus}
        {s.kind !== 'work' && <> · {vi.stepKind[s.kind]}</>}
      </div>
      <Handle type="source" id="bottom" position={Position.Bottom} />
    </div>
  );
}
const nodeTypes = { step: StepBox };
const fitOptions = { padding: 0.08, maxZoom: 1 };

/** Refits the diagram when a step is added or removed, so a new step is never drawn out of sight. */
function FitOnCount({ count }: { count: number }) {
  const flow = useReactFlow();
  useEffect(() => {
    // Once the boxes are measured and the tab has finished its entry animation.
    const t = setTimeout(() => void flow.fitView(fitOptions), 150);
    return () => clearTimeout(t);
  }, [count, flow]);
  return null;
}

/** Where a step without a saved position is drawn: the main path down the middle, consultations aside. */
function defaultPosition(s: WorkflowStep, i: number) {
  return { x: s.place === 'consulted' ? 280 : 0, y: i * 120 };
}

/** The step index a problem field such as `steps[2].moves[0]` points at. */
const stepIndexOf = (field: string) => {
  const m = /steps\[(\d+)\]/.exec(field);
  return m ? Number(m[1]) : null;
};

export interface WorkflowDraft {
  steps: WorkflowStep[];
  layout: WorkflowLayout;
}

/**
 * The visual workflow editor: steps are boxes to drag, moves are arrows drawn from a box's lower
 * handle to another box (or added from the side panel by keyboard). The same rules as the server
 * (`checkWorkflow`) run on every change, and the total time is shown against the legal time.
 */
export function WorkflowEditor({
  value,
  onChange,
  legal,
  legalHours,
  readOnly = false,
}: {
  value: WorkflowDraft;
  onChange?: (next: WorkflowDraft) => void;
  legal: ProcessingTime;
  legalHours: number;
  readOnly?: boolean;
}) {
  const { steps, layout } = value;
  const [selected, setSelected] = useState<string | null>(null);
  const [connectKind, setConnectKind] = useState<MoveKind>('next');
  const problems = useMemo(() => checkWorkflow(steps, legal), [steps, legal]);
  const brokenSteps = new Set(problems.map((p) => stepIndexOf(p.field)).filter((i) => i !== null));
  const total = allottedHours(steps);
  const set = (next: Partial<WorkflowDraft>) => onChange?.({ steps, layout, ...next });

  const nodes: StepNode[] = steps.map((s, i) => ({
    id: s.code,
    type: 'step',
    position: layout[s.code] ?? defaultPosition(s, i),
    data: { step: s, index: i, broken: brokenSteps.has(i) },
    selected: s.code === selected,
    ariaLabel: `Bước ${i + 1}: ${s.name}`,
  }));
  const edges: Edge[] = steps.flatMap((s) =>
    s.moves.map((m) => ({
      id: `${s.code}>${m.to}>${m.kind}`,
      source: s.code,
      target: m.to,
      sourceHandle: 'bottom',
      targetHandle: 'top',
      // Back moves run up the left side, consultations go out to the right: the main path stays clear.
      ...(m.kind === 'back'
        ? { sourceHandle: 'back-out', targetHandle: 'back-in', type: 'smoothstep' }
        : m.kind === 'consult'
          ? { sourceHandle: 'side-out', targetHandle: 'top', type: 'smoothstep' }
          : {}),
      label: vi.moveKind[m.kind],
      style: edgeStyle[m.kind],
      markerEnd: { type: MarkerType.ArrowClosed, color: edgeStyle[m.kind].stroke },
      labelStyle: { fontSize: 11 },
    })),
  );

  const onNodesChange = (changes: NodeChange<StepNode>[]) => {
    let nextLayout = layout;
    let nextSteps = steps;
    for (const c of changes) {
      if (c.type === 'position' && c.position) nextLayout = { ...nextLayout, [c.id]: c.position };
      if (c.type === 'select' && c.selected) setSelected(c.id);
      if (c.type === 'remove') nextSteps = removeStep(nextSteps, c.id);
    }
    if (nextLayout !== layout || nextSteps !== steps) set({ layout: nextLayout, steps: nextSteps });
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    const removed = changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []));
    if (removed.length === 0) return;
    set({
      steps: steps.map((s) => ({
        ...s,
        moves: s.moves.filter((m) => !removed.includes(`${s.code}>${m.to}>${m.kind}`)),
      })),
    });
  };
  const onConnect = (c: Connection) => addMove(c.source, c.target, connectKind);
  const addMove = (from: string, to: string, kind: MoveKind) =>
    set({
      steps: steps.map((s) =>
        s.code === from && !s.moves.some((m) => m.to === to && m.kind === kind)
          ? { ...s, moves: [...s.moves, { to, kind }] }
          : s,
      ),
    });

  const addStep = () => {
    let n = steps.length + 1;
    while (steps.some((s) => s.code === `B${n}`)) n++;
    const code = `B${n}`;
    const step: WorkflowStep = {
      code,
      name: 'Bước mới',
      role: 'processor',
      place: 'specialist',
      hours: 8,
      dvcqgStatus: 4,
      kind: 'work',
      moves: [],
    };
    // Beside the main path, level with the lowest step: in sight, and clear of the existing arrows.
    const lowest = Math.max(0, ...nodes.map((n) => n.position.y));
    set({ steps: [...steps, step], layout: { ...layout, [code]: { x: 280, y: lowest } } });
    setSelected(code);
  };

  const current = steps.find((s) => s.code === selected) ?? null;
  const percent = legalHours > 0 ? Math.round((total / legalHours) * 100) : 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Text strong>
          Tổng thời gian: {total} / {legalHours} giờ làm việc theo quy định
        </Typography.Text>
        <Progress
          percent={Math.min(percent, 100)}
          status={total > legalHours ? 'exception' : 'normal'}
          style={{ width: 200, margin: 0 }}
          format={() => `${percent}%`}
          aria-label="Tỷ lệ thời gian so với thời hạn"
        />
        {!readOnly && (
          <>
            <Button onClick={addStep}>Thêm bước</Button>
            <span>Mũi tên vẽ mới là:</span>
            <Select<MoveKind>
              aria-label="Loại mũi tên vẽ mới"
              value={connectKind}
              onChange={setConnectKind}
              style={{ width: 140 }}
              options={moveKinds.map((k) => ({ value: k, label: vi.moveKind[k] }))}
            />
          </>
        )}
      </Space>
      <div style={{ display: 'flex', gap: 12, alignItems: 'stretch' }}>
        <div
          style={{
            flex: 1,
            height: 560,
            border: '1px solid #f0f0f0',
            borderRadius: 8,
            background: '#fafafa',
          }}
          aria-label="Sơ đồ quy trình"
          role="figure"
        >
          <ReactFlow<StepNode, Edge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={readOnly ? undefined : onNodesChange}
            onEdgesChange={readOnly ? undefined : onEdgesChange}
            onConnect={readOnly ? undefined : onConnect}
            onNodeClick={(_, n) => setSelected(n.id)}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            elementsSelectable
            deleteKeyCode={readOnly ? null : ['Delete']}
            fitView
            fitViewOptions={fitOptions}
            // The wheel scrolls the page, as everywhere else on the screen; zoom is on the controls.
            zoomOnScroll={false}
            preventScrolling={false}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <FitOnCount count={steps.length} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        {!readOnly && (
          <Card
            size="small"
            style={{ width: 330 }}
            title={current ? `Bước ${current.code}` : 'Chọn một bước'}
          >
            {current ? (
              <StepPanel
                key={current.code}
                step={current}
                steps={steps}
                onChange={(next) => {
                  const renamed = next.code !== current.code;
                  set({
                    steps: steps.map((s) =>
                      s.code === current.code
                        ? next
                        : renamed
                          ? {
                              ...s,
                              moves: s.moves.map((m) =>
                                m.to === current.code ? { ...m, to: next.code } : m,
                              ),
                            }
                          : s,
                    ),
                    layout: renamed
                      ? Object.fromEntries(
                          Object.entries(layout).map(([k, v]) => [k === current.code ? next.code : k, v]),
                        )
                      : layout,
                  });
                  if (renamed) setSelected(next.code);
                }}
                onMove={(delta) => set({ steps: reorder(steps, current.code, delta) })}
                onRemove={() => {
                  set({ steps: removeStep(steps, current.code) });
                  setSelected(null);
                }}
                onAddMove={(to, kind) => addMove(current.code, to, kind)}
              />
            ) : (
              <Typography.Paragraph type="secondary">
                Bấm vào một bước để sửa. Kéo các ô để sắp xếp sơ đồ; kéo từ chấm dưới một ô tới ô khác để vẽ
                hướng chuyển; chọn mũi tên rồi bấm Delete để xóa.
              </Typography.Paragraph>
            )}
          </Card>
        )}
      </div>
      {!readOnly &&
        (problems.length === 0 ? (
          <Alert type="success" showIcon title="Quy trình hợp lệ" />
        ) : (
          <ProblemList
            type="warning"
            title="Quy trình chưa hợp lệ"
            items={problems.map((p) => {
              const at = stepIndexOf(p.field);
              const step = at === null ? null : steps[at];
              return `${step ? `${step.code} — ${step.name}: ` : ''}${vi.workflowProblem[p.code] ?? p.code}`;
            })}
          />
        ))}
    </Space>
  );
}

function removeStep(steps: WorkflowStep[], code: string): WorkflowStep[] {
  return steps
    .filter((s) => s.code !== code)
    .map((s) => ({ ...s, moves: s.moves.filter((m) => m.to !== code) }));
}

function reorder(steps: WorkflowStep[], code: string, delta: -1 | 1): WorkflowStep[] {
  const i = steps.findIndex((s) => s.code === code);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= steps.length) return steps;
  const out = [...steps];
  [out[i], out[j]] = [out[j] as WorkflowStep, out[i] as WorkflowStep];
  return out;
}

/** The selected step's fields, its moves, and buttons to reorder or remove it. */
function StepPanel({
  step,
  steps,
  onChange,
  onMove,
  onRemove,
  onAddMove,
}: {
  step: WorkflowStep;
  steps: WorkflowStep[];
  onChange: (s: WorkflowStep) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  onAddMove: (to: string, kind: MoveKind) => void;
}) {
  const [target, setTarget] = useState<string | undefined>();
  const [kind, setKind] = useState<MoveKind>('next');
  return (
    <Form layout="vertical" size="small">
      <Space.Compact block>
        <Form.Item label="Mã bước" style={{ width: 90 }}>
          <Input
            aria-label="Mã bước"
            value={step.code}
            maxLength={20}
            onChange={(e) => {
              const code = e.target.value.replace(/[^A-Za-z0-9_-]/g, '');
              if (code && !steps.some((s) => s.code === code)) onChange({ ...step, code });
            }}
          />
        </Form.Item>
        <Form.Item label="Tên bước" style={{ flex: 1 }}>
          <Input
            aria-label="Tên bước"
            value={step.name}
            maxLength={200}
            onChange={(e) => onChange({ ...step, name: e.target.value })}
          />
        </Form.Item>
      </Space.Compact>
      <Form.Item label="Loại bước">
        <Select
          aria-label="Loại bước"
          value={step.kind}
          onChange={(k) =>
            onChange({ ...step, kind: k, ...(k !== 'work' ? { place: 'counter', role: 'receiver' } : {}) })
          }
          options={(['receipt', 'work', 'result'] as const).map((k) => ({ value: k, label: vi.stepKind[k] }))}
        />
      </Form.Item>
      <Form.Item label="Nơi thực hiện">
        <Select
          aria-label="Nơi thực hiện"
          value={step.place}
          onChange={(place: StepPlace) => onChange({ ...step, place, role: roleFor[place] })}
          options={stepPlaces.map((p) => ({ value: p, label: vi.stepPlace[p] }))}
        />
      </Form.Item>
      <Form.Item label="Vai trò thực hiện">
        <Select
          aria-label="Vai trò thực hiện"
          value={step.role}
          onChange={(role: Role) => onChange({ ...step, role })}
          options={rolesAt[step.place].map((r) => ({ value: r, label: vi.role[r] }))}
        />
      </Form.Item>
      <Space.Compact block>
        <Form.Item label="Số giờ làm việc" style={{ width: '50%' }}>
          <InputNumber
            min={1}
            max={2000}
            precision={0}
            aria-label="Số giờ làm việc"
            value={step.hours}
            onChange={(h) => onChange({ ...step, hours: h ?? 1 })}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label="Trạng thái DVCQG" style={{ width: '50%' }}>
          <Select
            aria-label="Trạng thái DVCQG"
            value={step.dvcqgStatus}
            onChange={(v: number) => onChange({ ...step, dvcqgStatus: v })}
            options={[2, 4, 5, 6, 9, 10].map((n) => ({ value: n, label: `${n} — ${vi.dossierStatus[n]}` }))}
            popupMatchSelectWidth={false}
          />
        </Form.Item>
      </Space.Compact>
      <Typography.Text strong>Hướng chuyển</Typography.Text>
      <div style={{ margin: '4px 0 8px' }}>
        {step.moves.length === 0 && <Typography.Text type="secondary">Chưa có</Typography.Text>}
        {step.moves.map((m) => (
          <Tag
            key={`${m.to}${m.kind}`}
            closable
            onClose={() => onChange({ ...step, moves: step.moves.filter((x) => x !== m) })}
          >
            {vi.moveKind[m.kind]} → {m.to}
          </Tag>
        ))}
      </div>
      <Space.Compact block>
        <Select<MoveKind>
          aria-label="Loại hướng chuyển"
          value={kind}
          onChange={setKind}
          style={{ width: 120 }}
          options={moveKinds.map((k) => ({ value: k, label: vi.moveKind[k] }))}
        />
        <Select
          aria-label="Tới bước"
          placeholder="Tới bước"
          value={target}
          onChange={setTarget}
          style={{ flex: 1 }}
          options={steps
            .filter((s) => s.code !== step.code)
            .map((s) => ({ value: s.code, label: `${s.code} — ${s.name}` }))}
        />
        <Button disabled={!target} onClick={() => target && onAddMove(target, kind)}>
          Thêm
        </Button>
      </Space.Compact>
      <Space style={{ marginTop: 12 }} wrap>
        <Button onClick={() => onMove(-1)}>Lên trước</Button>
        <Button onClick={() => onMove(1)}>Xuống sau</Button>
        <Button danger onClick={onRemove}>
          Xóa bước
        </Button>
      </Space>
    </Form>
  );
}
