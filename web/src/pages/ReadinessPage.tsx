import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ReadinessCell } from '../../../src/domain/catalog/readiness.js';
import { vi } from '../../../src/domain/i18n/vi.js';
import { getJson } from '../api';
import { Guide } from '../components/Guide';
import { RequireStaff } from '../components/RequireStaff';
import { paths } from '../paths';

interface Board {
  provinces: { code: string; name: string }[];
  rows: { code: string; name: string; cells: Record<string, ReadinessCell> }[];
}

export function ReadinessPage() {
  return <RequireStaff permission="account.read">{() => <ReadinessBoard />}</RequireStaff>;
}

/** Procedures × provinces, green when ready; hovering a red cell lists the criteria not met. */
function ReadinessBoard() {
  const board = useQuery({ queryKey: ['readiness'], queryFn: () => getJson<Board>('/api/v1/readiness') });
  const provinces = board.data?.provinces ?? [];
  return (
    <>
      <Typography.Title level={2}>Mức độ sẵn sàng triển khai</Typography.Title>
      <Guide title="Đọc bảng sẵn sàng">
        Mỗi ô là một thủ tục tại một tỉnh, thành phố: xanh khi đạt mọi tiêu chí (đã công bố, có quy trình, có
        biểu mẫu điện tử nếu trực tuyến, tỉnh đã gắn quy trình với cơ quan, mọi cơ quan được gắn đều có cán bộ
        một cửa, chuyên viên và lãnh đạo); đỏ khi còn thiếu — di chuột vào ô để xem tiêu chí chưa đạt.
      </Guide>
      {board.error && <Alert type="error" showIcon title={board.error.message} />}
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
              const label = c.ready ? 'Sẵn sàng' : c.failing.map((f) => vi.readinessCriterion[f]).join('; ');
              return (
                <Tooltip title={`${p.name}: ${label}`}>
                  <span
                    role="img"
                    aria-label={`${r.code} ${p.name}: ${c.ready ? 'sẵn sàng' : 'chưa sẵn sàng'}`}
                    style={{
                      display: 'inline-block',
                      width: 18,
                      height: 18,
                      borderRadius: 4,
                      background: c.ready ? '#52c41a' : '#ff7875',
                    }}
                  />
                </Tooltip>
              );
            },
          })),
        ]}
      />
    </>
  );
}
