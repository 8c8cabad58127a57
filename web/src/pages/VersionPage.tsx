import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, DatePicker, Form, Input, Space, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Me } from '../../../src/contracts/auth.js';
import type { VersionView } from '../../../src/contracts/catalog.js';
import type { ProcessingTime } from '../../../src/domain/catalog/procedureVersion.js';
import { legalWorkingHours, stricterTime, type WorkflowStep } from '../../../src/domain/catalog/workflow.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { ApiError, sendJson, api, ok, csrfHeader, type BodyOf, type AnswerOf } from '../api';
import { managesCatalogOf } from '../auth';
import { Guide } from '../components/Guide';
import { ProblemList } from '../components/ProblemList';
import { RequireStaff } from '../components/RequireStaff';
import {
  formPath,
  fromForm,
  toForm,
  VersionContentForm,
  type ContentForm,
} from '../components/VersionContentForm';
import { WorkflowEditor, type WorkflowDraft } from '../components/WorkflowEditor';
import { paths } from '../paths';

export function VersionPage() {
  return <RequireStaff permission="account.read">{(me) => <VersionScreen me={me} />}</RequireStaff>;
}

/** A receipt → appraisal → approval → return skeleton that fits the legal time, to start from. */
function starterSteps(legalHours: number): WorkflowStep[] {
  const counter = Math.max(1, Math.min(4, Math.floor(legalHours / 8)));
  const leader = Math.max(1, Math.min(8, Math.floor(legalHours / 4)));
  const appraisal = Math.max(1, legalHours - 2 * counter - leader);
  return [
    {
      code: 'TN',
      name: 'Tiếp nhận hồ sơ',
      role: 'receiver',
      place: 'counter',
      hours: counter,
      dvcqgStatus: 2,
      kind: 'receipt',
      moves: [{ to: 'TD', kind: 'next' }],
    },
    {
      code: 'TD',
      name: 'Thẩm định hồ sơ',
      role: 'processor',
      place: 'specialist',
      hours: appraisal,
      dvcqgStatus: 4,
      kind: 'work',
      moves: [{ to: 'PD', kind: 'next' }],
    },
    {
      code: 'PD',
      name: 'Phê duyệt kết quả',
      role: 'leader',
      place: 'leader',
      hours: leader,
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
      hours: counter,
      dvcqgStatus: 9,
      kind: 'result',
      moves: [],
    },
  ];
}

function VersionScreen({ me }: { me: Me }) {
  const { code = '', version: versionParam = '' } = useParams();
  const versionNo = Number(versionParam);
  const procedure = useQuery({
    queryKey: ['procedure', code],
    queryFn: () => ok(api.GET('/api/v1/procedures/{code}', { params: { path: { code } } })),
  });
  const version = useQuery({
    queryKey: ['version', code, versionNo],
    queryFn: () =>
      ok(
        api.GET('/api/v1/procedures/{code}/versions/{version}', {
          params: { path: { code, version: versionNo } },
        }),
      ),
  });
  const mayEdit = procedure.data !== undefined && managesCatalogOf(me, procedure.data.ministry.code);
  const error = procedure.error ?? version.error;
  if (error) return <Alert type="error" showIcon title={error.message} />;
  const p = procedure.data;
  const v = version.data;
  if (!p || !v) return null;
  const draft = v.status === 'draft';
  return (
    <>
      <Breadcrumb
        items={[
          { title: <Link to={paths.catalog}>Thủ tục hành chính</Link> },
          { title: <Link to={paths.procedure(code)}>{code}</Link> },
          { title: `Phiên bản ${v.version}` },
        ]}
      />
      <Typography.Title level={2} style={{ marginTop: 8 }}>
        {p.name} — phiên bản {v.version} <Tag>{vi.versionStatus[v.status]}</Tag>
      </Typography.Title>
      <Guide title="Soạn phiên bản và quy trình">
        1) Sửa nội dung theo quyết định công bố rồi “Lưu bản nháp” — lỗi hiện ngay dưới từng trường. 2) Ở thẻ
        “Quy trình”, kéo các bước, vẽ hướng chuyển từ chấm dưới một bước sang bước khác (hoặc dùng bảng bên
        phải bằng bàn phím); tổng thời gian phải không vượt thời hạn. 3) Ở thẻ “Công bố”, nhập số, ngày quyết
        định và ngày hiệu lực. Phiên bản đã công bố không sửa được; muốn thay đổi, tạo phiên bản mới.
      </Guide>
      <Tabs
        items={[
          {
            key: 'content',
            label: 'Nội dung',
            children: <ContentTab me={me} code={code} version={v} editable={draft && mayEdit} />,
          },
          {
            key: 'workflow',
            label: 'Quy trình',
            children: <WorkflowTab me={me} code={code} version={v} editable={mayEdit} />,
          },
          ...(draft && mayEdit
            ? [{ key: 'publish', label: 'Công bố', children: <PublishTab me={me} code={code} version={v} /> }]
            : []),
        ]}
      />
    </>
  );
}

