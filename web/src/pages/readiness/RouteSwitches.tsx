import { Card, Popover, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { AnswerOf } from '../../api';
import { formatInstant } from '../../format';
import { paths } from '../../paths';

type Board = AnswerOf<'/api/v1/readiness', 'get'>;
type Switch = Board['switches'][number];

/**
 * The go-live gate on the board: switches to central reception ahead with the gaps they would have
 * on their day, and those a ministry leader decided over the gate, with the written reason.
 */
export function RouteSwitches({ board }: { board: Board }) {
  const provinceName = (code: string) => board.provinces.find((p) => p.code === code)?.name ?? code;
  const stranded = Object.entries(board.strandedAgencies).filter(([, n]) => n > 0);
  return (
    <Card
      size="small"
      title="Chuyển sang hệ thống tập trung: cổng kiểm tra trước khi vận hành"
      style={{ marginBottom: 16 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {stranded.length === 0
          ? 'Không tỉnh nào có cơ quan được gắn bước xử lý mà thiếu người giữ vai trò.'
          : `Sẽ để hồ sơ không người nhận tại: ${stranded
              .map(([p, n]) => `${provinceName(p)} ${n} cơ quan`)
              .join('; ')}.`}
      </Typography.Paragraph>
      <Table<Switch>
        size="small"
        rowKey={(s) => `${s.procedureCode}/${s.provinceCode}/${s.effectiveFrom}`}
        dataSource={board.switches}
        pagination={false}
        locale={{ emptyText: 'Không có lần chuyển nào sắp tới hay được quyết định vượt cổng' }}
        columns={[
          {
            title: 'Thủ tục',
            render: (_, s) => <Link to={paths.procedure(s.procedureCode)}>{s.procedureName}</Link>,
          },
          { title: 'Tỉnh, thành phố', width: 180, render: (_, s) => provinceName(s.provinceCode) },
          { title: 'Từ', width: 130, render: (_, s) => formatInstant(s.effectiveFrom) },
          {
            title: 'Cơ quan thiếu người vào ngày đó',
            width: 220,
            render: (_, s) =>
              s.gaps.length === 0 ? (
                <Tag color="green">Đủ người</Tag>
              ) : (
                <Popover
                  title="Thiếu người giữ vai trò"
                  content={
                    <ul style={{ maxHeight: 240, overflowY: 'auto', margin: 0, paddingInlineStart: 18 }}>
                      {s.gaps.map((g) => (
                        <li key={`${g.agencyCode}/${g.message}`}>{g.message}</li>
                      ))}
                    </ul>
                  }
                >
                  <Tag color="red" tabIndex={0}>
                    {s.gaps.length} chỗ thiếu
                  </Tag>
                </Popover>
              ),
          },
          {
            title: 'Quyết định vượt cổng',
            render: (_, s) =>
              s.override ? (
                <>
                  <Tag color="orange">{s.override.by ?? 'Lãnh đạo bộ'}</Tag> {s.override.reason}
                </>
              ) : s.upcoming ? (
                'Sắp tới'
              ) : (
                ''
              ),
          },
        ]}
      />
    </Card>
  );
}
