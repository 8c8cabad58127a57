import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type {
  DestinationStats,
  ParkedMessage,
  ReconciliationReport,
} from '../../../src/contracts/integrations.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok, csrfHeader } from '../api';
import { Guide } from '../components/Guide';
import { RequireStaff } from '../components/RequireStaff';
import { formatDay, formatInstant } from '../format';
import { paths } from '../paths';

export function IntegrationsPage() {
  return (
    <RequireStaff permission="integration.manage">
      {(me) => <Integrations csrf={me.csrfToken} />}
    </RequireStaff>
  );
}

const destinationName: Record<string, string> = vi.destination;

const age = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds < 60
      ? `${seconds} giây`
      : seconds < 3600
        ? `${Math.floor(seconds / 60)} phút`
        : `${Math.floor(seconds / 3600)} giờ ${Math.floor((seconds % 3600) / 60)} phút`;

/** The integration hub as an operator watches it: queues, parked messages, reconciliation. */
function Integrations({ csrf }: { csrf: string | undefined }) {
  const client = useQueryClient();
  const stats = useQuery({
    queryKey: ['outbox'],
    queryFn: () => ok(api.GET('/api/v1/integrations/outbox')),
    refetchInterval: 5000,
  });
  const parked = useQuery({
    queryKey: ['outbox', 'parked'],
    queryFn: () => ok(api.GET('/api/v1/integrations/outbox/parked', { params: { query: { limit: 200 } } })),
    refetchInterval: 5000,
  });
  const reports = useQuery({
    queryKey: ['reconciliations'],
    queryFn: () => ok(api.GET('/api/v1/integrations/reconciliations', { params: { query: { limit: 5 } } })),
  });
  const [selected, setSelected] = useState<string[]>([]);
  const replay = useMutation({
    mutationFn: (ids: string[]) =>
      ok(api.POST('/api/v1/integrations/outbox/replay', { body: { ids }, headers: { ...csrfHeader(csrf) } })),
    onSuccess: () => {
      setSelected([]);
      void client.invalidateQueries({ queryKey: ['outbox'] });
    },
  });
  const [day, setDay] = useState<Dayjs>(dayjs().subtract(1, 'day'));
  const reconcile = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/integrations/reconciliations', {
          body: { day: day.format('YYYY-MM-DD') },
          headers: { ...csrfHeader(csrf) },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['reconciliations'] }),
  });
  const latest = reports.data?.items[0];
  const parkedItems = parked.data?.items ?? [];

  return (
    <>
      <Typography.Title level={2}>Trục tích hợp</Typography.Title>
      <Guide title="Theo dõi việc gửi tin ra các hệ thống bên ngoài">
        Mỗi thay đổi cần báo ra ngoài (Cổng DVCQG, SMS, thư điện tử) được ghi cùng lúc với thao tác trên hồ sơ
        rồi gửi đi theo thứ tự của từng hồ sơ; gặp lỗi thì tự thử lại, giãn dần. Tin <b>dừng gửi</b> là tin bị
        từ chối hoặc đã thử quá số lần: chúng giữ lại các tin sau của cùng hồ sơ. Sửa nguyên nhân (xem cột
        Lỗi), chọn tin bằng phím Space, rồi bấm <b>Gửi lại</b>. <b>Đối soát</b> so danh sách hồ sơ của một
        ngày với Cổng DVCQG và tự gửi lại hồ sơ thiếu hoặc lệch (trạng thái, hạn trả, thanh toán, số tài liệu,
        kết quả, đánh giá: tên trường lệch ghi trong ngoặc); việc này cũng chạy tự động lúc 1 giờ sáng cho
        ngày hôm trước.
      </Guide>
      {stats.error && (
        <Alert type="error" showIcon title={stats.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<DestinationStats>
        rowKey="destination"
        size="small"
        bordered
        pagination={false}
        style={{ marginBottom: 16 }}
        loading={stats.isLoading}
        dataSource={stats.data?.items}
        aria-label="Hàng đợi theo hệ thống nhận"
        columns={[
          {
            title: 'Hệ thống nhận',
            dataIndex: 'destination',
            render: (d: string, r) => (
              <Space>
                {destinationName[d] ?? d}
                {r.dead > 0 ? <Tag color="red">{r.dead} dừng gửi</Tag> : <Tag color="green">Bình thường</Tag>}
              </Space>
            ),
          },
          { title: 'Chờ gửi', dataIndex: 'waiting', width: 90, align: 'right' },
          { title: 'Chờ thử lại', dataIndex: 'retrying', width: 100, align: 'right' },
          { title: 'Đang gửi', dataIndex: 'inFlight', width: 90, align: 'right' },
          {
            title: 'Dừng gửi',
            dataIndex: 'dead',
            width: 90,
            align: 'right',
            render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
          },
          { title: 'Tin cũ nhất chưa gửi', dataIndex: 'oldestSeconds', width: 170, render: age },
          { title: 'Đã gửi/phút', dataIndex: 'sentLastMinute', width: 110, align: 'right' },
          { title: 'Đã gửi/15 phút', dataIndex: 'sentLast15Minutes', width: 130, align: 'right' },
        ]}
      />

      <Card
        size="small"
        title={`Tin dừng gửi (${parkedItems.length})`}
        style={{ marginBottom: 16 }}
        extra={
          <Space>
            <Button
              disabled={selected.length === 0}
              loading={replay.isPending}
              type="primary"
              onClick={() => replay.mutate(selected)}
            >
              Gửi lại {selected.length > 0 ? `${selected.length} tin` : ''}
            </Button>
            <Button
              disabled={parkedItems.length === 0}
              onClick={() => replay.mutate(parkedItems.map((p) => p.id))}
            >
              Gửi lại tất cả
            </Button>
          </Space>
        }
      >
        {replay.data && (
          <Alert
            type="success"
            showIcon
            title={`Đã xếp gửi lại ${replay.data.replayed} tin`}
            style={{ marginBottom: 8 }}
          />
        )}
        {replay.error && (
          <Alert type="error" showIcon title={replay.error.message} style={{ marginBottom: 8 }} />
        )}
        <Table<ParkedMessage>
          rowKey="id"
          size="small"
          pagination={false}
          loading={parked.isFetching && !parked.data}
          dataSource={parkedItems}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
          locale={{ emptyText: 'Không có tin nào dừng gửi' }}
          columns={[
            {
              title: 'Nơi nhận',
              dataIndex: 'destination',
              width: 150,
              render: (d: string) => destinationName[d] ?? d,
            },
            {
              title: 'Hồ sơ',
              dataIndex: 'dossierCode',
              width: 230,
              render: (c: string | null) => (c ? <Link to={paths.dossier(c)}>{c}</Link> : '—'),
            },
            { title: 'Lần thử', dataIndex: 'attempts', width: 80 },
            { title: 'Tin chờ phía sau', dataIndex: 'blocked', width: 120 },
            { title: 'Tạo lúc', dataIndex: 'createdAt', width: 150, render: (v: string) => formatInstant(v) },
            { title: 'Lỗi', dataIndex: 'lastError', ellipsis: { showTitle: true } },
          ]}
        />
      </Card>

      <Card
        size="small"
        title="Đối soát với Cổng DVCQG"
        extra={
          <Space>
            <DatePicker
              aria-label="Ngày đối soát"
              format="DD/MM/YYYY"
              value={day}
              allowClear={false}
              onChange={(d) => d && setDay(d)}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            />
            <Button type="primary" loading={reconcile.isPending} onClick={() => reconcile.mutate()}>
              Đối soát ngay
            </Button>
          </Space>
        }
      >
        {reconcile.error && (
          <Alert type="error" showIcon title={reconcile.error.message} style={{ marginBottom: 8 }} />
        )}
        {latest ? (
          <ReconciliationView report={latest} />
        ) : (
          <Typography.Text type="secondary">Chưa có lần đối soát nào.</Typography.Text>
        )}
      </Card>
    </>
  );
}

function ReconciliationView({ report }: { report: ReconciliationReport }) {
  const clean =
    report.missing.length + report.mismatched.length + report.duplicates.length + report.unknown.length === 0;
  const agencies = Object.entries(report.byAgency).map(([agency, c]) => ({ agency, ...c }));
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, lg: 3 }} bordered style={{ marginBottom: 8 }}>
        <Descriptions.Item label="Ngày">{formatDay(report.day)}</Descriptions.Item>
        <Descriptions.Item label="Chạy lúc">
          {formatInstant(report.ranAt)} ({report.trigger === 'schedule' ? 'tự động' : 'theo yêu cầu'})
        </Descriptions.Item>
        <Descriptions.Item label="Kết quả">
          {clean ? <Tag color="green">Khớp</Tag> : <Tag color="red">Có chênh lệch</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="Hồ sơ của hệ thống">{report.ours}</Descriptions.Item>
        <Descriptions.Item label="Hồ sơ trên Cổng">{report.theirs}</Descriptions.Item>
        <Descriptions.Item label="Đang trên đường gửi">{report.inFlight}</Descriptions.Item>
        <Descriptions.Item label="Cổng thiếu">{report.missing.join(', ') || '0'}</Descriptions.Item>
        <Descriptions.Item label="Lệch trạng thái">
          {report.mismatched
            .map(
              (m) =>
                `${m.code} (${m.fields?.length ? m.fields.join(', ') : `ta ${m.ours}, Cổng ${m.theirs}`})`,
            )
            .join(', ') || '0'}
        </Descriptions.Item>
        <Descriptions.Item label="Trùng trên Cổng">{report.duplicates.join(', ') || '0'}</Descriptions.Item>
        <Descriptions.Item label="Cổng có, hệ thống không có">
          {report.unknown.join(', ') || '0'}
        </Descriptions.Item>
        <Descriptions.Item label="Đã xếp gửi lại">{report.requeued}</Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="agency"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={agencies}
        columns={[
          {
            title: 'Cơ quan',
            dataIndex: 'agency',
            render: (a: string) => <Link to={paths.agency(a)}>{a}</Link>,
          },
          { title: 'Hệ thống', dataIndex: 'ours', width: 100 },
          { title: 'Cổng', dataIndex: 'theirs', width: 100 },
          { title: 'Thiếu', dataIndex: 'missing', width: 100 },
          { title: 'Lệch', dataIndex: 'mismatched', width: 100 },
        ]}
      />
    </>
  );
}
