import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Me } from '../../../../src/contracts/auth.js';
import { api, ok, csrfHeader, type AnswerOf, type BodyOf } from '../../api';
import { Guide } from '../../components/Guide';
import { ProvinceFilter } from '../../components/ProvinceFilter';
import { RequireStaff } from '../../components/RequireStaff';
import { SupportContacts } from '../../components/SupportContacts';
import { formatInstant } from '../../format';

type Incident = AnswerOf<'/api/v1/incidents', 'get'>['items'][number];

const severityName = {
  critical: 'Nghiêm trọng (24/7)',
  high: 'Cao',
  medium: 'Trung bình',
  low: 'Thấp',
} as const;
const severityColor = { critical: 'red', high: 'volcano', medium: 'gold', low: 'blue' } as const;
const statusName = {
  open: 'Mới',
  acknowledged: 'Đã tiếp nhận',
  in_progress: 'Đang khắc phục',
  closed: 'Đã đóng',
};

export function IncidentsPage() {
  return <RequireStaff>{(me) => <Incidents me={me} />}</RequireStaff>;
}

/** The incident register: report one; support acknowledges, works and closes within target times. */
function Incidents({ me }: { me: Me }) {
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['incidents'], queryFn: () => ok(api.GET('/api/v1/incidents')) });
  const [note, setNote] = useState<Record<string, string>>({});
  const act = useMutation({
    mutationFn: ({ i, body }: { i: Incident; body: BodyOf<'/api/v1/incidents/{code}/actions', 'post'> }) =>
      ok(
        api.POST('/api/v1/incidents/{code}/actions', {
          params: { path: { code: i.code } },
          body,
          headers: { ...csrfHeader(me.csrfToken) },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['incidents'] }),
  });
  const supports = me.grants.some((g) =>
    ['system_admin', 'province_admin', 'ministry_admin'].includes(g.role),
  );
  return (
    <>
      <Typography.Title level={2}>Hỗ trợ, sự cố</Typography.Title>
      <Guide title="Báo và theo dõi sự cố trong thời gian chuyển đổi">
        Hệ thống ngừng, lỗi nghiêm trọng hay dữ liệu sai: báo sự cố ở đây và gọi đầu mối hỗ trợ bên dưới. Sự
        cố nghiêm trọng được tiếp nhận trong 15 phút và khắc phục trong 4 giờ, cả đêm và ngày nghỉ; mức cao: 1
        giờ làm việc và 1 ngày làm việc; trung bình: 4 giờ và 3 ngày làm việc; thấp: 1 và 5 ngày làm việc. Bộ
        phận hỗ trợ của tỉnh, của bộ (với thủ tục của bộ) và Văn phòng Chính phủ tiếp nhận, cập nhật và đóng
        sự cố.
      </Guide>
      <SupportContacts />
      <ReportIncident me={me} />
      {(list.error ?? act.error) && (
        <Alert type="error" showIcon title={(list.error ?? act.error)?.message} />
      )}
      <Table<Incident>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        aria-label="Sự cố"
        locale={{ emptyText: 'Không có sự cố nào' }}
        pagination={{ pageSize: 15, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (i) => (
            <>
              <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{i.description}</Typography.Paragraph>
              {i.log.map((l, n) => (
                <div key={n}>
                  {formatInstant(l.at)} · {l.by}: {l.action} {l.note ?? ''}
                </div>
              ))}
              {i.resolution && <Typography.Paragraph strong>Kết quả: {i.resolution}</Typography.Paragraph>}
            </>
          ),
        }}
        columns={[
          { title: 'Số', dataIndex: 'code', width: 140 },
          {
            title: 'Mức độ',
            width: 150,
            render: (_, i) => <Tag color={severityColor[i.severity]}>{severityName[i.severity]}</Tag>,
          },
          { title: 'Sự cố', dataIndex: 'title' },
          { title: 'Trạng thái', width: 120, render: (_, i) => statusName[i.status] },
          {
            title: 'Hạn tiếp nhận / khắc phục',
            width: 250,
            render: (_, i) => (
              <Typography.Text type={i.lateAcknowledge || i.lateResolve ? 'danger' : undefined}>
                {formatInstant(i.acknowledgeBy)} / {formatInstant(i.resolveBy)}
              </Typography.Text>
            ),
          },
          ...(supports
            ? [
                {
                  title: 'Xử lý',
                  width: 330,
                  render: (_: unknown, i: Incident) =>
                    i.status === 'closed' ? null : i.status === 'open' ? (
                      <Button
                        size="small"
                        onClick={() =>
                          act.mutate({ i, body: { type: 'acknowledge', expectedVersion: i.version } })
                        }
                      >
                        Tiếp nhận
                      </Button>
                    ) : (
                      <Space.Compact>
                        <Input
                          size="small"
                          aria-label={`Ghi chú ${i.code}`}
                          placeholder="Ghi chú xử lý / kết quả"
                          value={note[i.code] ?? ''}
                          onChange={(e) => setNote({ ...note, [i.code]: e.target.value })}
                        />
                        <Button
                          size="small"
                          disabled={!note[i.code]?.trim()}
                          onClick={() =>
                            act.mutate({
                              i,
                              body: { type: 'work', note: note[i.code] ?? '', expectedVersion: i.version },
                            })
                          }
                        >
                          Cập nhật
                        </Button>
                        <Button
                          size="small"
                          disabled={!note[i.code]?.trim()}
                          onClick={() =>
                            act.mutate({
                              i,
                              body: {
                                type: 'close',
                                resolution: note[i.code] ?? '',
                                expectedVersion: i.version,
                              },
                            })
                          }
                        >
                          Đóng
                        </Button>
                      </Space.Compact>
                    ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

function ReportIncident({ me }: { me: Me }) {
  const client = useQueryClient();
  const [form] = Form.useForm<BodyOf<'/api/v1/incidents', 'post'>>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const open = useMutation({
    mutationFn: (body: BodyOf<'/api/v1/incidents', 'post'>) =>
      ok(
        api.POST('/api/v1/incidents', {
          body,
          headers: { ...csrfHeader(me.csrfToken), 'idempotency-key': key },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      setKey(crypto.randomUUID());
      void client.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  return (
    <Card size="small" title="Báo sự cố" style={{ margin: '16px 0' }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ severity: 'medium' }}
        onFinish={(v) => open.mutate(v)}
      >
        <Space wrap align="start">
          <Form.Item name="title" label="Tên sự cố" rules={[{ required: true, message: 'Nhập tên sự cố' }]}>
            <Input maxLength={200} style={{ width: 360 }} />
          </Form.Item>
          <Form.Item name="severity" label="Mức độ">
            <Select
              style={{ width: 200 }}
              options={Object.entries(severityName).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="province" label="Tỉnh bị ảnh hưởng">
            <ProvinceFilter placeholder="Tỉnh của bạn" label="Tỉnh bị ảnh hưởng" width={220} />
          </Form.Item>
          <Form.Item name="procedure" label="Mã thủ tục (nếu có)">
            <Input maxLength={60} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label="Mô tả" rules={[{ required: true, message: 'Mô tả sự cố' }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        {open.error && <Alert type="error" showIcon title={open.error.message} style={{ marginBottom: 8 }} />}
        {open.data && (
          <Alert
            type="success"
            showIcon
            title={`Đã báo sự cố ${open.data.code}`}
            style={{ marginBottom: 8 }}
          />
        )}
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          Báo sự cố
        </Button>
      </Form>
    </Card>
  );
}