function ContentTab({
  me,
  code,
  version,
  editable,
}: {
  me: Me;
  code: string;
  version: VersionView;
  editable: boolean;
}) {
  const client = useQueryClient();
  const [form] = Form.useForm<ContentForm>();
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => form.setFieldsValue(toForm(version.content)), [form, version]);
  const save = useMutation({
    mutationFn: (content: BodyOf<'/api/v1/procedures/{code}/versions/{version}', 'put'>) =>
      ok(
        api.PUT('/api/v1/procedures/{code}/versions/{version}', {
          params: { path: { code, version: version.version } },
          body: content,
          headers: { ...csrfHeader(me.csrfToken) },
        }),
      ),
    onSuccess: async (v) => {
      setProblems([]);
      setSaved(true);
      client.setQueryData(['version', code, version.version], v);
      await client.invalidateQueries({ queryKey: ['workflow', code, version.version] });
    },
    onError: (e) => {
      setSaved(false);
      const errors = e instanceof ApiError ? (e.problem.errors ?? []) : [];
      setProblems(errors.length > 0 ? errors : [{ field: '', message: e.message }]);
      // Server paths are checked against the form's fields only at run time.
      type Fields = Parameters<typeof form.setFields>[0];
      form.setFields(errors.map((x) => ({ name: formPath(x.field), errors: [x.message] })) as Fields);
    },
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {!editable && (
        <Alert
          type="info"
          showIcon
          title={
            version.status === 'draft'
              ? 'Chỉ bộ chủ quản sửa bản nháp này.'
              : 'Phiên bản đã công bố không sửa được; tạo phiên bản mới từ trang thủ tục.'
          }
        />
      )}
      <ProblemList
        title="Chưa lưu được: còn lỗi"
        items={problems.map((x) => (x.field ? `${x.field.replace(/^body\./, '')}: ${x.message}` : x.message))}
      />
      {saved && <Alert type="success" showIcon closable title="Đã lưu bản nháp" />}
      <VersionContentForm
        form={form}
        disabled={!editable}
        onFinish={(values) => {
          const out = fromForm(values);
          if ('field' in out) {
            form.setFields([{ name: out.field, errors: [out.message] }] as Parameters<
              typeof form.setFields
            >[0]);
            return;
          }
          save.mutate(out.content);
        }}
      />
      {editable && (
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
          Lưu bản nháp
        </Button>
      )}
    </Space>
  );
}

function WorkflowTab({
  me,
  code,
  version,
  editable,
}: {
  me: Me;
  code: string;
  version: VersionView;
  editable: boolean;
}) {
  const legal = stricterTime(version.content.time);
  const legalHours = legalWorkingHours(legal);
  const workflowUrl = (n: number) => `/api/v1/procedures/${code}/versions/${n}/workflow`;
  // The workflow in force for this version, else the previous version's to start from, else a skeleton.
  const existing = useQuery({
    queryKey: ['workflow', code, version.version],
    queryFn: async () => {
      for (const n of [version.version, version.version - 1]) {
        if (n < 1) continue;
        try {
          return {
            own: n === version.version,
            workflow: await ok(
              api.GET('/api/v1/procedures/{code}/versions/{version}/workflow', {
                params: { path: { code, version: n } },
              }),
            ),
          };
        } catch (e) {
          if (!(e instanceof ApiError && e.problem.status === 404)) throw e;
        }
      }
      return null;
    },
  });
  if (existing.error) return <Alert type="error" showIcon title={existing.error.message} />;
  if (!existing.isSuccess) return null;
  const w = existing.data?.workflow;
  const notice = existing.data?.own
    ? null
    : w
      ? `Phiên bản này chưa có quy trình: đang mở quy trình của phiên bản ${version.version - 1} để sửa và lưu.`
      : 'Phiên bản này chưa có quy trình: đang mở khung mẫu tiếp nhận → thẩm định → phê duyệt → trả kết quả.';
  return (
    <WorkflowEditing
      me={me}
      url={workflowUrl(version.version)}
      queryKey={['workflow', code, version.version]}
      notice={notice}
      initial={
        w ? { steps: w.steps, layout: w.layout ?? {} } : { steps: starterSteps(legalHours), layout: {} }
      }
      legal={legal}
      legalHours={legalHours}
      editable={editable}
    />
  );
}

