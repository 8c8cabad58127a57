import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Descriptions,
  Empty,
  List,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Me } from '../../../src/contracts/auth.js';
import { routeModes, type RouteMode } from '../../../src/domain/catalog/deploymentRoute.js';
import { stricterTime } from '../../../src/domain/catalog/workflow.js';
import { ApiError, api, ok, csrfHeader } from '../api';
import { can, managesCatalogOf, useMe } from '../auth';

// The diagram library loads only when a signed-in official opens a procedure.
const WorkflowEditor = lazy(() =>
  import('../components/WorkflowEditor').then((m) => ({ default: m.WorkflowEditor })),
);
import type { Component, ProcessingTime } from '../../../src/domain/catalog/procedureVersion.js';
import type { ProcedureDetail, RouteView } from '../../../src/contracts/catalog.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { formatDay } from '../format';
import { paths } from '../paths';
import { OnlineTag } from './CatalogPage';
import { NoticeTemplatesCard } from '../components/NoticeTemplatesCard';

const money = (n: number) => (n === 0 ? 'Không thu' : `${n.toLocaleString('vi-VN')} đồng`);
const duration = (t: ProcessingTime) => `${t.amount.toLocaleString('vi-VN')} ${vi.timeUnit[t.unit]}`;

/** Every field of a procedure version in plain Vietnamese; older versions one click away. */
export function ProcedurePage() {
  const { code = '' } = useParams();
  const detail = useQuery({
    queryKey: ['procedure', code],
    queryFn: () => ok(api.GET('/api/v1/procedures/{code}', { params: { path: { code } } })),
  });
  const [chosen, setChosen] = useState<number | undefined>();
  const signedIn = (useMe().data?.grants.length ?? 0) > 0;
  if (detail.error)
    return (
      <Alert
        type="error"
        showIcon
        title={detail.error.message}
        action={<Link to={paths.catalog}>Danh mục</Link>}
      />
    );
  const p = detail.data;
  if (!p) return null;
  const version = p.versions.find((v) => v.version === chosen) ?? p.versions[0];
  const c = version?.content;
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to={paths.catalog}>Thủ tục hành chính</Link> }, { title: p.code }]}
      />
      <Typography.Title level={2}>
        {p.name} {p.example && <Tag>Ví dụ</Tag>}
      </Typography.Title>
      <ManageBar procedure={p} version={version?.version} />
      {!version || !c ? (
        <Empty description="Chưa có phiên bản được công bố" />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, lg: 3 }}>
              <Descriptions.Item label="Mã thủ tục">{p.code}</Descriptions.Item>
              <Descriptions.Item label="Bộ, ngành">{p.ministry.name}</Descriptions.Item>
              <Descriptions.Item label="Lĩnh vực">{p.sector.name}</Descriptions.Item>
              <Descriptions.Item label="Phiên bản">
                <Select
                  size="small"
                  value={version.version}
                  onChange={setChosen}
                  aria-label="Phiên bản"
                  options={p.versions.map((v) => ({
                    value: v.version,
                    label: `${v.version} — ${vi.versionStatus[v.status]}`,
                  }))}
                />
              </Descriptions.Item>
              <Descriptions.Item label="Quyết định công bố">
                {version.decision
                  ? `${version.decision.number}, ngày ${formatDay(version.decision.date)}`
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="Hiệu lực">
                {version.effectiveFrom ? `từ ${formatDay(version.effectiveFrom)}` : '—'}
                {version.effectiveTo ? ` đến ${formatDay(version.effectiveTo)}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="Cấp thực hiện">
                {c.levels.map((l) => vi.implementingLevel[l]).join(', ')}
              </Descriptions.Item>
              <Descriptions.Item label="Mức độ trực tuyến">
                <OnlineTag level={c.onlineLevel} />
              </Descriptions.Item>
              <Descriptions.Item label="Nơi tiếp nhận">{vi.receiptReach[c.crossBoundary]}</Descriptions.Item>
              <Descriptions.Item label="Thời hạn (trực tiếp)">{duration(c.time.direct)}</Descriptions.Item>
              <Descriptions.Item label="Thời hạn (trực tuyến)">{duration(c.time.online)}</Descriptions.Item>
              <Descriptions.Item label="Tiếp nhận sau 15 giờ">
                {c.sameDayCutoff ? 'Tính từ ngày làm việc tiếp theo' : 'Không áp dụng'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <ComponentsTable title="Thành phần hồ sơ" components={c.components} />
          {c.cases.map((k) => (
            <ComponentsTable key={k.code} title={`Trường hợp: ${k.name}`} components={k.components} />
          ))}
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            title={() => <strong>Phí, lệ phí</strong>}
            dataSource={c.fees}
            locale={{ emptyText: 'Không thu phí, lệ phí' }}
            columns={[
              { title: 'Khoản thu', dataIndex: 'name' },
              { title: 'Mức thu', dataIndex: 'amount', width: 180, render: money },
              {
                title: 'Thời điểm thu',
                dataIndex: 'collected',
                width: 180,
                render: (v: string) => (v === 'before' ? 'Khi nộp hồ sơ' : 'Khi nhận kết quả'),
              },
            ]}
          />
          <WorkflowDiagram code={p.code} version={version.version} time={c.time} />
          <RoutesTable code={p.code} ministry={p.ministry.code} />
          {signedIn ? <NoticeTemplatesCard code={p.code} /> : null}
          <Card size="small" title="Kết quả và căn cứ pháp lý">
            <List
              size="small"
              header={<strong>Kết quả</strong>}
              dataSource={c.results}
              renderItem={(r) => (
                <List.Item>
                  {r.name}
                  {r.mustBeSigned ? ' (ký số)' : ''}
                </List.Item>
              )}
            />
            <List
              size="small"
              header={<strong>Căn cứ pháp lý</strong>}
              dataSource={c.legalBasis}
              renderItem={(l) => <List.Item>{l}</List.Item>}
            />
            {c.conditions && <Typography.Paragraph>Điều kiện: {c.conditions}</Typography.Paragraph>}
          </Card>
        </Space>
      )}
    </>
  );
}

function ComponentsTable({ title, components }: { title: string; components: Component[] }) {
  return (
    <Table<Component>
      rowKey="code"
      size="small"
      pagination={false}
      title={() => <strong>{title}</strong>}
      dataSource={components}
      columns={[
        { title: 'Giấy tờ', dataIndex: 'name' },
        {
          title: 'Loại',
          dataIndex: 'form',
          width: 170,
          render: (f: Component['form']) => vi.componentForm[f],
        },
        { title: 'Số bản', dataIndex: 'copies', width: 80 },
        {
          title: 'Ghi chú',
          key: 'note',
          width: 280,
          render: (_, x) => (
            <Space size={4} wrap>
              {x.required ? <Tag color="red">Bắt buộc</Tag> : <Tag>Không bắt buộc</Tag>}
              {x.eformSchema && <Tag color="green">Có biểu mẫu điện tử</Tag>}
              {x.suppliedByNationalDb && <Tag color="blue">Khai thác từ {x.suppliedByNationalDb}</Tag>}
            </Space>
          ),
        },
      ]}
    />
  );
}

type RouteRow = RouteView;
const modeColor = { central: 'green', pilot: 'gold', provincial: 'default' } as const;

/** Where the procedure's dossiers go, province by province, and the changes scheduled. */
function RoutesTable({ code, ministry }: { code: string; ministry: string }) {
  const me = useMe().data;
  const routes = useQuery({
    queryKey: ['routes', code],
    queryFn: () => ok(api.GET('/api/v1/procedures/{code}/routes', { params: { path: { code } } })),
  });
  const [editing, setEditing] = useState<RouteRow | null>(null);
  // The ministry's administrators set routes; its leaders may decide a switch the go-live gate refuses.
  const owns = managesCatalogOf(me, ministry) || leadsMinistry(me, ministry);
  return (
    <>
      {editing && me && (
        <RouteDialog me={me} code={code} ministry={ministry} row={editing} onClose={() => setEditing(null)} />
      )}
      <Table<RouteRow>
        rowKey="provinceCode"
        size="small"
        loading={routes.isLoading}
        dataSource={routes.data?.items}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        title={() => <strong>Tuyến triển khai theo tỉnh, thành phố</strong>}
        columns={[
          { title: 'Tỉnh, thành phố', dataIndex: 'provinceName' },
          {
            title: 'Đang áp dụng',
            dataIndex: 'mode',
            width: 200,
            render: (m: RouteRow['mode']) => <Tag color={modeColor[m]}>{vi.routeMode[m]}</Tag>,
          },
          {
            title: 'Từ',
            dataIndex: 'effectiveFrom',
            width: 140,
            render: (v: string | null) => (v ? formatDay(v.slice(0, 10)) : '—'),
          },
          {
            title: 'Đã lên lịch',
            dataIndex: 'upcoming',
            render: (u: RouteRow['upcoming']) =>
              u
                .map((x) => `${vi.routeMode[x.mode]} từ ${formatDay(x.effectiveFrom.slice(0, 10))}`)
                .join('; ') || '—',
          },
          ...(owns
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 110,
                  render: (_: unknown, r: RouteRow) => (
                    <Button
                      size="small"
                      onClick={() => setEditing(r)}
                      aria-label={`Đổi tuyến ${r.provinceName}`}
                    >
                      Đổi tuyến
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

/** What the signed-in official can do with this procedure: draft a version, bind its workflow. */
function ManageBar({ procedure, version }: { procedure: ProcedureDetail; version: number | undefined }) {
  const me = useMe().data;
  const navigate = useNavigate();
  const owns = managesCatalogOf(me, procedure.ministry.code);
  const draft = useQuery({
    queryKey: ['draft', procedure.code],
    enabled: owns,
    queryFn: () =>
      ok(api.GET('/api/v1/procedures/{code}/draft', { params: { path: { code: procedure.code } } })),
  });
  const create = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/procedures/{code}/versions', {
          params: { path: { code: procedure.code } },
          headers: { ...csrfHeader(me?.csrfToken) },
        }),
      ),
    onSuccess: (v) => navigate(paths.version(procedure.code, v.version)),
  });
  if (!me || (!owns && !can(me, 'binding.manage'))) return null;
  const d = draft.data?.draft;
  return (
    <Space wrap style={{ marginBottom: 16 }}>
      {owns &&
        draft.isSuccess &&
        (d ? (
          <Button type="primary" onClick={() => navigate(paths.version(procedure.code, d.version))}>
            Tiếp tục soạn bản nháp phiên bản {d.version}
          </Button>
        ) : (
          <Button type="primary" loading={create.isPending} onClick={() => create.mutate()}>
            Soạn phiên bản mới
          </Button>
        ))}
      {owns && version !== undefined && (
        <Button onClick={() => navigate(paths.version(procedure.code, version))}>
          Quy trình phiên bản {version}
        </Button>
      )}
      {can(me, 'binding.manage') && version !== undefined && (
        <Button onClick={() => navigate(paths.binding(procedure.code, version))}>
          Gắn quy trình cho địa phương
        </Button>
      )}
      {create.error && <Alert type="error" showIcon title={create.error.message} />}
    </Space>
  );
}

/** The version's workflow as a read-only diagram, for signed-in officials. */
function WorkflowDiagram({
  code,
  version,
  time,
}: {
  code: string;
  version: number;
  time: { direct: ProcessingTime; online: ProcessingTime };
}) {
  const me = useMe().data;
  const workflow = useQuery({
    queryKey: ['workflow', code, version],
    enabled: !!me && me.stage === 'full',
    retry: false,
    queryFn: () =>
      ok(
        api.GET('/api/v1/procedures/{code}/versions/{version}/workflow', {
          params: { path: { code, version } },
        }),
      ),
  });
  if (!me || me.stage !== 'full') return null;
  const legal = stricterTime(time);
  return (
    <Card size="small" title="Quy trình giải quyết">
      {workflow.error ? (
        <Typography.Text type="secondary">Phiên bản này chưa có quy trình.</Typography.Text>
      ) : workflow.data ? (
        <Suspense fallback={null}>
          <WorkflowEditor
            readOnly
            value={{ steps: workflow.data.steps, layout: workflow.data.layout ?? {} }}
            legal={legal}
            legalHours={workflow.data.legalHours}
          />
        </Suspense>
      ) : null}
    </Card>
  );
}

/** Whether the official holds the leader's role at the ministry itself. */
const leadsMinistry = (me: Me | null | undefined, ministry: string) =>
  (me?.grants ?? []).some((g) => g.role === 'leader' && g.agency.code === ministry);

/**
 * Schedules a route change for one province: from a moment on, never in the past. A switch to
 * central reception that would leave some agency without anyone in a step's role is refused with
 * the list; a leader of the ministry may then decide it with a written reason.
 */
function RouteDialog({
  me,
  code,
  ministry,
  row,
  onClose,
}: {
  me: Me;
  code: string;
  ministry: string;
  row: RouteRow;
  onClose: () => void;
}) {
  const client = useQueryClient();
  type Fields = { mode: RouteMode; from: Dayjs; note?: string; override?: string };
  const [form] = Form.useForm<Fields>();
  const save = useMutation({
    mutationFn: (v: Fields) =>
      ok(
        api.PUT('/api/v1/procedures/{code}/routes/{province}', {
          params: { path: { code, province: row.provinceCode } },
          body: {
            mode: v.mode,
            effectiveFrom: v.from.toISOString(),
            ...(v.note ? { note: v.note } : {}),
            ...(v.override?.trim() ? { override: { reason: v.override.trim() } } : {}),
          },
          headers: { ...csrfHeader(me.csrfToken) },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['routes', code] });
      await client.invalidateQueries({ queryKey: ['readiness'] });
      await client.invalidateQueries({ queryKey: ['completion'] });
      onClose();
    },
  });
  const stranded = save.error instanceof ApiError && save.error.problem.type.endsWith('/would-strand');
  return (
    <Modal
      open
      title={`Đổi tuyến triển khai — ${row.provinceName}`}
      okText="Lưu"
      cancelText="Hủy"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Typography.Paragraph type="secondary">
        Thay đổi áp dụng cho hồ sơ nộp từ thời điểm đã chọn; hồ sơ đã tiếp nhận không bị chuyển.
      </Typography.Paragraph>
      {save.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={save.error.message}
          description={
            save.error instanceof ApiError && (save.error.problem.errors ?? []).length > 0 ? (
              <ul style={{ maxHeight: 160, overflowY: 'auto', margin: 0, paddingInlineStart: 18 }}>
                {save.error.problem.errors?.map((e) => (
                  <li key={`${e.field}/${e.message}`}>{e.message}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          mode: row.mode === 'central' ? 'provincial' : 'central',
          from: dayjs().add(5, 'minute'),
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="mode" label="Tuyến">
          <Select options={routeModes.map((m) => ({ value: m, label: vi.routeMode[m] }))} />
        </Form.Item>
        <Form.Item name="from" label="Áp dụng từ" rules={[{ required: true, message: 'Chọn thời điểm' }]}>
          <DatePicker showTime format="DD/MM/YYYY HH:mm" />
        </Form.Item>
        <Form.Item name="note" label="Ghi chú (căn cứ)">
          <Input maxLength={500} />
        </Form.Item>
        {stranded && leadsMinistry(me, ministry) ? (
          <Form.Item
            name="override"
            label="Lãnh đạo bộ quyết định chuyển dù còn thiếu người: lý do"
            extra="Quyết định được ghi nhật ký và hiện trên bảng Sẵn sàng triển khai."
            rules={[{ required: true, min: 10, message: 'Ghi lý do (ít nhất 10 ký tự)' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
