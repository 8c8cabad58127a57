import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  List,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Me } from '../../../src/contracts/auth.js';
import type { Criterion, ReadinessBoard as Board } from '../../../src/contracts/readiness.js';
import type { ReadinessCell } from '../../../src/domain/catalog/readiness.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok, csrfHeader } from '../api';
import { can } from '../auth';
import { Guide } from '../components/Guide';
import { RouteSwitches } from './readiness/RouteSwitches';
import { RequireStaff } from '../components/RequireStaff';
import { formatInstant } from '../format';
import { paths } from '../paths';

interface Chosen {
  procedure: { code: string; name: string };
  province: { code: string; name: string };
  cell: ReadinessCell;
}

export function ReadinessPage() {
  return <RequireStaff permission="account.read">{(me) => <ReadinessBoard me={me} />}</RequireStaff>;
}

/** Why a criterion fails, in one line: built-in ones say what is missing, manual ones what to tick. */
function failingLabel(criteria: Criterion[], code: string): string {
  const builtin = (vi.readinessCriterion as Record<string, string>)[code];
  if (builtin) return builtin;
  return `Chưa xác nhận: ${criteria.find((c) => c.code === code)?.name ?? code}`;
}

/** Procedures × provinces, green when ready; hover lists what is missing, a click opens the detail. */
function ReadinessBoard({ me }: { me: Me }) {
  const board = useQuery({ queryKey: ['readiness'], queryFn: () => ok(api.GET('/api/v1/readiness')) });
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const provinces = board.data?.provinces ?? [];
  const criteria = board.data?.criteria ?? [];
  return (
    <>
      <Typography.Title level={2}>Mức độ sẵn sàng triển khai</Typography.Title>
      <Guide title="Đọc bảng sẵn sàng">
        Mỗi ô là một thủ tục tại một tỉnh, thành phố: xanh khi đạt mọi tiêu chí đang áp dụng (đã công bố, có
        quy trình, có biểu mẫu điện tử nếu trực tuyến, tỉnh đã gắn quy trình với cơ quan, mọi cơ quan được gắn
        đều có cán bộ một cửa, chuyên viên và lãnh đạo, cùng các tiêu chí xác nhận thủ công); đỏ khi còn
        thiếu. Di chuột vào ô để xem tiêu chí chưa đạt; bấm (hoặc Tab rồi Enter) để xem chi tiết và xác nhận
        tiêu chí thủ công kèm minh chứng.
      </Guide>
      {board.error && <Alert type="error" showIcon title={board.error.message} />}
      {board.data ? <RouteSwitches board={board.data} /> : null}
      <Table
        rowKey="code"
        size="small"
        bordered
        loading={board.isLoading}
        dataSource={board.data?.rows}
        pagination={false}
        scroll={{ x: 260 + provinces.length * 44 }}
        columns={[
          {
            title: 'Thủ tục',
            dataIndex: 'name',
            fixed: 'left',
            width: 260,
            render: (name: string, r) => <Link to={paths.procedure(r.code)}>{name}</Link>,
          },
          ...provinces.map((p) => ({
            title: <Tooltip title={p.name}>{p.code}</Tooltip>,
            key: p.code,
            width: 44,
            align: 'center' as const,
            render: (_: unknown, r: Board['rows'][number]) => {
              const c = r.cells[p.code];
              if (!c) return null;
              const label = c.ready ? 'Sẵn sàng' : c.failing.map((f) => failingLabel(criteria, f)).join('; ');
              return (
                <Tooltip title={`${p.name}: ${label}`}>
                  <span
                    role="img"
                    tabIndex={0}
                    aria-label={`${r.code} ${p.name}: ${c.ready ? 'sẵn sàng' : 'chưa sẵn sàng'}`}
                    onClick={() => setChosen({ procedure: r, province: p, cell: c })}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ')
                        setChosen({ procedure: r, province: p, cell: c });
                    }}
                    style={{
                      display: 'inline-block',
                      width: 18,
                      height: 18,
                      borderRadius: 4,
                      cursor: 'pointer',
                      background: c.ready ? '#52c41a' : '#ff7875',
                    }}
                  />
                </Tooltip>
              );
            },
          })),
        ]}
      />
      {can(me, 'client.manage') && <CriteriaSet me={me} criteria={criteria} />}
      <Drawer
        open={chosen !== null}
        onClose={() => setChosen(null)}
        size={520}
        title={chosen ? `${chosen.procedure.name} — ${chosen.province.name}` : ''}
      >
        {chosen && <CellDetail me={me} chosen={chosen} criteria={criteria} />}
      </Drawer>
    </>
  );
}