/** The editor with its own working copy; saving makes a new revision of the version's workflow. */
function WorkflowEditing({
  me,
  url,
  queryKey,
  notice,
  initial,
  legal,
  legalHours,
  editable,
}: {
  me: Me;
  url: string;
  queryKey: unknown[];
  notice: string | null;
  initial: WorkflowDraft;
  legal: ProcessingTime;
  legalHours: number;
  editable: boolean;
}) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<WorkflowDraft>(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const [savedRevision, setSavedRevision] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (d: WorkflowDraft) =>
      sendJson<AnswerOf<'/api/v1/procedures/{code}/versions/{version}/workflow', 'put'>>(
        'PUT',
        url,
        { steps: d.steps, layout: d.layout },
        me.csrfToken,
      ),
    onSuccess: async (w) => {
      setProblems([]);
      setSavedRevision(w.revision);
      // The copy on screen is what was saved: refresh the cache without remounting the editor.
      client.setQueryData(queryKey, { own: true, workflow: w });
      await client.invalidateQueries({ queryKey: ['readiness'] });
    },
    onError: (e) =>
      setProblems(
        e instanceof ApiError && e.problem.errors?.length
          ? e.problem.errors.map((x) => x.message)
          : [e.message],
      ),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {notice && savedRevision === null && <Alert type="info" showIcon title={notice} />}
      <WorkflowEditor
        value={draft}
        onChange={setDraft}
        legal={legal}
        legalHours={legalHours}
        readOnly={!editable}
      />
      {problems.length > 0 && (
        <Alert type="error" showIcon title="Máy chủ từ chối quy trình" description={problems.join('; ')} />
      )}
      {savedRevision !== null && (
        <Alert type="success" showIcon closable title={`Đã lưu quy trình (lần sửa đổi ${savedRevision})`} />
      )}
      {editable && (
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate(draft)}>
          Lưu quy trình
        </Button>
      )}
    </Space>
  );
}

function PublishTab({ me, code, version }: { me: Me; code: string; version: VersionView }) {
  const client = useQueryClient();
  const [form] = Form.useForm<{ number: string; date: Dayjs; effectiveFrom: Dayjs }>();
  const publish = useMutation({
    mutationFn: (v: { number: string; date: Dayjs; effectiveFrom: Dayjs }) =>
      ok(
        api.POST('/api/v1/procedures/{code}/versions/{version}/publish', {
          params: { path: { code, version: version.version } },
          body: {
            decision: { number: v.number, date: v.date.format('YYYY-MM-DD') },
            effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
          },
          headers: { ...csrfHeader(me.csrfToken) },
        }),
      ),
    onSuccess: async (v) => {
      client.setQueryData(['version', code, version.version], v);
      await client.invalidateQueries({ queryKey: ['procedure', code] });
      await client.invalidateQueries({ queryKey: ['readiness'] });
    },
    onError: (e) => {
      if (e instanceof ApiError)
        form.setFields(
          (e.problem.errors ?? []).map((x) => ({
            name: x.field.endsWith('decision.date')
              ? 'date'
              : x.field.endsWith('effectiveFrom')
                ? 'effectiveFrom'
                : 'number',
            errors: [x.message],
          })),
        );
    },
  });
  return (
    <Card size="small" style={{ maxWidth: 560 }}>
      <Typography.Paragraph>
        Công bố làm phiên bản này có hiệu lực ngay; phiên bản đang áp dụng chuyển sang “Đã thay thế”. Hồ sơ đã
        tiếp nhận vẫn giữ phiên bản cũ. Các tỉnh cần gắn lại quy trình cho phiên bản mới.
      </Typography.Paragraph>
      {publish.error && !(publish.error instanceof ApiError && publish.error.problem.errors?.length) && (
        <Alert type="error" showIcon title={publish.error.message} style={{ marginBottom: 12 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => publish.mutate(v)}
        initialValues={{ date: dayjs(), effectiveFrom: dayjs() }}
      >
        <Form.Item
          name="number"
          label="Số quyết định công bố"
          rules={[{ required: true, whitespace: true, message: 'Nhập số quyết định' }]}
        >
          <Input placeholder="ví dụ 1234/QĐ-BTP" maxLength={100} />
        </Form.Item>
        <Space>
          <Form.Item name="date" label="Ngày quyết định" rules={[{ required: true, message: 'Chọn ngày' }]}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label="Ngày có hiệu lực"
            rules={[{ required: true, message: 'Chọn ngày' }]}
          >
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={publish.isPending}>
          Công bố phiên bản {version.version}
        </Button>
      </Form>
    </Card>
  );
}
