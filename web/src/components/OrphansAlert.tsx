import { useQuery } from '@tanstack/react-query';
import { Alert, Table } from 'antd';
import { Link } from 'react-router-dom';
import { vi } from '../../../src/domain/i18n/vi.js';
import { api, ok, type AnswerOf } from '../api';
import { useNow } from '../hooks';
import { paths } from '../paths';

type OrphanGroup = AnswerOf<'/api/v1/dossiers/orphans', 'get'>['items'][number];

const waited = (since: string, now: number) => {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} phút`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} giờ`;
  return `${Math.floor(minutes / (24 * 60))} ngày`;
};

/**
 * Dossiers waiting where nobody holds the role their step needs (the Hà Nội 270 case of seed 004),
 * by agency: shown in red at the top of the steering screen, refreshed every minute, for the
 * administrators, leaders and monitors above those agencies.
 */
export function OrphansAlert() {
  const now = useNow();
  const orphans = useQuery({
    queryKey: ['orphans'],
    queryFn: () => ok(api.GET('/api/v1/dossiers/orphans')),
    refetchInterval: 60_000,
    retry: false,
  });
  const items = orphans.data?.items ?? [];
  if (items.length === 0) return null;
  const total = items.reduce((n, g) => n + g.count, 0);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={`${total} hồ sơ đang nằm ở nơi không có người xử lý`}
      description={
        <>
          <div style={{ marginBottom: 8 }}>
            Cơ quan dưới đây không còn tài khoản nào giữ vai trò mà bước xử lý cần: giao vai trò (Tài khoản,
            phân quyền) để hồ sơ được nhận và xử lý.
          </div>
          <Table<OrphanGroup>
            size="small"
            pagination={false}
            rowKey={(g) => `${g.agency.code}-${g.role}`}
            dataSource={items}
            aria-label="Hồ sơ không có người xử lý"
            columns={[
              {
                title: 'Cơ quan',
                render: (_, g) => <Link to={paths.agency(g.agency.code)}>{g.agency.name}</Link>,
              },
              {
                title: 'Thiếu vai trò',
                width: 150,
                render: (_, g) => vi.role[g.role as keyof typeof vi.role] ?? g.role,
              },
              { title: 'Số hồ sơ', dataIndex: 'count', width: 90, align: 'right' },
              { title: 'Đã chờ', width: 100, render: (_, g) => waited(g.waitingSince, now) },
              {
                title: 'Hồ sơ',
                render: (_, g) =>
                  g.codes.slice(0, 3).map((c) => (
                    <div key={c}>
                      <Link to={paths.dossier(c)}>{c}</Link>
                    </div>
                  )),
              },
            ]}
          />
        </>
      }
    />
  );
}
