import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { ActionBody, commandRequires } from '../../../../src/contracts/dossiers.js';
import type { Workflow } from '../../../../src/contracts/workflow.js';
import type { Component } from '../../../../src/domain/catalog/procedureVersion.js';
import type { CommandType } from '../../../../src/domain/dossier/lifecycle.js';
import { vi } from '../../../../src/domain/i18n/vi.js';
import type { DossierDetail } from './DossierFacts';

type Step = Workflow['steps'][number];

/** What a command's dialog may need to offer its choices. */
export interface DialogContext {
  d: DossierDetail;
  steps: Step[];
  current: Step | undefined;
  components: Component[];
  isLeader: boolean;
}

/** The dialog of one command: its fields beyond the reason (which every command requiring one asks). */
const dialogs: { [K in CommandType]?: (ctx: DialogContext) => ReactNode } = {
  forward: (ctx) => <StepChoice ctx={ctx} kind="next" label="Đến bước" />,
  consult: (ctx) => <StepChoice ctx={ctx} kind="consult" label="Đến bước" />,
  return_to_step: (ctx) => <StepChoice ctx={ctx} kind="back" label="Trả về bước" />,
  transfer: () => (
    <Form.Item
      name="agencyCode"
      label="Mã định danh cơ quan có thẩm quyền"
      extra="Cơ quan phải có cán bộ đang giữ vai trò nhận hồ sơ ở bước hiện tại."
      rules={[{ required: true, whitespace: true, message: 'Nhập mã cơ quan' }]}
    >
      <Input maxLength={40} placeholder="000.00.00.H01" />
    </Form.Item>
  ),
  request_supplement: ({ components }) => (
    <Form.Item
      name="components"
      label="Giấy tờ cần bổ sung"
      rules={[{ required: true, message: 'Chọn ít nhất một giấy tờ' }]}
    >
      <Select mode="multiple" options={components.map((c) => ({ value: c.code, label: c.name }))} />
    </Form.Item>
  ),
  request_payment: ({ isLeader }) => (
    <>
      <Form.Item name="amount" label="Số tiền (đồng)" rules={[{ required: true, message: 'Nhập số tiền' }]}>
        <InputNumber min={1} step={1000} style={{ width: '100%' }} />
      </Form.Item>
      {isLeader ? (
        <Form.Item
          name="reason"
          label="Lý do (khi yêu cầu vượt mức phí, lệ phí đã công bố)"
          extra="Cán bộ một cửa, chuyên viên chỉ yêu cầu trong mức phí, lệ phí của thủ tục."
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      ) : null}
    </>
  ),
  propose_extension: () => (
    <Form.Item
      name="newDue"
      label="Hẹn lại ngày trả kết quả"
      rules={[{ required: true, message: 'Chọn ngày giờ' }]}
    >
      <DatePicker showTime format="DD/MM/YYYY HH:mm" style={{ width: '100%' }} />
    </Form.Item>
  ),
  return_result: () => (
    <>
      <Form.Item name="method" label="Hình thức trả" initialValue="counter">
        <Select
          options={[
            { value: 'counter', label: 'Tại bộ phận một cửa' },
            { value: 'post', label: 'Qua bưu chính' },
            { value: 'electronic', label: 'Bản điện tử' },
          ]}
        />
      </Form.Item>
      <Form.Item name="reference" label="Người nhận (số định danh) hoặc mã bưu gửi" initialValue="">
        <Input maxLength={100} />
      </Form.Item>
    </>
  ),
  consult_reply: ({ d }) => (
    <>
      <Form.Item
        name="consultationId"
        label="Yêu cầu lấy ý kiến"
        initialValue={d.consultations.find((c) => c.status === 'open' || c.status === 'accepted')?.id}
      >
        <Select options={d.consultations.map((c) => ({ value: c.id, label: `${c.id} (${c.agencyCode})` }))} />
      </Form.Item>
      <Form.Item name="outcome" label="Kết quả" initialValue="answered">
        <Select
          options={[
            { value: 'accepted', label: 'Nhận xử lý' },
            { value: 'answered', label: 'Trả lời ý kiến' },
            { value: 'refused', label: 'Từ chối' },
          ]}
        />
      </Form.Item>
      <Form.Item name="note" label="Nội dung ý kiến" initialValue="">
        <Input.TextArea rows={3} />
      </Form.Item>
    </>
  ),
};

/** A step to move to, among the current step's moves of one kind (the first preselected). */
function StepChoice(props: { ctx: DialogContext; kind: 'next' | 'back' | 'consult'; label: string }) {
  const { steps, current } = props.ctx;
  const moves = (current?.moves ?? []).filter((m) => m.kind === props.kind);
  return (
    <Form.Item
      name="toStep"
      label={props.label}
      rules={[{ required: true, message: 'Chọn bước' }]}
      initialValue={moves[0]?.to}
    >
      <Select
        options={moves.map((m) => ({
          value: m.to,
          label: `${m.to} — ${steps.find((s) => s.code === m.to)?.name ?? m.to}`,
        }))}
      />
    </Form.Item>
  );
}

/**
 * The request for `action` from the dialog's answers, checked against the API's own schema of the
 * command (a wrong field is said here, not sent).
 */
export function actionBody(action: CommandType, values: Record<string, unknown>, d: DossierDetail) {
  const body: Record<string, unknown> = { type: action, expectedVersion: d.version, ...values };
  if (action === 'propose_extension' && values['newDue'])
    body['newDue'] = (values['newDue'] as { toISOString(): string }).toISOString();
  if (action === 'consult') body['consultationId'] = `YK${d.version}`;
  return ActionBody.safeParse(body);
}

/** The dialog of the chosen command: what will happen, its fields, the reason when one is required. */
export function ActionDialog(props: {
  action: CommandType | null;
  form: FormInstance;
  ctx: DialogContext;
  error: string | null;
  onOk: () => void;
  onCancel: () => void;
}) {
  const { action } = props;
  return (
    <Modal
      open={action !== null}
      title={action ? vi.actionName[action] : ''}
      okText="Thực hiện"
      cancelText="Hủy"
      onOk={props.onOk}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      {action ? (
        <Alert type="info" showIcon title={vi.actionConsequence[action]} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={props.form} layout="vertical" preserve={false}>
        {action ? dialogs[action]?.(props.ctx) : null}
        {action && commandRequires(action, 'reason') ? (
          <Form.Item
            name="reason"
            label="Lý do"
            rules={[{ required: true, whitespace: true, message: 'Nhập lý do' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        ) : null}
      </Form>
      {props.error && action ? <Alert type="error" title={props.error} /> : null}
    </Modal>
  );
}
