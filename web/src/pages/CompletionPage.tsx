import { useQuery } from '@tanstack/react-query';
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Table, Tag, Tooltip, Typography } from 'antd';
import { formatPercent } from '../../../src/domain/reports/completionRate.js';
import { api, ok, type AnswerOf } from '../api';
import { Guide } from '../components/Guide';

type Row = AnswerOf<'/api/v1/reports/completion', 'get'>['items'][number];
type ProcedureRow = AnswerOf<'/api/v1/reports/completion/{ministry}', 'get'>['items'][number];

/** One ministry's procedures: how many provinces have each central, and which have not yet. */
function MinistryProcedures({ ministry }: { ministry: string }) {
  const detail = useQuery({
    queryKey: ['completion', ministry],
    queryFn: () => ok(api.GET('/api/v1/reports/completion/{ministry}', { params: { path: { ministry } } })),
  });
  if (detail.error) return <Alert type="error" showIcon title={detail.error.message} />;
  return (
    <Table<ProcedureRow>
      rowKey="code"
      size="small"
      loading={detail.isLoading}
      dataSource={detail.data?.items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      aria-label="Thủ tục của bộ"
      columns={[
        { title: 'Mã', dataIndex: 'code', width: 120 },
        { title: 'Thủ tục', dataIndex: 'name' },
        {
          title: 'Tỉnh đã tập trung',
          key: 'central',
          width: 150,
          align: 'right',
          render: (_, p) => `${p.central}/${p.provinces}`,
        },
        {
          title: 'Chưa chuyển',
          key: 'missing',
          width: 320,
          render: (_, p) =>
            p.missing.length === 0 ? (
              <Tag color="green">Cả nước</Tag>
            ) : p.missing.length > 6 ? (
              <Tooltip title={p.missing.map((m) => m.name).join(', ')}>
                <span>{p.missing.length} tỉnh, thành phố</span>
              </Tooltip>
            ) : (
              p.missing.map((m) => m.name).join(', ')
            ),
        },
      ]}
    />
  );
}

/** Seed 004's appendix, computed from the catalog and the deployment routes in force now. */
export function CompletionPage() {
  const table = useQuery({
    queryKey: ['completion'],
    queryFn: () => ok(api.GET('/api/v1/reports/completion')),
  });
  return (
    <>
      <Typography.Title level={2}>Tỷ lệ triển khai tập trung theo bộ</Typography.Title>
      <Guide title="Cách tính">
        Số thủ tục cấp tỉnh, cấp xã đã chuyển tuyến “Hệ thống tập trung” tại cả 34 tỉnh, thành phố chia cho số
        thủ tục phải triển khai của bộ. Tỷ lệ được tính chính xác, không làm tròn lên 100 %; dòng có tử số lớn
        hơn mẫu số được đánh dấu là dữ liệu sai cần rà soát. Cột “Đã bắt đầu” đếm thủ tục tập trung ở ít nhất
        một tỉnh. Mở một bộ (dấu + đầu dòng) để xem từng thủ tục: số tỉnh đã chuyển và các tỉnh chưa chuyển,
        thủ tục triển khai ít nhất lên trước.
      </Guide>
      <Button icon={<DownloadOutlined />} href="/api/v1/reports/completion.xlsx" style={{ marginBottom: 16 }}>
        Xuất Excel
      </Button>
      {table.error && <Alert type="error" showIcon title={table.error.message} />}
      <Table<Row>
        rowKey={(r) => r.ministry.code}
        size="small"
        loading={table.isLoading}
        dataSource={table.data?.items}
        pagination={false}
        expandable={{ expandedRowRender: (r) => <MinistryProcedures ministry={r.ministry.code} /> }}
        columns={[
          { title: 'Bộ, ngành', dataIndex: ['ministry', 'name'] },
          { title: 'Đã triển khai tập trung', dataIndex: 'deployed', width: 180, align: 'right' },
          { title: 'Phải triển khai', dataIndex: 'required', width: 150, align: 'right' },
          { title: 'Đã bắt đầu', dataIndex: 'started', width: 120, align: 'right' },
          {
            title: 'Tỷ lệ',
            key: 'rate',
            width: 200,
            align: 'right',
            render: (_, r) =>
              r.flagged ? (
                <Tooltip title="Số đã triển khai lớn hơn số phải triển khai: dữ liệu mâu thuẫn">
                  <Tag color="red">{formatPercent(r.percent)} — dữ liệu sai</Tag>
                </Tooltip>
              ) : (
                formatPercent(r.percent)
              ),
          },
        ]}
      />
    </>
  );
}
