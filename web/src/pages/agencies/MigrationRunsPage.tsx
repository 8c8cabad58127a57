import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Card,
  Col,
  Descriptions,
  Empty,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Link } from 'react-router-dom';
import type { MigrationRunView } from '../../../../src/contracts/migration.js';
import { vi } from '../../../../src/domain/i18n/vi.js';
import { api, ok } from '../../api';
import { formatInstant } from '../../format';
import { Guide } from '../../components/Guide';
import { RequireStaff } from '../../components/RequireStaff';
import { paths } from '../../paths';

const stateTag: Record<MigrationRunView['state'], { text: string; color: string }> = {
  staging: { text: 'Đang kiểm tra, nạp quá trình xử lý', color: 'processing' },
  importing: { text: 'Đang nhập', color: 'processing' },
  done: { text: 'Đã xong', color: 'success' },
  rolled_back: { text: 'Đã gỡ bỏ', color: 'default' },
};

const skipName: Record<string, string> = {
  soft_deleted: 'Đã xóa mềm ở hệ thống cũ',
  duplicate_history: 'Dòng quá trình xử lý ghi trùng',
  of_refused_dossier: 'Thuộc hồ sơ bị từ chối',
  of_deleted_dossier: 'Thuộc hồ sơ đã xóa',
  stays_provincial: 'Đang giải quyết, thủ tục chưa tiếp nhận tập trung: ở lại hệ thống của tỉnh',
  not_written: 'Không ghi được (xem báo cáo)',
};

const n = (x: number) => x.toLocaleString('vi-VN');

/** How far a run is, as a share of the export's dossiers read and committed. */
function share(r: MigrationRunView): number {
  if (r.state === 'done') return 100;
  const total = r.progress.sourceDossiers;
  if (!total || r.state === 'staging') return 0;
  return Math.min(99, Math.floor((100 * r.progress.dossierRows) / total));
}