/** Every active criterion of one cell, met or not; manual ones can be ticked with evidence. */
function CellDetail({ me, chosen, criteria }: { me: Me; chosen: Chosen; criteria: Criterion[] }) {
  const client = useQueryClient();
  const base = `/api/v1/readiness/${chosen.procedure.code}/${chosen.province.code}/attestations`;
  const history = useQuery({
    queryKey: ['attestations', base],
    queryFn: () =>
      ok(
        api.GET('/api/v1/readiness/{procedure}/{province}/attestations', {
          params: { path: { procedure: chosen.procedure.code, province: chosen.province.code } },
        }),
      ),
  });
  const [form] = Form.useForm<{ criterion: string; evidence: string }>();
  const tick = useMutation({
    mutationFn: (v: { criterion: string; met: boolean; evidence: string }) =>
      ok(
        api.PUT('/api/v1/readiness/{procedure}/{province}/attestations/{criterion}', {
          params: {
            path: {
              procedure: chosen.procedure.code,
              province: chosen.province.code,
              criterion: v.criterion,
            },
          },
          body: { met: v.met, evidence: v.evidence },
          headers: csrfHeader(me.csrfToken),
        }),
      ),
    onSuccess: async () => {
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['readiness'] });
      await client.invalidateQueries({ queryKey: ['attestations', base] });
    },
  });
  const failing = new Set(chosen.cell.failing);
  const manual = criteria.filter((c) => c.active && c.kind === 'manual');
  const mayTick = can(me, 'binding.manage');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List
        size="small"
        bordered
        dataSource={criteria.filter((c) => c.active)}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta title={c.name} description={c.description} />
            {failing.has(c.code) ? <Tag color="red">Chưa đạt</Tag> : <Tag color="green">Đạt</Tag>}
          </List.Item>
        )}
      />
      {manual.length > 0 && mayTick && (
        <Card size="small" title="Xác nhận tiêu chí thủ công">
          {tick.error && (
            <Alert type="error" showIcon title={tick.error.message} style={{ marginBottom: 8 }} />
          )}
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => tick.mutate({ ...v, met: true })}
            initialValues={{ criterion: manual[0]?.code }}
          >
            <Form.Item name="criterion" label="Tiêu chí" rules={[{ required: true }]}>
              <Select aria-label="Tiêu chí" options={manual.map((c) => ({ value: c.code, label: c.name }))} />
            </Form.Item>
            <Form.Item
              name="evidence"
              label="Minh chứng (số văn bản, biên bản kiểm thử…)"
              rules={[{ required: true, whitespace: true, message: 'Cần ghi minh chứng' }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={tick.isPending}>
                Xác nhận đạt
              </Button>
              <Button
                onClick={() =>
                  void form
                    .validateFields()
                    .then((v) => tick.mutate({ ...v, met: false }))
                    .catch(() => undefined)
                }
              >
                Bỏ xác nhận
              </Button>
            </Space>
          </Form>
        </Card>
      )}
      <List
        size="small"
        header={<strong>Lịch sử xác nhận</strong>}
        loading={history.isLoading}
        dataSource={history.data?.items}
        locale={{ emptyText: 'Chưa có xác nhận nào' }}
        renderItem={(h) => (
          <List.Item>
            <Typography.Text>
              {h.met ? <Tag color="green">Đạt</Tag> : <Tag>Bỏ xác nhận</Tag>}
              {criteria.find((c) => c.code === h.criterionCode)?.name ?? h.criterionCode} — {h.evidence} (
              {h.attestedBy ?? '—'}, {formatInstant(h.attestedAt)})
            </Typography.Text>
          </List.Item>
        )}
      />
    </Space>
  );
}

/** The national criteria set, for a system administrator: switch criteria on or off, add manual ones. */
function CriteriaSet({ me, criteria }: { me: Me; criteria: Criterion[] }) {
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { code: string; name?: string; active: boolean }) =>
      ok(
        api.PUT('/api/v1/readiness/criteria/{code}', {
          params: { path: { code: v.code } },
          body: { active: v.active, ...(v.name ? { name: v.name } : {}) },
          headers: { ...csrfHeader(me.csrfToken) },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['readiness'] }),
  });
  const [form] = Form.useForm<{ code: string; name: string }>();
  return (
    <Card size="small" title="Bộ tiêu chí sẵn sàng" style={{ marginTop: 16 }}>
      {save.error && <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 8 }} />}
      <List
        size="small"
        dataSource={criteria}
        renderItem={(c) => (
          <List.Item
            actions={[
              <Switch
                key="on"
                aria-label={`Áp dụng tiêu chí ${c.name}`}
                checked={c.active}
                onChange={(active) => save.mutate({ code: c.code, active })}
              />,
            ]}
          >
            <List.Item.Meta
              title={
                <>
                  {c.name} <Tag>{c.kind === 'builtin' ? 'Tính tự động' : 'Xác nhận thủ công'}</Tag>
                </>
              }
              description={c.description}
            />
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => save.mutate({ ...v, active: true }, { onSuccess: () => form.resetFields() })}
      >
        <Form.Item
          name="code"
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: 'Mã: chữ thường, số, _' }]}
        >
          <Input placeholder="Mã (vd. tap_huan)" aria-label="Mã tiêu chí" />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: 'Cần tên tiêu chí' }]}>
          <Input placeholder="Tên tiêu chí" aria-label="Tên tiêu chí" style={{ width: 280 }} />
        </Form.Item>
        <Button htmlType="submit">Thêm tiêu chí thủ công</Button>
      </Form>
    </Card>
  );
}
