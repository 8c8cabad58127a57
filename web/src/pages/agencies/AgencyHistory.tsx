import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api, ok } from '../../api';
import { useMe } from '../../auth';
import { formatDay, formatInstant } from '../../format';
import { paths } from '../../paths';

const changeName = { created: 'Thành lập', updated: 'Thay đổi', closed: 'Đóng', merged: 'Sáp nhập' } as const;
const sourceName = { api: 'Trên màn hình', import: 'Nhập từ tệp', seed: 'Dữ liệu nền' } as const;

/** What an agency was called and where it sat, revision by revision, with the day each took effect. */
export function AgencyHistory({ code }: { code: string }) {
  const me = useMe().data;
  const history = useQuery({
    queryKey: ['agency-history', code],
    queryFn: () => ok(api.GET('/api/v1/agencies/{code}/history', { params: { path: { code } } })),
    enabled: !!me,
  });
  if (!me) return null;
  return (
    <Table
      size="small"
      rowKey="revision"
      loading={history.isLoading}
      dataSource={history.data?.items}
      title={() => <strong>Lịch sử thay đổi</strong>}
      pagination={false}
      style={{ marginTop: 24 }}
      columns={[
        { title: 'Lần', dataIndex: 'revision', width: 60 },
        {
          title: 'Thay đổi',
          dataIndex: 'change',
          width: 110,
          render: (c: keyof typeof changeName) => <Tag>{changeName[c]}</Tag>,
        },
        { title: 'Tên', dataIndex: 'name' },
        {
          title: 'Cơ quan cấp trên',
          dataIndex: 'parentCode',
          width: 150,
          render: (p: string | null) => (p ? <Link to={paths.agency(p)}>{p}</Link> : '—'),
        },
        { title: 'Có hiệu lực', dataIndex: 'effectiveOn', width: 110, render: (d: string) => formatDay(d) },
        {
          title: 'Hết hiệu lực',
          dataIndex: 'validTo',
          width: 110,
          render: (d: string | null, r) =>
            d ? (
              <>
                {formatDay(d)}
                {r.successorCode ? (
                  <div>
                    vào <Link to={paths.agency(r.successorCode)}>{r.successorCode}</Link>
                  </div>
                ) : null}
              </>
            ) : (
              ''
            ),
        },
        {
          title: 'Người thực hiện',
          width: 200,
          render: (_, r) => `${r.changedBy ?? sourceName[r.source]} · ${formatInstant(r.changedAt)}`,
        },
      ]}
    />
  );
}