function Reconciliation({ r }: { r: NonNullable<MigrationRunView['reconciliation']> }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {r.defects.length === 0 ? (
        <Alert
          type="success"
          showIcon
          title="Đối soát khớp: mọi hồ sơ hợp lệ đã được nhập, hoặc ở lại hệ thống của tỉnh, hoặc có lý do"
        />
      ) : (
        <Alert
          type="error"
          showIcon
          title={`${r.defects.length} chênh lệch chưa giải thích được`}
          description={r.defects.map((d) => `${d.what}: ${d.source} → ${d.imported}`).join('; ')}
        />
      )}
      <Row gutter={16}>
        <Col span={4}>
          <Statistic title="Hồ sơ trong bản xuất" value={r.source.dossiers} />
        </Col>
        <Col span={4}>
          <Statistic title="Đã nhập" value={r.imported.dossiers} />
        </Col>
        <Col span={4}>
          <Statistic title="Tiếp tục xử lý tại đây" value={r.imported.inFlight} />
        </Col>
        <Col span={4}>
          <Statistic title="Ở lại hệ thống của tỉnh" value={r.staysProvincial} />
        </Col>
        <Col span={4}>
          <Statistic title="Dòng bị từ chối" value={r.refused.length} />
        </Col>
        <Col span={4}>
          <Statistic title="Chưa có người xử lý" value={r.imported.orphans} />
        </Col>
      </Row>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label="Quá trình xử lý">
          {n(r.imported.history)} / {n(r.source.history)} dòng
        </Descriptions.Item>
        <Descriptions.Item label="Giấy tờ đã nhập">{n(r.imported.documents)}</Descriptions.Item>
        <Descriptions.Item label="Kết quả đã nhập">{n(r.imported.results)}</Descriptions.Item>
      </Descriptions>
      <Row gutter={16}>
        <Col span={12}>
          <Table
            size="small"
            pagination={false}
            rowKey="status"
            title={() => <Typography.Text strong>Theo trạng thái</Typography.Text>}
            dataSource={r.byStatus}
            columns={[
              {
                title: 'Trạng thái',
                dataIndex: 'status',
                render: (s: string) => `${s} — ${vi.dossierStatus[Number(s)] ?? 'ngoài 1–10'}`,
              },
              { title: 'Trong bản xuất', dataIndex: 'source', align: 'right' },
              { title: 'Hợp lệ', dataIndex: 'valid', align: 'right' },
              { title: 'Đã nhập', dataIndex: 'imported', align: 'right' },
            ]}
          />
        </Col>
        <Col span={12}>
          <Table
            size="small"
            pagination={false}
            rowKey="reason"
            title={() => <Typography.Text strong>Bỏ qua, có lý do</Typography.Text>}
            dataSource={r.skipped}
            columns={[
              { title: 'Lý do', dataIndex: 'reason', render: (x: string) => skipName[x] ?? x },
              { title: 'Số dòng', dataIndex: 'count', align: 'right', width: 90 },
            ]}
          />
        </Col>
      </Row>
      <Table
        size="small"
        rowKey={(x) => `${x.file}:${x.row}:${x.reason}`}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        title={() => <Typography.Text strong>Dòng bị từ chối (tệp, dòng, mã, lý do)</Typography.Text>}
        dataSource={r.refused}
        columns={[
          { title: 'Tệp', dataIndex: 'file', width: 180 },
          { title: 'Dòng', dataIndex: 'row', width: 70, align: 'right' },
          { title: 'Mã', dataIndex: 'key' },
          { title: 'Lý do', dataIndex: 'reasonText' },
        ]}
      />
      {r.missingFiles.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${r.missingFiles.length} tệp đính kèm được nhắc tới nhưng không có trong bản xuất (không được tạo ra thay)`}
          description={
            <ul style={{ margin: 0 }}>
              {r.missingFiles.slice(0, 20).map((f) => (
                <li key={f}>
                  <Typography.Text code>{f}</Typography.Text>
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Space>
  );
}

/** The runs of `motcua migrate-in run` in the administrator's provinces: progress, then reconciliation. */
export function MigrationRunsPage() {
  return <RequireStaff permission="agency.manage">{() => <Runs />}</RequireStaff>;
}

function Runs() {
  const runs = useQuery({
    queryKey: ['migration-runs'],
    queryFn: () => ok(api.GET('/api/v1/migration/runs')),
    // A run in progress is followed live.
    refetchInterval: (q) =>
      q.state.data?.items.some((r) => r.state === 'staging' || r.state === 'importing') ? 2000 : false,
  });
  const items = runs.data?.items ?? [];
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to={paths.agencies}>Cơ quan, đơn vị</Link> }, { title: 'Chuyển đổi dữ liệu' }]}
      />
      <Typography.Title level={3}>Chuyển đổi dữ liệu từ hệ thống một cửa của tỉnh</Typography.Title>
      <Guide title="Theo dõi các lần nhập và đối soát">
        Mỗi lần chạy <Typography.Text code>motcua migrate-in run</Typography.Text> hiện ở đây với tiến độ (tự
        cập nhật mỗi 2 giây). Khi xong, bảng đối soát so bản xuất với dữ liệu đã nhập: theo trạng thái, các
        dòng bị từ chối và lý do, các dòng bỏ qua, tệp đính kèm thiếu. Chỉ ký xác nhận đối soát khi không còn
        chênh lệch chưa giải thích; hồ sơ “chưa có người xử lý” cần phân quyền cho cơ quan được ánh xạ trước
        giờ chuyển đổi.
      </Guide>
      {runs.isError && <Alert type="error" showIcon title="Không tải được danh sách" />}
      {items.length === 0 && !runs.isLoading && (
        <Empty description="Chưa có lần nhập nào trong phạm vi của bạn" />
      )}
      <Space direction="vertical" style={{ width: '100%' }}>
        {items.map((r) => (
          <Card
            key={r.id}
            size="small"
            title={
              <Space>
                <span>
                  {r.provinceName} — <Typography.Text code>{r.export}</Typography.Text>
                </span>
                <Tag color={stateTag[r.state].color}>{stateTag[r.state].text}</Tag>
              </Space>
            }
            extra={`Bắt đầu ${formatInstant(r.startedAt)}${r.finishedAt ? ` · xong ${formatInstant(r.finishedAt)}` : ''}`}
          >
            <Progress
              percent={share(r)}
              status={r.state === 'done' ? 'success' : 'active'}
              aria-label="Tiến độ nhập"
            />
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              Đã nhập {n(r.progress.imported)} hồ sơ ({n(r.progress.inFlight)} tiếp tục xử lý tại đây), cập
              nhật {n(r.progress.updated)}, không đổi {n(r.progress.unchanged)}; {n(r.progress.history)} dòng
              quá trình xử lý, {n(r.progress.documents)} giấy tờ, {n(r.progress.results)} kết quả. Cập nhật
              lúc {formatInstant(r.updatedAt)}.
            </Typography.Paragraph>
            {r.reconciliation && <Reconciliation r={r.reconciliation} />}
          </Card>
        ))}
      </Space>
    </>
  );
}
