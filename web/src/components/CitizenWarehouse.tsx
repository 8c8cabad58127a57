import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Switch, Table, Tag, Typography } from 'antd';
import type { WarehouseAccessView, WarehouseItemView } from '../../../src/contracts/warehouse.js';
import { api, ok, csrfHeader } from '../api';
import { formatDay, formatInstant } from '../format';

const actionName: Record<WarehouseAccessView['action'], string> = {
  list: 'Đối chiếu khi tiếp nhận',
  view: 'Xem',
  reuse: 'Dùng cho hồ sơ',
};

/** The signed-in citizen's data warehouse: their e-results and digitized papers, consent, and who accessed them. */
export function CitizenWarehouse() {
  const client = useQueryClient();
  const items = useQuery({
    queryKey: ['citizen-warehouse'],
    queryFn: () => ok(api.GET('/api/v1/citizen/warehouse')),
  });
  const access = useQuery({
    queryKey: ['citizen-warehouse-access'],
    queryFn: () => ok(api.GET('/api/v1/citizen/warehouse/access')),
  });
  const consent = useMutation({
    mutationFn: (v: { id: string; reusable: boolean }) =>
      ok(
        api.PATCH('/api/v1/citizen/warehouse/{id}', {
          params: { path: { id: v.id } },
          body: { reusable: v.reusable },
          headers: { ...csrfHeader(undefined) },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['citizen-warehouse'] }),
  });
  return (
    <>
      <Card
        size="small"
        title="Kho dữ liệu của tôi"
        style={{ marginTop: 16 }}
        aria-label="Kho dữ liệu của tôi"
      >
        {consent.error && (
          <Alert type="error" showIcon title={consent.error.message} style={{ marginBottom: 8 }} />
        )}
        <Table<WarehouseItemView>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          loading={items.isLoading}
          dataSource={items.data?.items}
          locale={{ emptyText: 'Kho dữ liệu chưa có giấy tờ nào' }}
          columns={[
            {
              title: 'Giấy tờ',
              render: (_, r) => (
                <>
                  <Tag color={r.kind === 'result' ? 'green' : 'blue'}>
                    {r.kind === 'result' ? 'Kết quả điện tử' : 'Giấy tờ đã số hóa'}
                  </Tag>
                  <a href={`/api/v1/citizen/warehouse/${r.id}/content`} download>
                    <DownloadOutlined /> {r.title}
                  </a>
                </>
              ),
            },
            { title: 'Cơ quan cấp, số hóa', dataIndex: 'issuingAgency', width: 260 },
            {
              title: 'Ngày cấp',
              width: 100,
              render: (_, r) => (r.issuedOn ? formatDay(r.issuedOn) : formatDay(r.addedAt)),
            },
            { title: 'Từ hồ sơ', dataIndex: 'sourceDossier', width: 210 },
            {
              title: 'Cho phép dùng lại',
              width: 140,
              render: (_, r) => (
                <Switch
                  aria-label={`Cho phép dùng lại ${r.title}`}
                  checked={r.reusable}
                  loading={consent.isPending && consent.variables?.id === r.id}
                  onChange={(reusable) => consent.mutate({ id: r.id, reusable })}
                />
              ),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title="Ai đã truy cập giấy tờ của tôi"
        style={{ marginTop: 16 }}
        aria-label="Lịch sử truy cập"
      >
        <Table<WarehouseAccessView>
          rowKey={(r, i) => `${r.at}-${i}`}
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          loading={access.isLoading}
          dataSource={access.data?.items}
          locale={{ emptyText: 'Chưa có cán bộ nào truy cập' }}
          columns={[
            { title: 'Thời điểm', width: 140, render: (_, r) => formatInstant(r.at) },
            { title: 'Cán bộ', render: (_, r) => `${r.official}${r.agency ? ` — ${r.agency}` : ''}` },
            { title: 'Việc', width: 170, render: (_, r) => actionName[r.action] },
            { title: 'Giấy tờ', dataIndex: 'item' },
            {
              title: 'Mục đích',
              render: (_, r) => <Typography.Text>{r.purpose}</Typography.Text>,
            },
          ]}
        />
      </Card>
    </>
  );
}
